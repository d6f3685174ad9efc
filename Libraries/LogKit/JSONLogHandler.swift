import Glibc

/// Writes each record as one JSON object per line to a file descriptor (standard output by default).
///
/// The line is built in memory and written with a single `write(2)`, so lines from different threads never
/// interleave on a pipe (writes under `PIPE_BUF` are atomic). Keys: `ts` (ISO 8601 UTC with milliseconds),
/// `level`, `logger`, `msg`, then the metadata keys (such as `request.id`) at the top level.
package struct JSONLogHandler: LogHandler {
    private let fileDescriptor: Int32

    /// A handler writing to standard output.
    package static let standardOutput = JSONLogHandler(fileDescriptor: STDOUT_FILENO)

    /// Creates a handler writing to `fileDescriptor`, which it does not own.
    package init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    package func log(_ record: LogRecord) {
        var line = JSONLogHandler.encode(record)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return  // A closed or full log sink must never take the service down.
                }
            }
        }
    }

    /// The JSON bytes of one record, without the trailing newline.
    package static func encode(_ record: LogRecord) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + record.message.utf8.count)
        out.append(contentsOf: #"{"ts":""#.utf8)
        out.append(contentsOf: ISO8601.format(milliseconds: record.timestampMilliseconds).utf8)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: record.level.description.utf8)
        out.append(contentsOf: #"","logger":"#.utf8)
        appendJSONString(record.label, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        appendJSONString(record.message, to: &out)
        for key in record.metadata.keys.sorted() {
            guard !["ts", "level", "logger", "msg"].contains(key) else { continue }
            out.append(UInt8(ascii: ","))
            appendJSONString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendJSONString(record.metadata[key]!, to: &out)
        }
        if record.level >= .error {
            out.append(contentsOf: #","source":"#.utf8)
            appendJSONString("\(record.file):\(record.line)", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `string` as a quoted JSON string, escaping quotes, backslashes and control characters.
    package static func appendJSONString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

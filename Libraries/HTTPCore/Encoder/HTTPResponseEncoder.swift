/// Serialises HTTP/1.1 response heads and chunked body framing into a byte buffer.
///
/// The encoder appends bytes and never builds a String per field. It refuses to emit anything that could
/// split a response: a field whose name is not a token or whose value contains CR, LF or another control
/// character than HTAB is dropped, and such bytes are removed from the reason phrase. `Date`,
/// `Content-Length` and `Connection` are the server's to add before calling
/// ``encodeHead(status:headers:version:into:)``.
///
/// ```swift
/// var out: [UInt8] = []
/// HTTPResponseEncoder.encodeHead(status: .ok, headers: ["Content-Length": "2"], version: .http1_1, into: &out)
/// out.append(contentsOf: "ok".utf8)
/// ```
package enum HTTPResponseEncoder {
    /// Appends the status line, the valid header fields and the empty line that ends the head.
    ///
    /// - Parameters:
    ///   - status: the status code (three digits expected) and reason phrase.
    ///   - headers: the fields, in order; invalid ones are skipped.
    ///   - version: the version written on the status line, normally the request's.
    ///   - buffer: where the bytes are appended.
    package static func encodeHead(
        status: HTTPStatus,
        headers: HTTPFields,
        version: HTTPVersion,
        into buffer: inout [UInt8]
    ) {
        // Grow the buffer once by an upper bound (status line: at most 5 + 19 + 1 + 19 + 1 + 19 + 1 + 2
        // bytes plus the reason) and write through a pointer: one growth instead of a
        // generic append per piece. The unused tail is cut off at the end.
        var bound = 96 + status.reasonPhrase.utf8.count
        for field in headers { bound += field.name.utf8.count + field.value.utf8.count + 4 }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: bound))
        let end = buffer.withUnsafeMutableBufferPointer { output in
            var writer = ByteWriter(output: output, index: start)
            writer.writeStatusLine(status: status, version: version)
            for field in headers { writer.writeField(name: field.name, value: field.value) }
            writer.write("\r\n")
            return writer.index
        }
        buffer.removeLast(buffer.count - end)
    }

    /// Appends one chunk: its size in hex, CRLF, the bytes and CRLF.
    ///
    /// An empty collection appends nothing, because a zero-size chunk would end the body; use
    /// ``encodeLastChunk(into:)`` for that.
    package static func encodeChunk(_ bytes: some Collection<UInt8>, into buffer: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        buffer.reserveCapacity(buffer.count + count + 20)
        var digits = 1
        while digits < 16 && count >> (4 * digits) != 0 { digits += 1 }
        for shift in stride(from: 4 * (digits - 1), through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: (count >> shift) & 0xF)
            buffer.append(nibble < 10 ? nibble &+ 0x30 : nibble &+ 0x57)
        }
        buffer.append(HTTPSyntax.cr)
        buffer.append(HTTPSyntax.lf)
        buffer.append(contentsOf: bytes)
        buffer.append(HTTPSyntax.cr)
        buffer.append(HTTPSyntax.lf)
    }

    /// Appends the last chunk with no trailers, `0 CRLF CRLF`, which ends a chunked body.
    package static func encodeLastChunk(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0x30, HTTPSyntax.cr, HTTPSyntax.lf, HTTPSyntax.cr, HTTPSyntax.lf])
    }
}

/// Writes bytes into preallocated space; the caller guarantees room (see the bound in `encodeHead`).
private struct ByteWriter {
    let output: UnsafeMutableBufferPointer<UInt8>
    var index: Int

    mutating func write(_ byte: UInt8) {
        output[index] = byte
        index += 1
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, let base = output.baseAddress else { return }
        precondition(index + bytes.count <= output.count, "ByteWriter bound exceeded")
        (base + index).update(from: source, count: bytes.count)
        index += bytes.count
    }

    mutating func write(_ string: StaticString) {
        write(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Writes a non-negative decimal of at most 20 digits (negative values are written as 0).
    mutating func writeDecimal(_ value: Int) {
        guard value > 0 else { return write(0x30) }
        var digits = 0
        var rest = value
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        rest = value
        for position in stride(from: index + digits - 1, through: index, by: -1) {
            output[position] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
            rest /= 10
        }
        index += digits
    }

    mutating func writeStatusLine(status: HTTPStatus, version: HTTPVersion) {
        if version == .http1_1 {
            write("HTTP/1.1 ")
        } else {
            write("HTTP/")
            writeDecimal(version.major)
            write(UInt8(ascii: "."))
            writeDecimal(version.minor)
            write(HTTPSyntax.space)
        }
        writeDecimal(status.code)
        write(HTTPSyntax.space)
        withUTF8(status.reasonPhrase) { reason in
            if HTTPSyntax.isSpaceOrVisibleASCII(reason) {
                write(reason)
            } else {
                for byte in reason where HTTPSyntax.isFieldValueChar(byte) { write(byte) }
            }
        }
        write("\r\n")
    }

    /// Writes `name: value CRLF`, or nothing when the name is not a token or the value holds CR, LF, NUL
    /// or another control character than HTAB.
    mutating func writeField(name: String, value: String) {
        withUTF8(name) { name in
            withUTF8(value) { value in
                guard Self.isValidName(name), Self.isValidValue(value) else { return }
                write(name)
                write(HTTPSyntax.colon)
                write(HTTPSyntax.space)
                write(value)
                write("\r\n")
            }
        }
    }

    private static func isValidName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        for byte in bytes where !HTTPSyntax.isTokenChar(byte) { return false }
        return true
    }

    private static func isValidValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if HTTPSyntax.isSpaceOrVisibleASCII(bytes) { return true }
        for byte in bytes where !HTTPSyntax.isFieldValueChar(byte) { return false }
        return true
    }

    /// Runs `body` on the string's UTF-8 bytes, copying only for a String without contiguous storage.
    private func withUTF8(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if string.utf8.withContiguousStorageIfAvailable(body) == nil {
            Array(string.utf8).withUnsafeBufferPointer(body)
        }
    }
}

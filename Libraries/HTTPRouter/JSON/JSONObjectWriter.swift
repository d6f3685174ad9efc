package import Foundation
package import HTTPCore
import LogKit

/// Writes one flat JSON object straight into bytes, for hot routes where `JSONEncoder`'s generic machinery
/// dominates the cost of a response (the public checkout object, for example).
///
/// The output is byte-for-byte what ``JSONCoding`` produces for the same values, provided fields are written
/// in ascending key order (``JSONCoding`` sorts keys): strings escaped as Foundation does (`"`, `\`, control
/// characters; `/` and non-ASCII left as is), `nil` fields left out, dates as `2026-02-17T10:00:00.000Z`.
///
/// ```swift
/// var writer = JSONObjectWriter()
/// writer.write("amount", link.amount)
/// writer.write("slug", link.slug)
/// return writer.response()
/// ```
package struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var isFirst = true

    /// Starts an object, reserving room for about `capacity` bytes.
    package init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes a string field; `nil` writes nothing.
    package mutating func write(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        writeKey(key)
        appendString(value)
    }

    /// Writes an integer field; `nil` writes nothing.
    package mutating func write(_ key: StaticString, _ value: Int64?) {
        guard let value else { return }
        writeKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes an integer field; `nil` writes nothing.
    package mutating func write(_ key: StaticString, _ value: Int?) {
        write(key, value.map(Int64.init))
    }

    /// Writes a boolean field; `nil` writes nothing.
    package mutating func write(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        writeKey(key)
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// Writes a date field in ISO 8601 UTC with milliseconds; `nil` writes nothing.
    package mutating func write(_ key: StaticString, _ value: Date?) {
        guard let value else { return }
        writeKey(key)
        let milliseconds = Int64((value.timeIntervalSince1970 * 1000).rounded(.down))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: ISO8601.format(milliseconds: milliseconds).utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Closes the object and returns its bytes.
    package consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Closes the object and wraps it in a JSON response (`Content-Type: application/json`).
    package consuming func response(status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], bytes: finish())
    }

    private mutating func writeKey(_ key: StaticString) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

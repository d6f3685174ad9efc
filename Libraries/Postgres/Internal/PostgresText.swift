/// Parsers for PostgreSQL's text representations, working on the bytes of a result column.
enum PostgresText {
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let zero = UInt8(ascii: "0")
    static let dot = UInt8(ascii: ".")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= zero + 9 }

    /// The bytes as a `String`; invalid UTF-8 is repaired (the server only sends UTF-8).
    static func string(_ bytes: Span<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// A decimal integer such as `-42`, optionally followed by a zero fraction (`42.000`, as `numeric` prints
    /// integral values); `nil` if malformed or out of `Int64`'s range.
    static func int64(_ bytes: Span<UInt8>) -> Int64? {
        var index = 0
        let count = bytes.count
        var negative = false
        if count > 0, bytes[0] == minus || bytes[0] == plus {
            negative = bytes[0] == minus
            index = 1
        }
        guard index < count, isDigit(bytes[index]) else { return nil }
        var value: Int64 = 0
        while index < count, isDigit(bytes[index]) {
            let digit = Int64(bytes[index] - zero)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if index < count, bytes[index] == dot {
            index += 1
            while index < count, bytes[index] == zero { index += 1 }
        }
        return index == count ? value : nil
    }

    /// The value of one hexadecimal digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `bytea` in the `hex` output format: `\x` followed by two hex digits per byte.
    static func bytea(_ bytes: Span<UInt8>) -> [UInt8]? {
        let count = bytes.count
        guard count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), count % 2 == 0 else {
            return nil
        }
        var result = [UInt8]()
        result.reserveCapacity((count - 2) / 2)
        var index = 2
        while index < count {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }
}

/// Percent-decoding (RFC 3986 §2.1) of path segments and query components.
package enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`), strictly.
    ///
    /// - Returns: the decoded text, or `nil` when an escape is malformed (`%`, `%4`, `%zz`) or the decoded
    ///   bytes are not valid UTF-8.
    package static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String? {
        decode(bytes, plusAsSpace: plusAsSpace, lenient: false)
    }

    /// Decodes like ``decode(_:plusAsSpace:)`` but never fails: a malformed escape is kept as written and
    /// invalid UTF-8 becomes U+FFFD. Used for query strings, where a stray `%` should not reject a request.
    package static func decodeLeniently(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> String {
        decode(bytes, plusAsSpace: plusAsSpace, lenient: true)!
    }

    private static func decode(_ bytes: some Collection<UInt8>, plusAsSpace: Bool, lenient: Bool) -> String? {
        let percent = UInt8(ascii: "%")
        let plus = UInt8(ascii: "+")
        guard bytes.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) else {
            return lenient ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            bytes.formIndex(after: &index)
            if byte == plus && plusAsSpace {
                decoded.append(UInt8(ascii: " "))
            } else if byte == percent {
                let high = index != bytes.endIndex ? hexValue(bytes[index]) : nil
                let lowIndex = index != bytes.endIndex ? bytes.index(after: index) : index
                let low = lowIndex != bytes.endIndex ? hexValue(bytes[lowIndex]) : nil
                guard let high, let low else {
                    guard lenient else { return nil }
                    decoded.append(percent)
                    continue
                }
                decoded.append(high << 4 | low)
                index = bytes.index(after: lowIndex)
            } else {
                decoded.append(byte)
            }
        }
        return lenient ? String(decoding: decoded, as: UTF8.self) : String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

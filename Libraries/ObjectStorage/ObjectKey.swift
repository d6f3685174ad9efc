/// Rules for the object keys PayLinks creates (`uploads/<seller>/<uuid>/<name>`) and the file names in them.
///
/// A valid key is 1-512 bytes of `/`-separated segments, each 1-200 bytes of `A-Z a-z 0-9 . _ -` that does
/// not start with `.`: so no `..`, no hidden files, no empty segments, nothing that needs encoding. That is
/// what makes a key safe to join to a directory on disk.
package enum ObjectKey {
    /// Whether `key` follows the rules above.
    package static func isValid(_ key: String) -> Bool {
        guard (1...512).contains(key.utf8.count) else { return false }
        return key.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isValidSegment($0) }
    }

    /// Whether one segment follows the rules above.
    package static func isValidSegment(_ segment: Substring) -> Bool {
        guard (1...200).contains(segment.utf8.count), segment.utf8.first != UInt8(ascii: ".") else { return false }
        return segment.utf8.allSatisfy(isSafeByte)
    }

    /// A file name made safe for a key segment: ASCII letters, digits, `.`, `_` and `-` kept, runs of anything
    /// else (spaces, slashes, diacritics, control bytes) become one `-`; leading dots and dashes dropped;
    /// at most 100 bytes with the extension kept; `file` when nothing is left.
    package static func sanitizedFileName(_ name: String) -> String {
        // Only the last path component of whatever the client sent.
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var out: [UInt8] = []
        var lastWasDash = false
        for scalar in base.unicodeScalars {
            if scalar.isASCII, isSafeByte(UInt8(scalar.value)) {
                out.append(UInt8(scalar.value))
                lastWasDash = scalar == "-"
            } else if let ascii = transliterated(scalar) {
                out.append(ascii)
                lastWasDash = false
            } else if !lastWasDash {
                out.append(UInt8(ascii: "-"))
                lastWasDash = true
            }
        }
        while let first = out.first, first == UInt8(ascii: ".") || first == UInt8(ascii: "-") { out.removeFirst() }
        while let last = out.last, last == UInt8(ascii: "-") || last == UInt8(ascii: ".") { out.removeLast() }
        if out.count > 100 {
            let dot = out.lastIndex(of: UInt8(ascii: "."))
            let ext = dot.map { Array(out[$0...]) }.flatMap { $0.count <= 16 ? $0 : nil } ?? []
            out = Array(out.prefix(100 - ext.count)) + ext
        }
        let text = String(decoding: out, as: UTF8.self)
        return text.isEmpty ? "file" : text
    }

    private static func isSafeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Romanian diacritics (and their cedilla variants) to ASCII.
    private static func transliterated(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "ă", "â": UInt8(ascii: "a")
        case "Ă", "Â": UInt8(ascii: "A")
        case "î": UInt8(ascii: "i")
        case "Î": UInt8(ascii: "I")
        case "ș", "ş": UInt8(ascii: "s")
        case "Ș", "Ş": UInt8(ascii: "S")
        case "ț", "ţ": UInt8(ascii: "t")
        case "Ț", "Ţ": UInt8(ascii: "T")
        default: nil
        }
    }
}

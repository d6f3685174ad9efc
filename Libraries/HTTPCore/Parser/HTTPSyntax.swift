/// Byte classes of the HTTP grammar (RFC 9110 §5.6), as branch-light bit tests shared by the parser and
/// the encoder.
enum HTTPSyntax {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// `tchar` for bytes 0–63: ``!#$%&'*+-.`` and digits.
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    /// `tchar` for bytes 64–127: letters and ``^_`|~``.
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// Whether `byte` is a `tchar`, a character allowed in methods, field names and transfer codings.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tokenHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// Whether `byte` may appear in a field value: HTAB, SP, VCHAR or obs-text (0x80–0xFF).
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool { byte >= 0x20 ? byte != 0x7F : byte == tab }

    /// Whether `byte` is a visible ASCII character (0x21–0x7E), the only bytes allowed in a target.
    @inline(__always)
    static func isVisibleASCII(_ byte: UInt8) -> Bool { byte &- 0x21 < 0x5E }

    /// Whether `byte` is optional whitespace (SP or HTAB).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// The value of a hexadecimal digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte &- 0x30)
        case 0x41...0x46: Int(byte &- 0x41 &+ 10)
        case 0x61...0x66: Int(byte &- 0x61 &+ 10)
        default: nil
        }
    }

    /// Whether the bytes equal `string` exactly.
    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ string: StaticString) -> Bool {
        guard bytes.count == string.utf8CodeUnitCount else { return false }
        let expected = string.utf8Start
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }

    /// Whether the bytes equal `lowercase` ignoring ASCII case; `lowercase` must be lowercase ASCII.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte &- 0x41 < 26 { byte |= 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }

    /// The index of the first byte at or after `start` that is at most CR (0x0D), or `buffer.count`.
    ///
    /// Scans eight bytes per step (SWAR): line terminators are rare, so most words are skipped whole.
    @inline(__always)
    static func firstByteAtMostCR(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = buffer.count
        if let base = UnsafeRawPointer(buffer.baseAddress) {
            while index + 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                // A byte below 0x0E borrows into its own high bit; borrows only travel upwards, so the
                // lowest flagged byte is exact.
                let hits = (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080
                if hits != 0 { return index + hits.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < count, buffer[index] > cr { index += 1 }
        return index
    }

    /// Whether every byte is SP or VCHAR (0x20–0x7E), the common case of a field value that then needs no
    /// per-byte checks; `false` means "check each byte", not "invalid".
    @inline(__always)
    static func isSpaceOrVisibleASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while index + 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word
                let delete = word ^ 0x7F7F_7F7F_7F7F_7F7F
                let isDelete = (delete &- 0x0101_0101_0101_0101) & ~delete
                if (belowSpace | isDelete | word) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
        }
        while index < count {
            guard bytes[index] &- 0x20 < 0x5F else { return false }
            index += 1
        }
        return true
    }

    /// A String of the bytes, which must be valid UTF-8; short strings take the cheaper in-place path.
    @inline(__always)
    static func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Up to 15 bytes fit in a small (inline) String; filling it in place skips the generic decoder.
        guard bytes.count <= 15 else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { $0.initialize(fromContentsOf: bytes) }
    }

    /// The bytes without leading and trailing SP/HTAB.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}

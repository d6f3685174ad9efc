import HTTPCore
import Testing

extension HTTPRequestParserTests {
    /// RFC 9110 §5.6.2 `tchar`, spelled out independently of the parser's bit masks.
    private static let tokenChars = Set(
        "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8
    )

    @Test func fieldNameAcceptsExactlyTokenBytes() {
        // A colon would just end the name early, so it is the one byte left out.
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ":") {
            let raw = Array(raw: "GET / HTTP/1.1\r\nHost: a\r\nX") + [byte] + Array(raw: "Y: v\r\n\r\n")
            let outcome = ParserHarness.parse(raw)
            if Self.tokenChars.contains(byte) {
                #expect(outcome.error == nil, "byte \(byte)")
            } else {
                #expect(outcome.error != nil, "byte \(byte)")
            }
        }
    }

    @Test func methodAcceptsExactlyTokenBytes() {
        for byte in UInt8.min...UInt8.max where byte != 0x20 && byte != 0x0D && byte != 0x0A {
            let raw = Array(raw: "G") + [byte] + Array(raw: "T / HTTP/1.1\r\nHost: a\r\n\r\n")
            let outcome = ParserHarness.parse(raw)
            let expected: HTTPParserError.Code? = Self.tokenChars.contains(byte) ? nil : .invalidMethod
            #expect(outcome.error?.code == expected, "byte \(byte)")
        }
    }

    @Test func fieldValueAcceptsHTabSpaceVisibleAndValidUTF8Only() {
        for byte in UInt8.min..<0x80 where byte != 0x0D && byte != 0x0A {
            let raw = Array(raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a") + [byte] + Array(raw: "b\r\n\r\n")
            let outcome = ParserHarness.parse(raw)
            let allowed = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
            #expect(outcome.error?.code == (allowed ? nil : .invalidHeaderValue), "byte \(byte)")
        }
        for byte in UInt8(0x80)...UInt8.max {
            let raw = Array(raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a") + [byte] + Array(raw: "b\r\n\r\n")
            #expect(ParserHarness.parse(raw).error?.code == .invalidUTF8, "a lone byte \(byte) is never UTF-8")
        }
    }

    @Test func targetAcceptsOnlyVisibleASCII() {
        for byte in UInt8.min...UInt8.max where byte != 0x20 && byte != 0x0D && byte != 0x0A {
            let raw = Array(raw: "GET /") + [byte] + Array(raw: " HTTP/1.1\r\nHost: a\r\n\r\n")
            let outcome = ParserHarness.parse(raw)
            let expected: HTTPParserError.Code? = (0x21...0x7E).contains(byte) ? nil : .invalidTarget
            #expect(outcome.error?.code == expected, "byte \(byte)")
        }
    }

    @Test func chunkSizeAcceptsHexDigitsOfEitherCase() {
        let raw = Array(
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\nB\r\n0123456789a\r\n0\r\n\r\n"
        )
        let outcome = ParserHarness.parse(raw)
        #expect(outcome.error == nil)
        #expect(outcome.events.dropFirst().first == .body(Array(raw: "01234567890123456789a")))
    }

    /// Bytes probed at every position of a long value, so both the eight-bytes-at-a-time scan and the
    /// byte-by-byte tail see each of them.
    private static let probes: [(byte: UInt8, expected: HTTPParserError.Code?)] = [
        (0x00, .invalidHeaderValue), (0x01, .invalidHeaderValue), (0x08, .invalidHeaderValue), (0x09, nil),
        (0x0B, .invalidHeaderValue), (0x0E, .invalidHeaderValue), (0x1F, .invalidHeaderValue), (0x20, nil),
        (0x7E, nil), (0x7F, .invalidHeaderValue), (0x80, .invalidUTF8), (0xFF, .invalidUTF8),
        (0x0A, .bareLineTerminator), (0x0D, .bareLineTerminator),
    ]

    @Test func everyPositionOfALongValueIsChecked() {
        for position in 0..<24 {
            for probe in Self.probes {
                var value = [UInt8](repeating: UInt8(ascii: "v"), count: 24)
                value[position] = probe.byte
                let raw = Array(raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a") + value + Array(raw: "z\r\n\r\n")
                let outcome = ParserHarness.parse(raw)
                #expect(outcome.error?.code == probe.expected, "byte \(probe.byte) at \(position)")
                if probe.expected == nil, case .head(let head)? = outcome.events.first {
                    #expect(head.headers["X"]?.utf8.elementsEqual([UInt8(ascii: "a")] + value + [0x7A]) == true)
                }
            }
        }
    }

    @Test func validUTF8AtEveryPositionOfALongValue() throws {
        for position in 0..<22 {
            var value = [UInt8](repeating: UInt8(ascii: "v"), count: 24)
            value.replaceSubrange(position..<(position + 2), with: [0xC3, 0xA9])
            let raw = Array(raw: "GET / HTTP/1.1\r\nHost: a\r\nX: ") + value + Array(raw: "\r\n\r\n")
            let outcome = ParserHarness.parse(raw)
            guard case .head(let head)? = outcome.events.first else {
                Issue.record("no head for position \(position): \(outcome)")
                continue
            }
            #expect(head.headers["X"] == String(decoding: value, as: UTF8.self))
        }
    }
}

import HTTPCore
import Testing

@Suite struct HTTPParserErrorTests {
    @Test(arguments: [
        (HTTPParserError.Code.unsupportedVersion, 505),
        (.headersTooLarge, 431),
        (.tooManyHeaders, 431),
        (.unsupportedTransferEncoding, 501),
        (.bodyTooLarge, 413),
        (.invalidRequestLine, 400),
        (.bareLineTerminator, 400),
        (.contentLengthWithTransferEncoding, 400),
        (.invalidChunkSize, 400),
    ])
    func codeMapsToStatus(code: HTTPParserError.Code, status: Int) {
        let error = HTTPParserError(code)
        #expect(error.status.code == status)
        #expect(error.code == code)
        #expect(!error.message.isEmpty)
        #expect(error.description.contains(String(describing: code)))
        #expect(error.description.contains(String(status)))
    }

    @Test func codesAreDistinct() {
        let codes: [HTTPParserError.Code] = [
            .invalidRequestLine, .invalidMethod, .invalidTarget, .invalidVersion, .unsupportedVersion,
            .headersTooLarge, .tooManyHeaders, .invalidHeaderName, .invalidHeaderValue, .obsoleteLineFolding,
            .bareLineTerminator, .invalidUTF8, .missingHost, .duplicateHost, .invalidContentLength,
            .conflictingContentLength, .contentLengthWithTransferEncoding, .unsupportedTransferEncoding,
            .invalidTransferEncoding, .transferEncodingInHTTP10, .invalidChunkSize, .invalidChunkFraming,
            .chunkExtensionTooLarge, .bodyTooLarge,
        ]
        #expect(Set(codes).count == codes.count)
        #expect(Set(codes.map(\.description)).count == codes.count)
        #expect(Set(codes.map(\.message)).count == codes.count)
    }
}

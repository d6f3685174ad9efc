import Cryptography
import Foundation
import ObjectStorage
import TestSupport
import Testing

@Suite("SigV4")
struct SigV4Tests {
    @Test("AWS test suite get-vanilla: canonical request and signature")
    func getVanilla() {
        let date = AMZDate(unixSeconds: 1_440_938_160)
        #expect(date.timestamp == "20150830T123600Z")
        let (canonical, signed) = SigV4.canonicalRequest(
            method: "GET",
            canonicalURI: "/",
            canonicalQuery: "",
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", date.timestamp)],
            payloadHash: Hex.emptySHA256
        )
        #expect(signed == "host;x-amz-date")
        #expect(
            canonical
                == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + Hex.emptySHA256
        )
        let scope = SigV4.scope(date: date, region: "us-east-1", service: "service")
        let key = SigV4.signingKey(
            secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            date: date,
            region: "us-east-1",
            service: "service"
        )
        let signature = SigV4.signature(
            stringToSign: SigV4.stringToSign(canonicalRequest: canonical, date: date, scope: scope),
            signingKey: key
        )
        #expect(signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("the S3 documentation's presigned GET example")
    func s3DocumentationExample() throws {
        let configuration = try #require(
            S3Configuration(
                endpoint: "https://s3.amazonaws.com",
                bucket: "examplebucket",
                region: "us-east-1",
                accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                addressingStyle: .virtualHosted
            )
        )
        let url = S3Presigner(configuration: configuration)
            .presignedGet(key: "test.txt", expiresIn: 86_400, unixSeconds: 1_369_353_600)
        #expect(
            url
                == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    }

    @Test(
        "URI encoding and dates",
        arguments: [
            ("a b", true, "a%20b"), ("a/b", true, "a/b"), ("a/b", false, "a%2Fb"), ("x+y~z", true, "x%2By~z"),
            ("ț", true, "%C8%9B"), ("A-Z_a.z09", false, "A-Z_a.z09"), ("=&?%", false, "%3D%26%3F%25"),
        ]
    )
    func uriEncoding(input: String, keepSlash: Bool, expected: String) {
        #expect(SigV4.uriEncode(input, keepSlash: keepSlash) == expected)
    }

    @Test("AMZDate across leap years and the epoch")
    func dates() {
        #expect(AMZDate(unixSeconds: 0).timestamp == "19700101T000000Z")
        #expect(AMZDate(unixSeconds: 951_782_400).timestamp == "20000229T000000Z")
        #expect(AMZDate(unixSeconds: 1_767_323_045).timestamp == "20260102T030405Z")
        #expect(AMZDate(unixSeconds: 4_102_444_799).day == "20991231")
    }
}

extension Hex {
    /// SHA-256 of the empty string.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

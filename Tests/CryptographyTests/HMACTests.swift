import Cryptography
import Testing

@Suite struct HMACTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var testCase: Int
        var key: [UInt8]
        var data: [UInt8]
        var tag: String
        /// The number of leading bytes the RFC publishes (test case 5 is truncated to 128 bits).
        var comparedBytes = 32
        var testDescription: String { "RFC 4231 test case \(testCase)" }
    }

    private static let largeKey = [UInt8](repeating: 0xAA, count: 131)

    /// RFC 4231 §4.2–4.8, HMAC-SHA-256 results.
    static let rfc4231: [Vector] = [
        Vector(
            testCase: 1,
            key: [UInt8](repeating: 0x0B, count: 20),
            data: Array("Hi There".utf8),
            tag: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        Vector(
            testCase: 2,
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            tag: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        Vector(
            testCase: 3,
            key: [UInt8](repeating: 0xAA, count: 20),
            data: [UInt8](repeating: 0xDD, count: 50),
            tag: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        Vector(
            testCase: 4,
            key: Array(1...25),
            data: [UInt8](repeating: 0xCD, count: 50),
            tag: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        Vector(
            testCase: 5,
            key: [UInt8](repeating: 0x0C, count: 20),
            data: Array("Test With Truncation".utf8),
            tag: "a3b6167473100ee06e0c796c2955552b",
            comparedBytes: 16
        ),
        Vector(
            testCase: 6,
            key: largeKey,
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            tag: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        Vector(
            testCase: 7,
            key: largeKey,
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8
            ),
            tag: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test(arguments: rfc4231)
    func oneShot(_ vector: Vector) {
        let tag = HMAC.sha256(key: vector.key, data: vector.data)
        #expect(tag.count == HMAC.byteCount)
        #expect(tag.prefix(vector.comparedBytes).hex == vector.tag)
    }

    @Test(arguments: rfc4231)
    func streamingByteByByte(_ vector: Vector) {
        var mac = HMAC(key: vector.key)
        for byte in vector.data { mac.update(CollectionOfOne(byte)) }
        #expect(mac.finalize().prefix(vector.comparedBytes).hex == vector.tag)
    }

    @Test(arguments: rfc4231)
    func preparedKey(_ vector: Vector) {
        let key = HMACKey(vector.key)
        // Twice, to show that using the template does not consume or change it.
        for _ in 0..<2 {
            #expect(key.authenticationCode(for: vector.data).prefix(vector.comparedBytes).hex == vector.tag)
        }
        var streaming = key.makeHMAC()
        streaming.update(vector.data.prefix(3))
        streaming.update(vector.data.dropFirst(3))
        #expect(streaming.finalize().prefix(vector.comparedBytes).hex == vector.tag)
    }

    @Test func preparedKeyValidatesTagsInConstantTime() {
        let key = HMACKey(Array("Jefe".utf8))
        let data = Array("what do ya want for nothing?".utf8)
        let tag = key.authenticationCode(for: data)
        #expect(key.isValidAuthenticationCode(tag, for: data))
        var flipped = tag
        flipped[31] ^= 0x01
        #expect(!key.isValidAuthenticationCode(flipped, for: data))
        #expect(!key.isValidAuthenticationCode(tag.prefix(16), for: data))
        #expect(!key.isValidAuthenticationCode([], for: data))
    }

    @Test func emptyKeyAndEmptyMessage() {
        // Reference value: `printf '' | openssl dgst -sha256 -hmac ''`.
        let expected = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        #expect(HMAC.sha256(key: [UInt8](), data: [UInt8]()).hex == expected)
        #expect(HMACKey([UInt8]()).authenticationCode(for: [UInt8]()).hex == expected)
    }

    @Test func preparedKeyIsUsableFromManyTasksAtOnce() async {
        let key = HMACKey(Array("Jefe".utf8))
        let data = Array("what do ya want for nothing?".utf8)
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<500).reduce(0) { count, _ in
                        count + (key.authenticationCode(for: data).hex == expected ? 0 : 1)
                    }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    /// The AWS SigV4 signing-key derivation example from the AWS documentation.
    @Test func awsSigV4SigningKeyChain() {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let date = HMAC.sha256(key: Array("AWS4\(secret)".utf8), data: "20120215".utf8)
        let region = HMAC.sha256(key: date, data: "us-east-1".utf8)
        let service = HMAC.sha256(key: region, data: "iam".utf8)
        let signing = HMAC.sha256(key: service, data: "aws4_request".utf8)
        #expect(signing.hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}

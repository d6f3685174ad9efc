import Cryptography
import JWT
import Testing

@Suite struct JWTKeyCollectionTests {
    typealias F = TokenFactory

    private static let claims = PayLinksClaims(
        subject: "user-1",
        role: .user,
        tokenVersion: 1,
        issuedAt: F.now,
        expiresAt: F.now + 3600
    )

    @Test func rotationKeepsOldTokensValidAndSignsWithTheNewKey() throws {
        let oldSecret = SecureRandom.bytes(count: 32)
        let newSecret = SecureRandom.bytes(count: 32)
        let before = JWTSigner(keys: try JWTKeyCollection(signingSecret: oldSecret, kid: "2025-06"))
        let oldToken = try before.sign(Self.claims)

        var rotated = try JWTKeyCollection(signingSecret: newSecret, kid: "2025-07")
        try rotated.addVerificationKey(secret: oldSecret, kid: "2025-06")
        let after = JWTSigner(keys: rotated)
        let newToken = try after.sign(Self.claims)

        #expect(rotated.signingKeyID == "2025-07")
        #expect(rotated.keyIDs == ["2025-06", "2025-07"])
        #expect(try after.verify(oldToken, as: PayLinksClaims.self, now: F.now) == Self.claims)
        #expect(try after.verify(newToken, as: PayLinksClaims.self, now: F.now) == Self.claims)
        // A gateway that has not rotated yet does not know the new kid.
        let error = #expect(throws: JWTError.self) { try before.verify(newToken, as: PayLinksClaims.self, now: F.now) }
        #expect(error?.code == .unknownKey)
    }

    @Test func tokenWithoutKidIsCheckedWithTheSigningKeyOnly() throws {
        var keys = try JWTKeyCollection(signingSecret: F.secret, kid: "current")
        try keys.addVerificationKey(secret: F.otherSecret, kid: "previous")
        let signer = JWTSigner(keys: keys)
        let withoutKid = #"{"alg":"HS256","typ":"JWT"}"#
        #expect(
            try signer.verify(F.hs256(header: withoutKid), as: PayLinksClaims.self, now: F.now).subject.value
                == "user-1"
        )
        let error = #expect(throws: JWTError.self) {
            try signer.verify(F.hs256(header: withoutKid, secret: F.otherSecret), as: PayLinksClaims.self, now: F.now)
        }
        #expect(error?.code == .invalidSignature)
    }

    @Test func signingKeyWithoutKidWritesNoKid() throws {
        let signer = JWTSigner(keys: try JWTKeyCollection(signingSecret: F.secret))
        let token = try signer.sign(Self.claims)
        let header = try Base64URL.decode(String(token.prefix { $0 != "." }))
        #expect(header == Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        #expect(signer.keys.keyIDs.isEmpty)
    }

    struct InvalidKey: Sendable, CustomTestStringConvertible {
        var name: String
        var secret: [UInt8]
        var kid: String?
        var testDescription: String { name }
    }

    static let invalidKeys: [InvalidKey] = [
        InvalidKey(name: "31-byte secret", secret: [UInt8](repeating: 7, count: 31), kid: "k"),
        InvalidKey(name: "empty secret", secret: [], kid: nil),
        InvalidKey(name: "empty kid", secret: F.secret, kid: ""),
        InvalidKey(name: "kid with a quote", secret: F.secret, kid: #"k""#),
        InvalidKey(name: "kid with a space", secret: F.secret, kid: "k 1"),
        InvalidKey(name: "kid with non-ASCII", secret: F.secret, kid: "clé"),
        InvalidKey(name: "65-character kid", secret: F.secret, kid: String(repeating: "k", count: 65)),
    ]

    @Test(arguments: invalidKeys)
    func rejectsInvalidSigningKeys(_ invalid: InvalidKey) {
        let error = #expect(throws: JWTError.self) {
            try JWTKeyCollection(signingSecret: invalid.secret, kid: invalid.kid)
        }
        #expect(error?.code == .invalidKey)
    }

    @Test func rejectsDuplicateAndInvalidVerificationKeys() throws {
        var keys = try JWTKeyCollection(signingSecret: F.secret, kid: "k1")
        let duplicate = #expect(throws: JWTError.self) { try keys.addVerificationKey(secret: F.otherSecret, kid: "k1") }
        #expect(duplicate?.code == .invalidKey)
        let short = #expect(throws: JWTError.self) { try keys.addVerificationKey(secret: [1, 2, 3], kid: "k2") }
        #expect(short?.code == .invalidKey)
        try keys.addVerificationKey(secret: F.otherSecret, kid: "k2")
        #expect(keys.keyIDs == ["k1", "k2"])
    }
}

import Cryptography
import JWT
import Testing

@Suite struct RS256VerifierTests {
    typealias O = OpenSSLRS256Fixtures

    private static let now = O.issuedAt + 100

    private static func keySet() throws -> JWKSet {
        try JWKSet(json: O.jwks.utf8)
    }

    private static func verifier(leeway: Int64 = 0) throws -> RS256Verifier {
        RS256Verifier(keySet: try keySet(), configuration: JWTConfiguration(leeway: leeway))
    }

    @Test func verifiesTheRFC7515RS256Example() throws {
        let keySet = JWKSet(keys: ["rfc": try RSAPublicKey(jwkModulus: RFC7515.rsaModulus, jwkExponent: "AQAB")])
        let verifier = RS256Verifier(keySet: keySet)
        // The example has no kid: accepted because the set holds a single key.
        let claims = try verifier.verify(RFC7515.rs256Token, as: RFC7515Claims.self, now: RFC7515.expiration - 1)
        #expect(claims == RFC7515Claims(iss: "joe", exp: ExpirationClaim(value: RFC7515.expiration), isRoot: true))
        let error = #expect(throws: JWTError.self) {
            try verifier.verify(RFC7515.rs256Token, as: RFC7515Claims.self, now: RFC7515.expiration)
        }
        #expect(error?.code == .expired)
    }

    @Test func verifiesAGoogleShapedIDTokenSignedByTheOpenSSLCLI() throws {
        let claims = try Self.verifier().verify(O.valid, as: GoogleIDTokenClaims.self, now: Self.now)
        #expect(claims.sub.value == "1234567890")
        #expect(claims.email == "seller@example.com")
        try claims.iss.verify(isOneOf: ["https://accounts.google.com", "accounts.google.com"])
        try claims.aud.verify(contains: "paylinks-client")
        #expect(
            claims.timeClaims
                == JWTTimeClaims(
                    expiration: ExpirationClaim(value: O.expiration),
                    issuedAt: IssuedAtClaim(value: O.issuedAt)
                )
        )
    }

    @Test func leewayAppliesToExpiry() throws {
        #expect(throws: JWTError.self) {
            try Self.verifier().verify(O.valid, as: GoogleIDTokenClaims.self, now: O.expiration)
        }
        let claims = try Self.verifier(leeway: 60).verify(O.valid, as: GoogleIDTokenClaims.self, now: O.expiration + 59)
        #expect(claims.sub.value == "1234567890")
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        var name: String
        var token: String
        var code: JWTError.Code
        var testDescription: String { name }
    }

    static let rejections: [Rejection] = {
        let segments = O.valid.split(separator: ".").map(String.init)
        let (header, payload, signature) = (segments[0], segments[1], segments[2])
        let modulusBytes = (try? Base64URL.decode(O.modulus)) ?? []
        let rfcSignature = RFC7515.rs256Token.split(separator: ".").map(String.init)[2]
        let hs256Header = Base64URL.encode(#"{"alg":"HS256","kid":"test-2048","typ":"JWT"}"#.utf8)
        let confusedInput = hs256Header + "." + payload
        let tamperedJSON =
            #"{"iss":"https://accounts.google.com","aud":"paylinks-client","sub":"attacker","#
            + #""iat":1700000000,"exp":1700003600}"#
        let tamperedPayload = Base64URL.encode(tamperedJSON.utf8)
        return [
            Rejection(
                name: "HS256 with the RSA modulus as HMAC secret (key confusion)",
                token: confusedInput + "." + Base64URL.encode(HMAC.sha256(key: modulusBytes, data: confusedInput.utf8)),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "HS256 with the JWK n text as HMAC secret (key confusion)",
                token: confusedInput + "."
                    + Base64URL.encode(HMAC.sha256(key: O.modulus.utf8, data: confusedInput.utf8)),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "alg none",
                token: Base64URL.encode(#"{"alg":"none","kid":"test-2048"}"#.utf8) + "." + payload + "." + signature,
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "PS256 label on a valid RS256 signature",
                token: Base64URL.encode(#"{"alg":"PS256","kid":"test-2048"}"#.utf8) + "." + payload + "." + signature,
                code: .unsupportedAlgorithm
            ),
            Rejection(name: "PSS signature labelled RS256", token: O.pssSigned, code: .invalidSignature),
            Rejection(name: "unknown kid", token: O.unknownKeyID, code: .unknownKey),
            Rejection(name: "no kid with several keys in the set", token: O.noKeyID, code: .unknownKey),
            Rejection(
                name: "tampered payload",
                token: header + "." + tamperedPayload + "." + signature,
                code: .invalidSignature
            ),
            Rejection(
                name: "signature from another key",
                token: header + "." + payload + "." + rfcSignature,
                code: .invalidSignature
            ),
            Rejection(
                name: "signature one byte short",
                token: header + "." + payload + "."
                    + Base64URL.encode(((try? Base64URL.decode(signature)) ?? []).dropLast()),
                code: .invalidSignature
            ),
            Rejection(
                name: "kid of a skipped encryption key",
                token: O.valid.replacingKid(with: "encryption-only"),
                code: .unknownKey
            ),
            Rejection(name: "2 segments", token: header + "." + payload, code: .malformed),
            Rejection(name: "huge token", token: O.valid + String(repeating: "A", count: 8192), code: .malformed),
        ]
    }()

    @Test(arguments: rejections)
    func rejects(_ rejection: Rejection) throws {
        let error = #expect(throws: JWTError.self) {
            try Self.verifier().verify(rejection.token, as: GoogleIDTokenClaims.self, now: Self.now)
        }
        #expect(error?.code == rejection.code, "\(String(describing: error))")
    }

    @Test func tokenWithoutKidVerifiesAgainstASingleKeySet() throws {
        let keySet = JWKSet(keys: [O.keyID: try RSAPublicKey(jwkModulus: O.modulus, jwkExponent: "AQAB")])
        let claims = try RS256Verifier(keySet: keySet).verify(O.noKeyID, as: GoogleIDTokenClaims.self, now: Self.now)
        #expect(claims.sub.value == "1234567890")
    }
}

extension String {
    /// Replaces the header of an RS256 fixture with one naming `kid` (the signature then covers another header,
    /// but the kid lookup fails first).
    fileprivate func replacingKid(with kid: String) -> String {
        let rest = drop { $0 != "." }
        return Base64URL.encode(#"{"alg":"RS256","kid":"\#(kid)","typ":"JWT"}"#.utf8) + rest
    }
}

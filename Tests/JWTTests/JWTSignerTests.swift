import Cryptography
import Foundation
import JWT
import Testing

@Suite struct JWTSignerTests {
    typealias F = TokenFactory

    // MARK: Published example and round trip

    @Test func verifiesTheRFC7515HS256Example() throws {
        let keys = try JWTKeyCollection(signingSecret: Base64URL.decode(RFC7515.hs256Key))
        let signer = JWTSigner(keys: keys)
        let claims = try signer.verify(RFC7515.hs256Token, as: RFC7515Claims.self, now: RFC7515.expiration - 1)
        #expect(claims == RFC7515Claims(iss: "joe", exp: ExpirationClaim(value: RFC7515.expiration), isRoot: true))
        let expired = #expect(throws: JWTError.self) {
            try signer.verify(RFC7515.hs256Token, as: RFC7515Claims.self, now: RFC7515.expiration)
        }
        #expect(expired?.code == .expired)
    }

    @Test func signsAndVerifiesPayLinksClaims() throws {
        let signer = try F.signer()
        let claims = PayLinksClaims(
            subject: "0193b4f0-1234-789a-bcde-123456789abc",
            role: .admin,
            tokenVersion: 7,
            issuedAt: F.now,
            expiresAt: F.now + 3600
        )
        let token = try signer.sign(claims)
        let segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        #expect(segments.count == 3)
        #expect(try Base64URL.decode(segments[0]) == Array(#"{"alg":"HS256","kid":"k1","typ":"JWT"}"#.utf8))
        let payloadJSON =
            #"{"exp":1700003600,"iat":1700000000,"role":"ADMIN","sub":"0193b4f0-1234-789a-bcde-123456789abc","tv":7}"#
        #expect(try Base64URL.decode(segments[1]) == Array(payloadJSON.utf8))
        #expect(try signer.verify(token, as: PayLinksClaims.self, now: F.now) == claims)
        #expect(try signer.verify(token, as: PayLinksClaims.self, now: F.now + 3599) == claims)
    }

    @Test func signingIsDeterministicAndMatchesTheFactory() throws {
        let signer = try F.signer()
        let claims = PayLinksClaims(
            subject: "user-1",
            role: .user,
            tokenVersion: 0,
            issuedAt: 1_699_999_000,
            expiresAt: 1_700_003_600
        )
        #expect(try signer.sign(claims) == F.hs256())
    }

    @Test func acceptsLowercaseTypAndAbsentTyp() throws {
        let signer = try F.signer()
        for header in [#"{"alg":"HS256","kid":"k1","typ":"jwt"}"#, #"{"alg":"HS256","kid":"k1"}"#] {
            let claims = try signer.verify(F.hs256(header: header), as: PayLinksClaims.self, now: F.now)
            #expect(claims.subject.value == "user-1")
        }
    }

    @Test func tokenWithoutKidUsesTheSigningKey() throws {
        let claims = try F.signer().verify(
            F.hs256(header: #"{"alg":"HS256","typ":"JWT"}"#),
            as: PayLinksClaims.self,
            now: F.now
        )
        #expect(claims.role == .user)
    }

    // MARK: Rejections

    struct Rejection: Sendable, CustomTestStringConvertible {
        var name: String
        var token: String
        var code: JWTError.Code
        var claim: String?
        var testDescription: String { name }
    }

    static let validPayload = F.payload

    static let rejections: [Rejection] = {
        let valid = F.hs256()
        let validSegments = valid.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let (header, payload, signature) = (validSegments[0], validSegments[1], validSegments[2])
        let nested = String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)
        let rsaPublicKeyBytes = (try? Base64URL.decode(OpenSSLRS256Fixtures.modulus)) ?? []
        return [
            // Algorithm pinning
            Rejection(
                name: "alg none without signature segment",
                token: F.unsigned(header: #"{"alg":"none","typ":"JWT"}"#, signature: ""),
                code: .malformed
            ),
            Rejection(
                name: "alg none with signature segment",
                token: F.unsigned(header: #"{"alg":"none","typ":"JWT"}"#, signature: signature),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "alg none signed with the key",
                token: F.hs256(header: #"{"alg":"none"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "HS384",
                token: F.hs256(header: #"{"alg":"HS384","kid":"k1","typ":"JWT"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "RS256 label, HMAC with our key (key confusion)",
                token: F.hs256(header: #"{"alg":"RS256","kid":"k1","typ":"JWT"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "RS256 label, HMAC with RSA public key bytes (key confusion)",
                token: F.hs256(header: #"{"alg":"RS256","typ":"JWT"}"#, secret: rsaPublicKeyBytes),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "missing alg",
                token: F.hs256(header: #"{"kid":"k1","typ":"JWT"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "alg null",
                token: F.hs256(header: #"{"alg":null,"kid":"k1"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(
                name: "alg lowercase",
                token: F.hs256(header: #"{"alg":"hs256","kid":"k1"}"#),
                code: .unsupportedAlgorithm
            ),
            Rejection(name: "alg not a string", token: F.hs256(header: #"{"alg":256,"kid":"k1"}"#), code: .malformed),
            // Header rules
            Rejection(
                name: "typ not JWT",
                token: F.hs256(header: #"{"alg":"HS256","kid":"k1","typ":"JOSE+JSON"}"#),
                code: .malformed
            ),
            Rejection(
                name: "crit present",
                token: F.hs256(header: #"{"alg":"HS256","kid":"k1","crit":["exp"]}"#),
                code: .malformed
            ),
            Rejection(name: "kid not a string", token: F.hs256(header: #"{"alg":"HS256","kid":1}"#), code: .malformed),
            Rejection(name: "header not JSON", token: F.hs256(header: "alg=HS256"), code: .malformed),
            Rejection(name: "header JSON array", token: F.hs256(header: #"["HS256"]"#), code: .malformed),
            Rejection(name: "header truncated JSON", token: F.hs256(header: #"{"alg":"HS256""#), code: .malformed),
            Rejection(
                name: "header deeply nested",
                token: F.hs256(header: #"{"alg":"HS256","x":\#(nested)}"#),
                code: .malformed
            ),
            Rejection(
                name: "header invalid UTF-8",
                token: Base64URL.encode([0x7B, 0xFF, 0xFE, 0x7D]) + "." + payload + "." + signature,
                code: .malformed
            ),
            // Keys and signatures
            Rejection(
                name: "unknown kid",
                token: F.hs256(header: #"{"alg":"HS256","kid":"k2","typ":"JWT"}"#),
                code: .unknownKey
            ),
            Rejection(name: "signed with another key", token: F.hs256(secret: F.otherSecret), code: .invalidSignature),
            Rejection(
                name: "bad signature",
                token: header + "." + payload + "." + Base64URL.encode(HMAC.sha256(key: F.secret, data: "other".utf8)),
                code: .invalidSignature
            ),
            Rejection(
                name: "truncated signature",
                token: header + "." + payload + "."
                    + Base64URL.encode((try? Base64URL.decode(signature))?.dropLast() ?? []),
                code: .invalidSignature
            ),
            Rejection(
                name: "tampered payload (role ADMIN)",
                token: header + "." + F.segment(validPayload.replacingOccurrences(of: "USER", with: "ADMIN")) + "."
                    + signature,
                code: .invalidSignature
            ),
            Rejection(
                name: "signature of the payload alone",
                token: header + "." + payload + "." + Base64URL.encode(HMAC.sha256(key: F.secret, data: payload.utf8)),
                code: .invalidSignature
            ),
            // Structure and encoding
            Rejection(name: "empty token", token: "", code: .malformed),
            Rejection(name: "2 segments", token: header + "." + payload, code: .malformed),
            Rejection(name: "4 segments", token: valid + "." + signature, code: .malformed),
            Rejection(name: "empty header segment", token: "." + payload + "." + signature, code: .malformed),
            Rejection(name: "empty payload segment", token: header + ".." + signature, code: .malformed),
            Rejection(name: "empty signature segment", token: header + "." + payload + ".", code: .malformed),
            Rejection(name: "only dots", token: "..", code: .malformed),
            Rejection(
                name: "'+' in signature",
                token: header + "." + payload + "." + "+" + signature.dropFirst(),
                code: .malformed
            ),
            Rejection(
                name: "'/' in header",
                token: "/" + header.dropFirst() + "." + payload + "." + signature,
                code: .malformed
            ),
            Rejection(name: "padding on signature", token: valid + "=", code: .malformed),
            Rejection(name: "space in token", token: " " + valid, code: .malformed),
            Rejection(
                name: "non-ASCII in payload, old signature (signature is checked first)",
                token: header + ".é" + payload + "." + signature,
                code: .invalidSignature
            ),
            Rejection(
                name: "non-base64url payload, validly signed",
                token: F.signRaw(header + ".é" + payload),
                code: .malformed
            ),
            Rejection(
                name: "padded payload, validly signed",
                token: F.signRaw(header + "." + F.segment("{}") + "=="),
                code: .malformed
            ),
            Rejection(name: "non-canonical signature tail", token: String(valid.dropLast()) + "l", code: .malformed),
            Rejection(name: "huge token", token: valid + String(repeating: "A", count: 8192), code: .malformed),
            // Payload, after a valid signature
            Rejection(name: "payload not JSON", token: F.hs256(payload: "sub=user-1"), code: .malformed),
            Rejection(name: "payload JSON array", token: F.hs256(payload: #"[{"sub":"user-1"}]"#), code: .malformed),
            Rejection(name: "payload JSON string", token: F.hs256(payload: #""sub""#), code: .malformed),
            Rejection(name: "payload JSON null", token: F.hs256(payload: "null"), code: .malformed),
            Rejection(name: "payload truncated", token: F.hs256(payload: #"{"sub":"user-1","#), code: .malformed),
            // Claims
            Rejection(
                name: "missing exp",
                token: F.hs256(payload: #"{"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .missingClaim,
                claim: "exp"
            ),
            Rejection(
                name: "missing tv",
                token: F.hs256(payload: #"{"exp":1700003600,"iat":1699999000,"role":"USER","sub":"user-1"}"#),
                code: .missingClaim,
                claim: "tv"
            ),
            Rejection(
                name: "unknown role",
                token: F.hs256(payload: #"{"exp":1700003600,"iat":1699999000,"role":"ROOT","sub":"user-1","tv":0}"#),
                code: .invalidClaim,
                claim: "role"
            ),
            Rejection(
                name: "exp as string",
                token: F.hs256(payload: #"{"exp":"1700003600","iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .invalidClaim,
                claim: "exp"
            ),
            Rejection(
                name: "exp null",
                token: F.hs256(payload: #"{"exp":null,"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .invalidClaim,
                claim: "exp"
            ),
            Rejection(
                name: "exp beyond year 9999",
                token: F.hs256(payload: #"{"exp":1e20,"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .invalidClaim,
                claim: "exp"
            ),
            Rejection(
                name: "expired",
                token: F.hs256(payload: #"{"exp":1699999999,"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .expired,
                claim: "exp"
            ),
            Rejection(
                name: "expires exactly now",
                token: F.hs256(payload: #"{"exp":1700000000,"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#),
                code: .expired,
                claim: "exp"
            ),
            Rejection(
                name: "issued in the future",
                token: F.hs256(payload: #"{"exp":1700003600,"iat":1700000001,"role":"USER","sub":"user-1","tv":0}"#),
                code: .invalidClaim,
                claim: "iat"
            ),
            Rejection(
                name: "negative token version",
                token: F.hs256(payload: #"{"exp":1700003600,"iat":1699999000,"role":"USER","sub":"user-1","tv":-1}"#),
                code: .invalidClaim,
                claim: "tv"
            ),
            Rejection(
                name: "empty subject",
                token: F.hs256(payload: #"{"exp":1700003600,"iat":1699999000,"role":"USER","sub":"","tv":0}"#),
                code: .invalidClaim,
                claim: "sub"
            ),
        ]
    }()

    @Test(arguments: rejections)
    func rejects(_ rejection: Rejection) throws {
        let signer = try F.signer()
        let error = #expect(throws: JWTError.self) {
            try signer.verify(rejection.token, as: PayLinksClaims.self, now: F.now)
        }
        #expect(error?.code == rejection.code, "\(String(describing: error))")
        if let claim = rejection.claim {
            #expect(error?.claim == claim)
        }
    }

    @Test func rejectsATokenThatIsNotYetValid() throws {
        let token = F.hs256(payload: #"{"exp":1700003600,"nbf":1700000060,"sub":"user-1"}"#)
        let error = #expect(throws: JWTError.self) { try F.signer().verify(token, as: TimedClaims.self, now: F.now) }
        #expect(error?.code == .notYetValid)
        #expect(error?.claim == "nbf")
        #expect(try F.signer().verify(token, as: TimedClaims.self, now: 1_700_000_060).sub.value == "user-1")
    }

    @Test func errorDescriptionsContainNoTokenContent() throws {
        let token = F.hs256(payload: #"{"exp":1700003600,"iat":1699999000,"role":"SECRET-ROLE","sub":"user-1","tv":0}"#)
        let error = #expect(throws: JWTError.self) { try F.signer().verify(token, as: PayLinksClaims.self, now: F.now) }
        let description = try #require(error).description
        #expect(description == "JWTError.invalidClaim: a claim has an invalid type or value (claim role)")
        #expect(!description.contains("SECRET"))
    }

    @Test func limitIsConfigurable() throws {
        let token = F.hs256()
        let tight = JWTSigner(
            keys: try F.keys(),
            configuration: JWTConfiguration(maximumTokenLength: token.utf8.count - 1)
        )
        let error = #expect(throws: JWTError.self) { try tight.verify(token, as: PayLinksClaims.self, now: F.now) }
        #expect(error?.code == .malformed)
        let exact = JWTSigner(keys: try F.keys(), configuration: JWTConfiguration(maximumTokenLength: token.utf8.count))
        #expect(try exact.verify(token, as: PayLinksClaims.self, now: F.now).tokenVersion == 0)
    }

    @Test func signingRefusesATokenOverTheLimit() throws {
        let signer = JWTSigner(keys: try F.keys(), configuration: JWTConfiguration(maximumTokenLength: 100))
        let claims = PayLinksClaims(
            subject: "user-1",
            role: .user,
            tokenVersion: 0,
            issuedAt: F.now,
            expiresAt: F.now + 60
        )
        let error = #expect(throws: JWTError.self) { try signer.sign(claims) }
        #expect(error?.code == .invalidClaim)
    }

    /// Thousands of random corruptions of a valid token: none may crash and none may verify.
    @Test func noMutationOfAValidTokenVerifies() throws {
        let signer = try F.signer()
        let valid = Array(F.hs256().utf8)
        let alphabet =
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"".utf8) + [
                0x00, 0xC3, 0xFF,
            ]
        var random = SplitMix64(state: 0x5EED)
        var verified = 0
        for round in 0..<3000 {
            var bytes = valid
            switch round % 4 {
            case 0:
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random)!
            case 1:
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
            case 2:
                bytes.insert(
                    alphabet.randomElement(using: &random)!,
                    at: Int.random(in: 0...bytes.count, using: &random)
                )
            default:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            }
            guard bytes != valid else { continue }
            let token = String(decoding: bytes, as: UTF8.self)
            if (try? signer.verify(token, as: PayLinksClaims.self, now: F.now)) != nil { verified += 1 }
        }
        #expect(verified == 0)
    }
}

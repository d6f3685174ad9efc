import Cryptography
import JWT
import Testing

@Suite struct JWKSetTests {
    typealias O = OpenSSLRS256Fixtures

    @Test func keepsOnlyRS256SigningKeysInDocumentOrder() throws {
        let keySet = try JWKSet(json: O.jwks.utf8)
        #expect(keySet.keys.map(\.id) == ["test-2048", "rfc7515", nil])
        #expect(keySet.keyIDs == ["rfc7515", "test-2048"])
        #expect(keySet.key(id: "test-2048")?.modulusBitCount == 2048)
        #expect(keySet.keys.last?.publicKey.modulusBitCount == 2048)
        #expect(keySet.key(id: "ec-key") == nil)
        #expect(keySet.key(id: "encryption-only") == nil)
    }

    @Test func aKeyWithoutKidIsKeptAndVerifiesTokensWithoutKid() throws {
        let keySet = try JWKSet(json: #"{"keys":[{"kty":"RSA","use":"sig","n":"\#(O.modulus)","e":"AQAB"}]}"#.utf8)
        #expect(keySet.keys.count == 1)
        #expect(keySet.keys.first?.id == nil)
        #expect(keySet.keyIDs.isEmpty)
        #expect(keySet.key(id: "") == nil)
        let verifier = RS256Verifier(keySet: keySet)
        let claims = try verifier.verify(O.noKeyID, as: GoogleIDTokenClaims.self, now: O.issuedAt + 100)
        #expect(claims.sub.value == "1234567890")
        // A token naming a kid is never checked with a key that has none.
        let error = #expect(throws: JWTError.self) {
            try verifier.verify(O.valid, as: GoogleIDTokenClaims.self, now: O.issuedAt + 100)
        }
        #expect(error?.code == .unknownKey)
    }

    @Test func severalKeysWithoutKidAreAllKeptButNoneIsTheDefault() throws {
        let key = #"{"kty":"RSA","n":"\#(O.modulus)","e":"AQAB"}"#
        let keySet = try JWKSet(json: #"{"keys":[\#(key),\#(key)]}"#.utf8)
        #expect(keySet.keys.map(\.id) == [nil, nil])
        let error = #expect(throws: JWTError.self) {
            try RS256Verifier(keySet: keySet).verify(O.noKeyID, as: GoogleIDTokenClaims.self, now: O.issuedAt + 100)
        }
        #expect(error?.code == .unknownKey)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var code: JWTError.Code
        var testDescription: String { name }
    }

    static let bad: [Bad] = [
        Bad(name: "not JSON", json: "keys", code: .malformed),
        Bad(name: "no keys member", json: #"{"jwks":[]}"#, code: .malformed),
        Bad(name: "keys not an array", json: #"{"keys":{}}"#, code: .malformed),
        Bad(name: "empty", json: #"{"keys":[]}"#, code: .invalidKey),
        Bad(
            name: "only an EC key",
            json: #"{"keys":[{"kty":"EC","kid":"e","crv":"P-256","x":"AA","y":"AA"}]}"#,
            code: .invalidKey
        ),
        Bad(
            name: "duplicate kid",
            json: #"{"keys":[{"kty":"RSA","kid":"a","n":"\#(O.modulus)","e":"AQAB"},"#
                + #"{"kty":"RSA","kid":"a","n":"\#(O.modulus)","e":"AQAB"}]}"#,
            code: .invalidKey
        ),
        Bad(name: "RSA key without n", json: #"{"keys":[{"kty":"RSA","kid":"a","e":"AQAB"}]}"#, code: .invalidKey),
        Bad(
            name: "RSA key with a 16-bit n",
            json: #"{"keys":[{"kty":"RSA","kid":"a","n":"AQE","e":"AQAB"}]}"#,
            code: .invalidKey
        ),
        Bad(
            name: "RSA key with padded n",
            json: #"{"keys":[{"kty":"RSA","kid":"a","n":"\#(O.modulus)=","e":"AQAB"}]}"#,
            code: .invalidKey
        ),
        Bad(
            name: "RSA key with e = 1",
            json: #"{"keys":[{"kty":"RSA","kid":"a","n":"\#(O.modulus)","e":"AQ"}]}"#,
            code: .invalidKey
        ),
        Bad(
            name: "too many keys",
            json: #"{"keys":["# + Array(repeating: #"{"kty":"oct","k":"AA"}"#, count: 65).joined(separator: ",") + "]}",
            code: .invalidKey
        ),
    ]

    @Test(arguments: bad)
    func rejects(_ bad: Bad) {
        let error = #expect(throws: JWTError.self) { try JWKSet(json: bad.json.utf8) }
        #expect(error?.code == bad.code)
    }
}

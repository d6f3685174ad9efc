import Cryptography
import JWT
import Testing

@Suite struct JWKSetTests {
    typealias O = OpenSSLRS256Fixtures

    @Test func keepsOnlyRS256SigningKeysWithAKid() throws {
        let keySet = try JWKSet(json: O.jwks.utf8)
        #expect(keySet.keyIDs == ["rfc7515", "test-2048"])
        #expect(keySet.key(id: "test-2048")?.modulusBitCount == 2048)
        #expect(keySet.key(id: "ec-key") == nil)
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

import Cryptography
import JWT

/// Builds tokens from raw JSON text, including ones our signer would never produce.
enum TokenFactory {
    /// The HS256 secret of most tests (32 bytes).
    static let secret = Array("paylinks-test-secret-0123456789!".utf8)
    /// Another valid secret, for "signed by another key".
    static let otherSecret = Array("another-test-secret-9876543210?!".utf8)
    /// The `kid` of ``secret`` in ``keys()``.
    static let keyID = "k1"
    /// The verification time of most tests.
    static let now: Int64 = 1_700_000_000

    static let header = #"{"alg":"HS256","kid":"k1","typ":"JWT"}"#
    static let payload = #"{"exp":1700003600,"iat":1699999000,"role":"USER","sub":"user-1","tv":0}"#

    static func segment(_ json: String) -> String {
        Base64URL.encode(json.utf8)
    }

    /// `header.payload.signature` with an HMAC-SHA256 signature under `secret`, whatever the header says.
    static func hs256(header: String = header, payload: String = payload, secret: [UInt8] = secret) -> String {
        let signingInput = segment(header) + "." + segment(payload)
        return signingInput + "." + Base64URL.encode(HMAC.sha256(key: secret, data: signingInput.utf8))
    }

    /// Appends a valid HS256 signature under ``secret`` to an arbitrary signing input.
    static func signRaw(_ signingInput: String) -> String {
        signingInput + "." + Base64URL.encode(HMAC.sha256(key: secret, data: signingInput.utf8))
    }

    /// `header.payload.<signature segment as given>`.
    static func unsigned(header: String = header, payload: String = payload, signature: String) -> String {
        segment(header) + "." + segment(payload) + "." + signature
    }

    static func keys() throws -> JWTKeyCollection {
        try JWTKeyCollection(signingSecret: secret, kid: keyID)
    }

    static func signer(leeway: Int64 = 0) throws -> JWTSigner {
        try JWTSigner(keys: keys(), configuration: JWTConfiguration(leeway: leeway))
    }
}

/// A deterministic generator for the mutation tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

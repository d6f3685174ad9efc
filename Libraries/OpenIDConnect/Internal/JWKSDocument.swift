import Cryptography
import Foundation
import JWT

/// Parses a provider's JWKS into a ``JWKSet``, keeping RSA keys that have no `kid` under a made-up ID.
///
/// `JWKSet(json:)` drops keys without `kid`; some providers publish exactly such a key (and sign tokens
/// without `kid`), so keys without one are named `#<index>`, which no real header can select by accident
/// (``IDTokenVerifier`` tries every key for a token without `kid`).
enum JWKSDocument {
    static func keySet(json: [UInt8]) throws(OpenIDConnectError) -> JWKSet {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "JWKS document is not valid JSON")
        }
        guard document.keys.count <= JWKSet.maximumKeyCount else {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "JWKS document has too many keys")
        }
        var keys: [String: RSAPublicKey] = [:]
        for (index, entry) in document.keys.enumerated() {
            guard entry.kty == "RSA", entry.use == nil || entry.use == "sig", entry.alg == nil || entry.alg == "RS256",
                let n = entry.n, let e = entry.e
            else { continue }
            let id = entry.kid ?? "#\(index)"
            guard keys[id] == nil, let key = try? RSAPublicKey(jwkModulus: n, jwkExponent: e) else { continue }
            keys[id] = key
        }
        guard !keys.isEmpty else {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "JWKS document has no usable RS256 key")
        }
        return JWKSet(keys: keys)
    }

    private struct Document: Decodable {
        var keys: [Entry]
    }

    private struct Entry: Decodable {
        var kty: String?
        var kid: String?
        var use: String?
        var alg: String?
        var n: String?
        var e: String?
    }
}

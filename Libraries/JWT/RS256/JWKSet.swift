package import Cryptography
import Foundation

/// RSA public keys by `kid`, as published in a JWKS document (e.g. Google's
/// `https://www.googleapis.com/oauth2/v3/certs`), for ``RS256Verifier``.
///
/// ```swift
/// let keySet = try JWKSet(json: responseBody)
/// let verifier = RS256Verifier(keySet: keySet, configuration: JWTConfiguration(leeway: 60))
/// ```
///
/// An immutable value: share it between threads, and build a new one when the issuer rotates its keys.
package struct JWKSet: Sendable {
    /// The most keys a JWKS document may list.
    package static let maximumKeyCount = 64

    private let keys: [String: RSAPublicKey]

    /// Creates a key set from keys already built.
    ///
    /// - Parameter keys: RSA public keys by `kid`.
    package init(keys: [String: RSAPublicKey]) {
        self.keys = keys
    }

    /// Parses a JWKS document, `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}, …]}`.
    ///
    /// Entries that cannot be RS256 verification keys are skipped: `kty` other than `RSA`, `use` other than
    /// `sig`, `alg` other than `RS256`, or no `kid`. An RSA entry with unusable `n`/`e` is an error, as is a
    /// duplicate `kid`.
    ///
    /// - Parameter json: The document's bytes.
    /// - Throws: ``JWTError`` with code `malformed` for bad JSON, `invalidKey` for a bad or duplicate key, too many
    ///   keys, or no usable key at all.
    package init(json: some Sequence<UInt8>) throws(JWTError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch {
            throw JWTError(.malformed, reason: "JWKS document is not valid JSON", underlying: error)
        }
        guard document.keys.count <= Self.maximumKeyCount else {
            throw JWTError(.invalidKey, reason: "JWKS document has too many keys")
        }
        var keys: [String: RSAPublicKey] = [:]
        for entry in document.keys {
            guard entry.kty == "RSA", entry.use == nil || entry.use == "sig", entry.alg == nil || entry.alg == "RS256",
                let kid = entry.kid
            else { continue }
            guard keys[kid] == nil else { throw JWTError(.invalidKey, reason: "JWKS document repeats a kid") }
            guard let n = entry.n, let e = entry.e else {
                throw JWTError(.invalidKey, reason: "JWKS RSA key lacks n or e")
            }
            do {
                keys[kid] = try RSAPublicKey(jwkModulus: n, jwkExponent: e)
            } catch {
                throw JWTError(.invalidKey, reason: "JWKS RSA key is not usable", underlying: error)
            }
        }
        guard !keys.isEmpty else { throw JWTError(.invalidKey, reason: "JWKS document has no RS256 key") }
        self.keys = keys
    }

    /// Every `kid` in the set, sorted.
    package var keyIDs: [String] { keys.keys.sorted() }

    /// The key with `kid`, if any.
    ///
    /// - Parameter kid: The key ID.
    /// - Returns: The key, or `nil`.
    package func key(id kid: String) -> RSAPublicKey? {
        keys[kid]
    }

    /// The only key, when the set has exactly one (for tokens without `kid`).
    var soleKey: RSAPublicKey? {
        keys.count == 1 ? keys.first?.value : nil
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

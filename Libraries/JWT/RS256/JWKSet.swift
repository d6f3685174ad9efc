package import Cryptography
import Foundation

/// RSA public keys as published in a JWKS document (e.g. Google's `https://www.googleapis.com/oauth2/v3/certs`),
/// for ``RS256Verifier``: every key in document order, each with its `kid` when the document gave one.
///
/// ```swift
/// let keySet = try JWKSet(json: responseBody)
/// let verifier = RS256Verifier(keySet: keySet, configuration: JWTConfiguration(leeway: 60))
/// ```
///
/// A token naming a `kid` is checked with the key of that `kid` only (``key(id:)``). Keys without a `kid` are
/// kept too (some providers publish exactly one such key and sign tokens without `kid`): ``RS256Verifier``
/// uses the only key of a one-key set for a token without `kid`; to try several, iterate ``keys``.
///
/// An immutable value: share it between threads, and build a new one when the issuer rotates its keys.
package struct JWKSet: Sendable {
    /// One RSA verification key.
    package struct Key: Sendable {
        /// Its `kid`, or `nil` when the document gave none.
        package var id: String?
        /// The key.
        package var publicKey: RSAPublicKey

        /// Creates a key entry.
        package init(id: String?, publicKey: RSAPublicKey) {
            self.id = id
            self.publicKey = publicKey
        }
    }

    /// The most keys a JWKS document may list.
    package static let maximumKeyCount = 64

    /// Every key, in the order given (document order for ``init(json:)``), keys without `kid` included.
    package let keys: [Key]

    /// Creates a key set from keys already built.
    ///
    /// - Parameter keys: The keys, in order. When two share a `kid`, ``key(id:)`` finds the first.
    package init(keys: [Key]) {
        self.keys = keys
    }

    /// Creates a key set from keys already built, all with a `kid` (ordered by `kid`).
    ///
    /// - Parameter keys: RSA public keys by `kid`.
    package init(keys: [String: RSAPublicKey]) {
        self.keys = keys.sorted { $0.key < $1.key }.map { Key(id: $0.key, publicKey: $0.value) }
    }

    /// Parses a JWKS document, `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}, …]}`.
    ///
    /// Entries that cannot be RS256 verification keys are skipped: `kty` other than `RSA`, `use` other than
    /// `sig`, `alg` other than `RS256`. RSA keys without `kid` are kept (with ``Key/id`` `nil`). An RSA entry
    /// with unusable `n`/`e` is an error, as is a duplicate `kid`.
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
        var keys: [Key] = []
        var seen: Set<String> = []
        for entry in document.keys {
            guard entry.kty == "RSA", entry.use == nil || entry.use == "sig", entry.alg == nil || entry.alg == "RS256"
            else { continue }
            if let kid = entry.kid {
                guard seen.insert(kid).inserted else {
                    throw JWTError(.invalidKey, reason: "JWKS document repeats a kid")
                }
            }
            guard let n = entry.n, let e = entry.e else {
                throw JWTError(.invalidKey, reason: "JWKS RSA key lacks n or e")
            }
            do {
                keys.append(Key(id: entry.kid, publicKey: try RSAPublicKey(jwkModulus: n, jwkExponent: e)))
            } catch {
                throw JWTError(.invalidKey, reason: "JWKS RSA key is not usable", underlying: error)
            }
        }
        guard !keys.isEmpty else { throw JWTError(.invalidKey, reason: "JWKS document has no RS256 key") }
        self.keys = keys
    }

    /// Every `kid` in the set, sorted (keys without `kid` have none to list).
    package var keyIDs: [String] { keys.compactMap(\.id).sorted() }

    /// The key with `kid`, if any (never a key without `kid`).
    ///
    /// - Parameter kid: The key ID.
    /// - Returns: The key, or `nil`.
    package func key(id kid: String) -> RSAPublicKey? {
        keys.first { $0.id == kid }?.publicKey
    }

    /// The only key, when the set has exactly one, with or without `kid` (for tokens without `kid`).
    var soleKey: RSAPublicKey? {
        keys.count == 1 ? keys[0].publicKey : nil
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

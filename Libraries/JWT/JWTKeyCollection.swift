import Cryptography

/// The HS256 keys of a deployment: one signing key and any number of verification-only keys, by `kid`.
///
/// Rotation: add the next key everywhere as a verification key first, then make it the signing key, and keep
/// the old one as a verification key until the last token it signed has expired (7 days).
///
/// ```swift
/// var keys = try JWTKeyCollection(signingSecret: currentSecret, kid: "2025-07")
/// try keys.addVerificationKey(secret: previousSecret, kid: "2025-06")
/// let signer = JWTSigner(keys: keys)
/// ```
///
/// Verification takes the key named by the token's `kid`; a token without `kid` is checked with the signing key.
/// An immutable value once built: share it freely between threads; to rotate at run time, build a new
/// collection and swap it in.
package struct JWTKeyCollection: Sendable {
    /// A prepared key and the encoded header that signing with it uses.
    struct Key: Sendable {
        var keyID: String?
        var hmac: HMACKey
        /// Base64URL of `{"alg":"HS256","kid":…,"typ":"JWT"}`, computed once.
        var encodedHeader: String
    }

    /// The shortest accepted secret: 32 bytes, the HMAC-SHA256 output size (RFC 7518 §3.2).
    package static let minimumSecretLength = 32
    /// The longest accepted `kid`.
    package static let maximumKeyIDLength = 64

    /// The key that signs new tokens and verifies tokens without `kid`.
    let signingKey: Key
    private var keysByID: [String: Key] = [:]

    /// Creates a collection with its signing key.
    ///
    /// - Parameters:
    ///   - signingSecret: At least 32 random bytes (e.g. ``SecureRandom/bytes(count:)``, stored Base64URL).
    ///   - kid: The key ID written into signed headers; 1–64 characters of `A–Z a–z 0–9 . _ -`. `nil` writes
    ///     no `kid` (then only tokens without `kid` or with the IDs of verification keys can be verified).
    /// - Throws: ``JWTError`` with code `invalidKey`.
    package init(signingSecret: some Sequence<UInt8>, kid: String? = nil) throws(JWTError) {
        let key = try Self.makeKey(secret: signingSecret, keyID: kid)
        self.signingKey = key
        if let kid { keysByID[kid] = key }
    }

    /// Adds a key that verifies tokens carrying its `kid` but signs nothing.
    ///
    /// - Parameters:
    ///   - secret: At least 32 bytes.
    ///   - kid: The key ID, unique in the collection; same character rules as the signing key's.
    /// - Throws: ``JWTError`` with code `invalidKey` for a short secret, a malformed or duplicate `kid`.
    package mutating func addVerificationKey(secret: some Sequence<UInt8>, kid: String) throws(JWTError) {
        guard keysByID[kid] == nil else { throw JWTError(.invalidKey, reason: "duplicate kid") }
        keysByID[kid] = try Self.makeKey(secret: secret, keyID: kid)
    }

    /// The `kid` written into new tokens, if any.
    package var signingKeyID: String? { signingKey.keyID }

    /// Every `kid` that verification recognises, sorted.
    package var keyIDs: [String] { keysByID.keys.sorted() }

    /// The key for a token header's `kid`: the named key, or the signing key when the header has none.
    func key(for keyID: String?) -> Key? {
        guard let keyID else { return signingKey }
        return keysByID[keyID]
    }

    private static func makeKey(secret: some Sequence<UInt8>, keyID: String?) throws(JWTError) -> Key {
        let secret = Array(secret)
        guard secret.count >= minimumSecretLength else {
            throw JWTError(.invalidKey, reason: "HS256 secret is shorter than 32 bytes")
        }
        var header = #"{"alg":"HS256","#
        if let keyID {
            guard isValidKeyID(keyID) else { throw JWTError(.invalidKey, reason: "kid has invalid characters") }
            header += #""kid":"\#(keyID)","#
        }
        header += #""typ":"JWT"}"#
        return Key(keyID: keyID, hmac: HMACKey(secret), encodedHeader: Base64URL.encode(header.utf8))
    }

    /// 1…64 characters of `A–Z a–z 0–9 . _ -`: safe to place in JSON unescaped and in logs.
    private static func isValidKeyID(_ keyID: String) -> Bool {
        let utf8 = keyID.utf8
        return (1...maximumKeyIDLength).contains(utf8.count)
            && utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}

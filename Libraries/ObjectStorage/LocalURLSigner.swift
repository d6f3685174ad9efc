import Cryptography

/// Signs and verifies the local storage's upload and download URLs (used when no S3/R2 bucket is configured).
///
/// The signature is HMAC-SHA256, under a key derived from a configured secret, over the method, the key,
/// the expiry (Unix seconds), the content type and the size limit, each on its own line; it travels as
/// lowercase hex in `sig`. Verification is constant-time and checks the expiry.
package struct LocalURLSigner: Sendable {
    /// Why a signed request was refused.
    package enum Refusal: Error, Sendable, Hashable {
        /// Missing or malformed parameters, or a signature that does not match.
        case invalidSignature
        /// The URL's expiry has passed.
        case expired
    }

    private let key: HMACKey

    /// Creates a signer whose key is derived from `secret` (the internal key or a dedicated signing key).
    package init(secret: some Sequence<UInt8>) {
        key = HMACKey(HMAC.sha256(key: secret, data: Array("paylinks/catalog/local-uploads/v1".utf8)))
    }

    /// The hex signature for the given request parts.
    package func signature(
        method: String,
        key objectKey: String,
        expires: Int64,
        contentType: String,
        maxBytes: Int
    )
        -> String
    {
        Hex.encode(key.authenticationCode(for: Self.message(method, objectKey, expires, contentType, maxBytes)))
    }

    /// Verifies `signature` for the parts, and that `expires` is still in the future at `now`.
    ///
    /// - Throws: ``Refusal``.
    package func verify(
        signature: String,
        method: String,
        key objectKey: String,
        expires: Int64,
        contentType: String,
        maxBytes: Int,
        now: Int64
    ) throws(Refusal) {
        guard signature.utf8.count == 64, let tag = try? Hex.decode(signature),
            key.isValidAuthenticationCode(tag, for: Self.message(method, objectKey, expires, contentType, maxBytes))
        else { throw .invalidSignature }
        guard now < expires else { throw .expired }
    }

    private static func message(
        _ method: String,
        _ key: String,
        _ expires: Int64,
        _ type: String,
        _ max: Int
    )
        -> [UInt8]
    {
        Array("\(method)\n\(key)\n\(expires)\n\(type)\n\(max)".utf8)
    }
}

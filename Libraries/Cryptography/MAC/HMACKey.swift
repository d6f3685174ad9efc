import COpenSSL

/// An HMAC-SHA256 key prepared once and used for many messages from any thread.
///
/// Keying HMAC hashes the padded key and, through `EVP_MAC_init`, looks the digest up by name. An `HMACKey` does
/// that once into a template context; each use duplicates the template (`EVP_MAC_CTX_dup`, a few small copies)
/// and runs only the message through it. This is the form for secrets used on every request: JWT signing keys,
/// webhook signing secrets.
///
/// ```swift
/// let key = HMACKey(secretBytes)
/// let tag = key.authenticationCode(for: signingInput)
/// guard key.isValidAuthenticationCode(received, for: signingInput) else { throw … }
/// ```
///
/// Thread safety: the template is written only in `init` and afterwards only read by `EVP_MAC_CTX_dup`, whose
/// source parameter is `const`; OpenSSL documents such read-only use as safe from several threads
/// (openssl-threads(7)). Every call is non-blocking CPU work of about a microsecond.
// @unchecked Sendable: the EVP_MAC_CTX template is immutable after init and only read (const) by EVP_MAC_CTX_dup.
package final class HMACKey: @unchecked Sendable {
    private let template: OpaquePointer

    /// Prepares `key` for HMAC-SHA256.
    ///
    /// - Parameter key: The secret key; any length, including empty. Callers that need a minimum size (HS256
    ///   wants at least 32 bytes) check it themselves.
    package init(_ key: some Sequence<UInt8>) {
        let mac = HMAC(key: key)
        guard let template = mac.duplicateContext() else { OpenSSL.outOfMemory("EVP_MAC_CTX_dup") }
        self.template = template
    }

    deinit { EVP_MAC_CTX_free(template) }

    /// Starts a streaming HMAC with this key.
    ///
    /// - Returns: A fresh ``HMAC`` that owns its own context.
    package func makeHMAC() -> HMAC {
        guard let context = EVP_MAC_CTX_dup(template) else { OpenSSL.outOfMemory("EVP_MAC_CTX_dup") }
        return HMAC(takingContext: context)
    }

    /// Computes the HMAC-SHA256 tag of `data`.
    ///
    /// - Parameter data: The message.
    /// - Returns: The 32-byte tag.
    package func authenticationCode(for data: some Sequence<UInt8>) -> [UInt8] {
        var mac = makeHMAC()
        mac.update(data)
        return mac.finalize()
    }

    /// Checks in constant time that `tag` is the HMAC-SHA256 of `data`.
    ///
    /// - Parameters:
    ///   - tag: The received tag; a tag of the wrong length is rejected (only the length leaks).
    ///   - data: The message the tag claims to authenticate.
    /// - Returns: `true` if the tag is valid.
    package func isValidAuthenticationCode(_ tag: some Sequence<UInt8>, for data: some Sequence<UInt8>) -> Bool {
        ConstantTime.equals(authenticationCode(for: data), tag)
    }
}

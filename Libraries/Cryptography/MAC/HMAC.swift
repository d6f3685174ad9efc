import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1), one-shot or streaming.
///
/// ```swift
/// let tag = HMAC.sha256(key: secret, data: message.utf8)
///
/// // AWS SigV4 signing-key chain:
/// let kDate = HMAC.sha256(key: Array("AWS4\(secretKey)".utf8), data: date.utf8)
/// let kRegion = HMAC.sha256(key: kDate, data: region.utf8)
///
/// var mac = HMAC(key: secret)
/// mac.update(part1)
/// mac.update(part2)
/// let streamed = mac.finalize()
/// ```
///
/// Keys of any length are accepted, as RFC 2104 allows; longer than 64 bytes are hashed first. To verify a tag
/// use ``HMACKey/isValidAuthenticationCode(_:for:)`` or ``ConstantTime/equals(_:_:)``, never `==`.
/// An `HMAC` value owns an OpenSSL MAC context, so it is noncopyable and not `Sendable`: use one per task.
/// For a key used many times (JWT, webhook secrets) prefer ``HMACKey``, which does the key setup once.
package struct HMAC: ~Copyable {
    /// The tag size of HMAC-SHA256 in bytes (32).
    package static let byteCount = 32

    private let context: OpaquePointer

    /// Starts a streaming HMAC-SHA256 with `key`.
    ///
    /// - Parameter key: The secret key; any length, including empty.
    package init(key: some Sequence<UInt8>) {
        guard let context = EVP_MAC_CTX_new(OpenSSL.hmac) else { OpenSSL.outOfMemory("EVP_MAC_CTX_new") }
        let ok = key.withContiguousBytes {
            paylinks_hmac_sha256_init(context, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count)
        }
        guard ok == 1 else {
            EVP_MAC_CTX_free(context)
            OpenSSL.unexpectedFailure("EVP_MAC_init")
        }
        self.context = context
    }

    /// Takes ownership of an initialised context (a duplicate of an ``HMACKey`` template).
    init(takingContext context: OpaquePointer) {
        self.context = context
    }

    deinit { EVP_MAC_CTX_free(context) }

    /// Returns a keyed copy of the context in its current state, which the caller owns and frees.
    borrowing func duplicateContext() -> OpaquePointer? {
        EVP_MAC_CTX_dup(context)
    }

    /// Feeds more bytes into the MAC.
    ///
    /// - Parameter bytes: The next bytes of the message.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let ok = bytes.withContiguousBytes {
            EVP_MAC_update(context, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count)
        }
        guard ok == 1 else { OpenSSL.unexpectedFailure("EVP_MAC_update") }
    }

    /// Finishes the MAC and returns the 32-byte tag.
    ///
    /// - Returns: HMAC-SHA256 of every byte passed to ``update(_:)``.
    package consuming func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, initialized in
            var length = 0
            guard EVP_MAC_final(context, buffer.baseAddress, &length, Self.byteCount) == 1, length == Self.byteCount
            else { OpenSSL.unexpectedFailure("EVP_MAC_final") }
            initialized = Self.byteCount
        }
    }

    /// Computes HMAC-SHA256 of `data` under `key` in one call.
    ///
    /// - Parameters:
    ///   - key: The secret key; any length, including empty.
    ///   - data: The message, e.g. `[UInt8]` or `string.utf8`.
    /// - Returns: The 32-byte tag.
    package static func sha256(key: some Sequence<UInt8>, data: some Sequence<UInt8>) -> [UInt8] {
        var mac = HMAC(key: key)
        mac.update(data)
        return mac.finalize()
    }
}

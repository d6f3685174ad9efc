import COpenSSL

/// SHA-256 (FIPS 180-4), one-shot or streaming.
///
/// ```swift
/// let digest = SHA256.hash("abc".utf8)       // 32 bytes
/// let hex = SHA256.hash(body).hex            // AWS SigV4 payload hash
///
/// var hasher = SHA256()
/// hasher.update(part1)
/// hasher.update(part2)
/// let streamed = hasher.finalize()
/// ```
///
/// A `SHA256` value owns an OpenSSL digest context, so it is noncopyable and not `Sendable`: use one per task.
/// The static ``hash(_:)`` is safe from any thread and never blocks (microseconds of CPU per kilobyte).
package struct SHA256: ~Copyable {
    /// The digest size in bytes (32).
    package static let byteCount = 32

    private let context: OpaquePointer

    /// Starts a new streaming hash.
    package init() {
        guard let context = EVP_MD_CTX_new() else { OpenSSL.outOfMemory("EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex2(context, OpenSSL.sha256, nil) == 1 else {
            EVP_MD_CTX_free(context)
            OpenSSL.unexpectedFailure("EVP_DigestInit_ex2")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds more bytes into the hash.
    ///
    /// - Parameter bytes: The next bytes of the message.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        let ok = bytes.withContiguousBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        guard ok == 1 else { OpenSSL.unexpectedFailure("EVP_DigestUpdate") }
    }

    /// Finishes the hash and returns the 32-byte digest.
    ///
    /// - Returns: The digest of every byte passed to ``update(_:)``.
    package consuming func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, initialized in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, length == Self.byteCount else {
                OpenSSL.unexpectedFailure("EVP_DigestFinal_ex")
            }
            initialized = Self.byteCount
        }
    }

    /// Hashes `bytes` in one call.
    ///
    /// - Parameter bytes: The message, e.g. `[UInt8]`, `ArraySlice<UInt8>` or `string.utf8`.
    /// - Returns: The 32-byte digest.
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        bytes.withContiguousBytes { message in
            [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
                var length: UInt32 = 0
                let ok = EVP_Digest(
                    message.baseAddress,
                    message.count,
                    buffer.baseAddress,
                    &length,
                    OpenSSL.sha256,
                    nil
                )
                guard ok == 1, length == byteCount else { OpenSSL.unexpectedFailure("EVP_Digest") }
                initialized = byteCount
            }
        }
    }
}

import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`).
///
/// ```swift
/// let secret = SecureRandom.bytes(count: 32)
/// let magicLinkToken = SecureRandom.token()    // 256 bits, 43 Base64URL characters
/// ```
///
/// All functions are safe from any thread and never block once the process is running (the DRBG is seeded
/// from the kernel at first use). A DRBG failure is not recoverable, so, like the standard library's
/// `SystemRandomNumberGenerator`, these functions stop the process rather than return weak bytes.
package enum SecureRandom {
    /// The size of ``token(byteCount:)`` by default: 32 bytes, 256 bits.
    package static let defaultTokenByteCount = 32

    /// Fills `buffer` with random bytes.
    ///
    /// - Parameter buffer: The memory to overwrite.
    package static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, Int(Int32.max))
            guard RAND_bytes(base + offset, Int32(chunk)) == 1 else {
                fatalError("SecureRandom: RAND_bytes failed: \(OpenSSL.drainErrors() ?? "no error")")
            }
            offset += chunk
        }
    }

    /// Returns `count` random bytes.
    ///
    /// - Parameter count: The number of bytes, zero or more.
    /// - Returns: `count` random bytes.
    package static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes(count:) with a negative count")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Returns a random token, Base64URL-encoded without padding, for secrets such as magic-link tokens, API key
    /// secrets and OAuth `state`.
    ///
    /// - Parameter byteCount: The entropy in bytes; default 32 (256 bits, 43 characters).
    /// - Returns: The encoded token.
    package static func token(byteCount: Int = defaultTokenByteCount) -> String {
        Base64URL.encode(bytes(count: byteCount))
    }
}

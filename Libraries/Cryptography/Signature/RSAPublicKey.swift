import COpenSSL

/// An RSA public key that verifies RSASSA-PKCS1-v1_5 signatures with SHA-256 (JWS `RS256`).
///
/// Built from the big-endian modulus and exponent, as a JWK carries them (`n`, `e`, Base64URL), through the
/// OpenSSL 3 `OSSL_PARAM_BLD` / `EVP_PKEY_fromdata` path; verification uses `EVP_DigestVerify`.
///
/// ```swift
/// let key = try RSAPublicKey(jwkModulus: jwk.n, jwkExponent: jwk.e)
/// let ok = key.verifySHA256(signature, signs: signingInput)
/// ```
///
/// Accepted keys: a 2048- to 8192-bit odd modulus and an odd public exponent from 3 to 2^64 − 1. Smaller moduli
/// are forgeable in practice and larger ones only cost CPU; `e = 1` would make every message its own signature.
///
/// Thread safety: the `EVP_PKEY` is written only in `init`; each verification makes its own `EVP_MD_CTX`, and
/// OpenSSL allows concurrent read-only use of a key (openssl-threads(7)). A 2048-bit verification takes tens of
/// microseconds of CPU: fine inline, no blocking.
// @unchecked Sendable: the EVP_PKEY is immutable after init and only used read-only by per-call contexts.
package final class RSAPublicKey: @unchecked Sendable {
    /// The smallest accepted modulus size in bits.
    package static let minimumModulusBitCount = 2048
    /// The largest accepted modulus size in bits.
    package static let maximumModulusBitCount = 8192

    private let key: OpaquePointer

    /// The size of the modulus in bits (e.g. 2048).
    package let modulusBitCount: Int

    /// Creates a key from its big-endian modulus and public exponent.
    ///
    /// - Parameters:
    ///   - modulus: `n`, big-endian, leading zero bytes allowed.
    ///   - exponent: `e`, big-endian, leading zero bytes allowed.
    /// - Throws: ``CryptographyError`` with code `invalidKey` for an unacceptable key, `openSSLFailure` if OpenSSL
    ///   refuses it.
    package init(modulus: [UInt8], exponent: [UInt8]) throws(CryptographyError) {
        let modulus = Array(modulus.drop { $0 == 0 })
        let exponent = Array(exponent.drop { $0 == 0 })
        guard let first = modulus.first, let last = modulus.last, last & 1 == 1 else {
            throw CryptographyError(.invalidKey, reason: "RSA modulus is empty or even")
        }
        let bitCount = modulus.count * 8 - first.leadingZeroBitCount
        guard (Self.minimumModulusBitCount...Self.maximumModulusBitCount).contains(bitCount) else {
            throw CryptographyError(.invalidKey, reason: "RSA modulus must have 2048 to 8192 bits")
        }
        guard (1...8).contains(exponent.count), let lastExponentByte = exponent.last, lastExponentByte & 1 == 1,
            exponent.count > 1 || lastExponentByte >= 3
        else {
            throw CryptographyError(.invalidKey, reason: "RSA public exponent must be odd, at least 3, at most 64 bits")
        }
        self.key = try Self.makeKey(modulus: modulus, exponent: exponent)
        self.modulusBitCount = bitCount
    }

    /// Creates a key from a JWK's `n` and `e` members (Base64URL, unpadded).
    ///
    /// - Parameters:
    ///   - jwkModulus: The JWK `n` member.
    ///   - jwkExponent: The JWK `e` member (usually `"AQAB"`, 65537).
    /// - Throws: ``CryptographyError`` with code `invalidBase64` or `invalidKey`.
    package convenience init(jwkModulus: String, jwkExponent: String) throws(CryptographyError) {
        try self.init(modulus: Base64URL.decode(jwkModulus), exponent: Base64URL.decode(jwkExponent))
    }

    deinit { EVP_PKEY_free(key) }

    /// Verifies an RSASSA-PKCS1-v1_5 SHA-256 signature (JWS `RS256`).
    ///
    /// - Parameters:
    ///   - signature: The signature; it must be exactly as long as the modulus.
    ///   - message: The signed bytes (for a JWS, `header.payload` as ASCII).
    /// - Returns: `true` only if the signature is valid for `message` under this key.
    package func verifySHA256(_ signature: some Sequence<UInt8>, signs message: some Sequence<UInt8>) -> Bool {
        guard let context = EVP_MD_CTX_new() else { OpenSSL.outOfMemory("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        // The default padding of an RSA EVP_PKEY is PKCS#1 v1.5, which is what RS256 needs.
        guard paylinks_digest_verify_init_sha256(context, key) == 1 else {
            _ = OpenSSL.drainErrors()
            return false
        }
        let result = signature.withContiguousBytes { signature in
            message.withContiguousBytes { message in
                EVP_DigestVerify(
                    context,
                    signature.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    signature.count,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    message.count
                )
            }
        }
        guard result == 1 else {
            // A bad signature queues an error; drop it so it is not blamed on the next OpenSSL user.
            _ = OpenSSL.drainErrors()
            return false
        }
        return true
    }

    private static func makeKey(modulus: [UInt8], exponent: [UInt8]) throws(CryptographyError) -> OpaquePointer {
        guard let key = paylinks_rsa_public_key_new(modulus, modulus.count, exponent, exponent.count) else {
            throw failure("EVP_PKEY_fromdata")
        }
        return key
    }

    private static func failure(_ function: String) -> CryptographyError {
        CryptographyError(
            .openSSLFailure,
            reason: "\(function) rejected the RSA key",
            openSSLError: OpenSSL.drainErrors()
        )
    }
}

import Cryptography
import Testing

@Suite struct RSAPublicKeyTests {
    /// RFC 7515 appendix A.2: the RSA public key (JWK `n`, `e`), the JWS signing input and its RS256 signature.
    enum RFC7515 {
        static let modulus =
            "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mP"
            + "ddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-"
            + "pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"
            + "bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2"
            + "CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aG"
            + "hyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9"
            + "gb54h4FRWyuXpoQ"
        static let exponent = "AQAB"
        static let signingInput =
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb2"
            + "90Ijp0cnVlfQ"
        static let signature =
            "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3"
            + "XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9C"
            + "UAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5"
            + "h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_"
            + "dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6I"
            + "eYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0"
            + "igcN_IoypGlUPQGe77Rw"
    }

    /// A 2048-bit key and signatures made with the `openssl` CLI (the commands are in JWTTests'
    /// `OpenSSLRS256Fixtures`): `openssl dgst -sha256 -sign` over "PayLinks RSA test vector", with PKCS#1 v1.5
    /// and with PSS.
    enum OpenSSLVectors {
        static let modulus =
            "oibYdKTsOw82P5Uc3rg26YD_Doq4TS211ajbeT2hBGJo-K2e3smhp"
            + "RNI_0knj1_RtIbDMcKEMkShujB2FoX615APB1AK9yjt3iYdfLIQsL_"
            + "2Ql9igu8q89wX0g3pvoW6dHpBs9eBEbX1bdVAPSs31Y6k33GJ4oUB3"
            + "H4pwa5lRQtodquJBri9-n_yF2yQo4qGN1dXwblG6GhYqmdSunpFLrC"
            + "BWCn-6JLt-DEcLpurZzpBgU8xJjdU2LYpRlI-Z7K-S5hbtmRg7hbdP"
            + "utzppjHRnvMYf6YHCFAmDiRJGAAJ4ez7t8BWUZZDdPZ2OJkSdpnsgL"
            + "rx8vQtDd3fQ9r_Jy75w"
        static let message = "PayLinks RSA test vector"
        static let pkcs1Signature =
            "b117mMYgEDwSWP2_nKxw5JEJl1BIFinaH5P8lXwgJw27nsbEBdkrb"
            + "PEIFZ5_7kxJjcXm44Fp5-a7ob9Utpx2gX4tbXFMkm7WJKT5PSapf5W"
            + "Yv4woIukDqbD3_odxafSOmsWTDQlYFw-oAcJMaoOUu4s_kwqVyQjiY"
            + "bJyKxsuJ_veDMLGpV1ITVokAGzQ7bhcieWxG8ZLsC7hlzI-6Bxa2Ta"
            + "Vwapv4GOseSuL8TT9UZ76xDLF0wKA7WRLS-b8keX4HPB4B-CJzDqJE"
            + "k67_MrYD_81T1KCt0FpAmEplQnr2baWiNa5VzaGm7ag7RWv_IhpNZh"
            + "0OZZ4LR3NW0DGQjebUA"
        static let pssSignature =
            "aJoEB1FjwwZW-6H-vxYvF_CRcHOAzCGyDJ_4mEW8qLu-sTWtR-P8S"
            + "QzbWShBXkWB4xfSCFueC0VG8Gjb78AXfWMJCT2NQRdT1omX_7B4JH4"
            + "2ADOh6T0oyVm87-tQGhNH16tIN1PzvuRNd8-IFA629kYaoS6cA2t77"
            + "8BHDVUMqq5i_38u7qI7azXhHytxH1R1a3XUUtZqai8waZM9L4QszqvK"
            + "gcoyVzztIYQFM9EMvVTTNVTZ07qep7PNWNkiZRevAXEcCKc7PN7kX3"
            + "ybx5vlKcGulQzCdsgMvKOF1eYW44hgvghGQ7PW3Lm8E2ZVd3YhFhfpx"
            + "yMk8oT1GhM1xem8Ag"
        /// A 1024-bit modulus from `openssl genrsa 1024`: too small to accept.
        static let smallModulus =
            "s0ZIVuUfUJA93X4XrTUdzWmSaz6-JaGi39sH7bZviYkzLnb0N9bXlOC"
            + "irvhh8Li3ZOnPMrZAACFo3cmZtVzhins_jK9jOEpMPxkJAfrfmvMbxP"
            + "LmzuBageDbnvrCqlUenh2YSHUrfyXmgp9LzTfAfAUJk0XfcANxMi-4wQIkhl8"
    }

    private func rfcKey() throws -> RSAPublicKey {
        try RSAPublicKey(jwkModulus: RFC7515.modulus, jwkExponent: RFC7515.exponent)
    }

    @Test func verifiesTheRFC7515RS256Example() throws {
        let key = try rfcKey()
        #expect(key.modulusBitCount == 2048)
        let signature = try Base64URL.decode(RFC7515.signature)
        #expect(key.verifySHA256(signature, signs: RFC7515.signingInput.utf8))
    }

    @Test func verifiesAnOpenSSLCLISignature() throws {
        let key = try RSAPublicKey(jwkModulus: OpenSSLVectors.modulus, jwkExponent: "AQAB")
        let signature = try Base64URL.decode(OpenSSLVectors.pkcs1Signature)
        #expect(key.verifySHA256(signature, signs: OpenSSLVectors.message.utf8))
    }

    struct Tampering: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable ([UInt8]) -> [UInt8]
        var testDescription: String { name }
    }

    static let tamperings: [Tampering] = [
        Tampering(name: "first bit flipped") {
            var s = $0
            s[0] ^= 0x80
            return s
        },
        Tampering(name: "last bit flipped") {
            var s = $0
            s[s.count - 1] ^= 0x01
            return s
        },
        Tampering(name: "truncated") { Array($0.dropLast()) },
        Tampering(name: "extended") { $0 + [0] },
        Tampering(name: "leading zero added") { [0] + $0 },
        Tampering(name: "all zeros") { [UInt8](repeating: 0, count: $0.count) },
        Tampering(name: "empty") { _ in [] },
        Tampering(name: "reversed") { $0.reversed() },
    ]

    @Test(arguments: tamperings)
    func rejectsATamperedSignature(_ tampering: Tampering) throws {
        let key = try rfcKey()
        let signature = tampering.change(try Base64URL.decode(RFC7515.signature))
        #expect(!key.verifySHA256(signature, signs: RFC7515.signingInput.utf8))
    }

    @Test func rejectsAChangedMessage() throws {
        let key = try rfcKey()
        let signature = try Base64URL.decode(RFC7515.signature)
        #expect(!key.verifySHA256(signature, signs: (RFC7515.signingInput + "x").utf8))
        #expect(!key.verifySHA256(signature, signs: [UInt8]()))
    }

    @Test func rejectsASignatureFromAnotherKey() throws {
        let signature = try Base64URL.decode(OpenSSLVectors.pkcs1Signature)
        #expect(!(try rfcKey()).verifySHA256(signature, signs: OpenSSLVectors.message.utf8))
    }

    @Test func rejectsAPSSSignatureOfTheSameKey() throws {
        let key = try RSAPublicKey(jwkModulus: OpenSSLVectors.modulus, jwkExponent: "AQAB")
        let signature = try Base64URL.decode(OpenSSLVectors.pssSignature)
        #expect(!key.verifySHA256(signature, signs: OpenSSLVectors.message.utf8))
    }

    struct BadKey: Sendable, CustomTestStringConvertible {
        var name: String
        var modulus: [UInt8]
        var exponent: [UInt8]
        var code: CryptographyError.Code
        var testDescription: String { name }
    }

    static let badKeys: [BadKey] = {
        let rfcModulus = (try? Base64URL.decode(RFC7515.modulus)) ?? []
        let smallModulus = (try? Base64URL.decode(OpenSSLVectors.smallModulus)) ?? []
        return [
            BadKey(name: "1024-bit modulus", modulus: smallModulus, exponent: [1, 0, 1], code: .invalidKey),
            BadKey(name: "empty modulus", modulus: [], exponent: [1, 0, 1], code: .invalidKey),
            BadKey(name: "zero modulus", modulus: [0, 0, 0], exponent: [1, 0, 1], code: .invalidKey),
            BadKey(
                name: "even modulus",
                modulus: Array(rfcModulus.dropLast()) + [rfcModulus.last! & 0xFE],
                exponent: [1, 0, 1],
                code: .invalidKey
            ),
            BadKey(
                name: "8200-bit modulus",
                modulus: [0x01] + [UInt8](repeating: 0xFF, count: 1025),
                exponent: [1, 0, 1],
                code: .invalidKey
            ),
            BadKey(name: "exponent 1", modulus: rfcModulus, exponent: [1], code: .invalidKey),
            BadKey(name: "exponent 0", modulus: rfcModulus, exponent: [0], code: .invalidKey),
            BadKey(name: "empty exponent", modulus: rfcModulus, exponent: [], code: .invalidKey),
            BadKey(name: "even exponent", modulus: rfcModulus, exponent: [1, 0, 0], code: .invalidKey),
            BadKey(
                name: "exponent over 64 bits",
                modulus: rfcModulus,
                exponent: [1] + [UInt8](repeating: 0, count: 7) + [1],
                code: .invalidKey
            ),
        ]
    }()

    @Test(arguments: badKeys)
    func rejectsUnacceptableKeys(_ bad: BadKey) {
        let error = #expect(throws: CryptographyError.self) {
            try RSAPublicKey(modulus: bad.modulus, exponent: bad.exponent)
        }
        #expect(error?.code == bad.code)
    }

    @Test func acceptsLeadingZerosAndExponentThree() throws {
        let modulus = try Base64URL.decode(RFC7515.modulus)
        let key = try RSAPublicKey(modulus: [0, 0] + modulus, exponent: [0, 3])
        #expect(key.modulusBitCount == 2048)
    }

    @Test func rejectsInvalidBase64URLInAJWK() {
        let error = #expect(throws: CryptographyError.self) {
            try RSAPublicKey(jwkModulus: RFC7515.modulus + "=", jwkExponent: "AQAB")
        }
        #expect(error?.code == .invalidBase64)
    }
}

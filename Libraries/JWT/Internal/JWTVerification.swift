/// The verification pipeline shared by every algorithm, in the order that keeps untrusted parsing minimal:
///
/// 1. bound the length and split into exactly three non-empty segments;
/// 2. decode the header (strict Base64URL, JSON object);
/// 3. require `alg` to be the verifier's one algorithm, `typ` (if present) to be `JWT`, no `crit`;
/// 4. select the key and check the signature over `header.payload` (the caller's closure);
/// 5. only then decode the payload;
/// 6. check `exp`/`nbf`/`iat`, then the payload's own checks.
enum JWTVerification {
    /// The signature check of one algorithm: select the key from the header, verify, throw on failure.
    typealias SignatureCheck = (
        _ header: JWTHeader, _ signingInput: ArraySlice<UInt8>, _ signature: [UInt8]
    ) throws(JWTError) -> Void

    static func verify<Payload: JWTPayload>(
        _ token: String,
        as type: Payload.Type,
        algorithm: String,
        configuration: JWTConfiguration,
        now: Int64,
        checkSignature: SignatureCheck
    ) throws(JWTError) -> Payload {
        let jws = try CompactJWS(token, maximumLength: configuration.maximumTokenLength)
        let header = try JWTJSON.decodeObject(JWTHeader.self, from: jws.header(), part: .header)
        guard let headerAlgorithm = header.algorithm else {
            throw JWTError(.unsupportedAlgorithm, reason: "header has no alg")
        }
        guard headerAlgorithm == algorithm else {
            throw JWTError(.unsupportedAlgorithm, reason: "alg is not \(algorithm)")
        }
        if let type = header.type, type.uppercased() != "JWT" {
            throw JWTError(.malformed, reason: "typ is not JWT")
        }
        guard !header.hasCriticalExtensions else {
            throw JWTError(.malformed, reason: "header has crit extensions")
        }
        try checkSignature(header, jws.signingInput, jws.signature())
        let payload = try JWTJSON.decodeObject(Payload.self, from: jws.payload(), part: .payload)
        try payload.timeClaims.verify(now: now, leeway: configuration.leeway)
        try payload.verifyClaims(now: now)
        return payload
    }
}

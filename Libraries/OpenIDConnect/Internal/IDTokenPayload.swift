import JWT

/// The JSON payload of an ID token, as ``IDTokenVerifier`` decodes it after the signature has been checked.
///
/// `iss`, `aud`, `sub`, `exp` and `iat` are required (OpenID Connect Core §2); `nbf` is checked when present.
struct IDTokenPayload: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nbf: NotBeforeClaim?
    var azp: String?
    var nonce: String?
    var email: String?
    var emailVerified: LenientBool?
    var name: String?

    private enum CodingKeys: String, CodingKey {
        case iss, aud, sub, exp, iat, nbf, azp, nonce, email, name
        case emailVerified = "email_verified"
    }

    var timeClaims: JWTTimeClaims { JWTTimeClaims(expiration: exp, notBefore: nbf, issuedAt: iat) }
}

/// A JSON boolean, or the strings `"true"`/`"false"` that some providers have sent for `email_verified`.
struct LenientBool: Codable, Hashable {
    var value: Bool

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            value = bool
            return
        }
        switch try container.decode(String.self) {
        case "true": value = true
        case "false": value = false
        default:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a boolean")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

import JWT

/// The claims of the RFC 7515 appendix A examples: `{"iss":"joe","exp":1300819380,"http://example.com/is_root":true}`.
struct RFC7515Claims: JWTPayload, Equatable {
    var iss: String
    var exp: ExpirationClaim
    var isRoot: Bool

    enum CodingKeys: String, CodingKey {
        case iss
        case exp
        case isRoot = "http://example.com/is_root"
    }

    var timeClaims: JWTTimeClaims { JWTTimeClaims(expiration: exp) }
}

/// A payload with every registered time claim, for `nbf` and leeway tests.
struct TimedClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?

    var timeClaims: JWTTimeClaims { JWTTimeClaims(expiration: exp, notBefore: nbf, issuedAt: iat) }
}

/// The shape of a Google ID token's claims, as the auth service will declare it.
struct GoogleIDTokenClaims: JWTPayload, Equatable {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var email: String?
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    var timeClaims: JWTTimeClaims { JWTTimeClaims(expiration: exp, issuedAt: iat) }
}

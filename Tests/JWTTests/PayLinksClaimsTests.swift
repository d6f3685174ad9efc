import Foundation
import JWT
import Testing

@Suite struct PayLinksClaimsTests {
    @Test func encodesTheWireNames() throws {
        let claims = PayLinksClaims(subject: "u1", role: .admin, tokenVersion: 2, issuedAt: 10, expiresAt: 20)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(claims), as: UTF8.self)
        #expect(json == #"{"exp":20,"iat":10,"role":"ADMIN","sub":"u1","tv":2}"#)
    }

    @Test(arguments: PayLinksClaims.Role.allCases)
    func rolesRoundTrip(_ role: PayLinksClaims.Role) throws {
        let claims = PayLinksClaims(subject: "u1", role: role, tokenVersion: 0, issuedAt: 10, expiresAt: 20)
        let decoded = try JSONDecoder().decode(PayLinksClaims.self, from: JSONEncoder().encode(claims))
        #expect(decoded == claims)
        #expect(
            decoded.timeClaims
                == JWTTimeClaims(expiration: ExpirationClaim(value: 20), issuedAt: IssuedAtClaim(value: 10))
        )
    }

    @Test func verifyClaimsBoundsSubjectAndTokenVersion() throws {
        let valid = PayLinksClaims(
            subject: String(repeating: "u", count: 255),
            role: .user,
            tokenVersion: 0,
            issuedAt: 10,
            expiresAt: 20
        )
        try valid.verifyClaims(now: 15)
        var tooLong = valid
        tooLong.subject = SubjectClaim(value: String(repeating: "u", count: 256))
        #expect(throws: JWTError.self) { try tooLong.verifyClaims(now: 15) }
        var negative = valid
        negative.tokenVersion = -1
        let error = #expect(throws: JWTError.self) { try negative.verifyClaims(now: 15) }
        #expect(error?.claim == "tv")
    }
}

import JWT
import Testing

@Suite struct IssuerClaimTests {
    private static let google = ["https://accounts.google.com", "accounts.google.com"]

    @Test(arguments: google)
    func acceptsListedIssuers(_ issuer: String) throws {
        try IssuerClaim(value: issuer).verify(isOneOf: Self.google)
    }

    @Test(arguments: ["https://evil.example", "https://accounts.google.com/", "ACCOUNTS.GOOGLE.COM", ""])
    func rejectsOthers(_ issuer: String) {
        let error = #expect(throws: JWTError.self) { try IssuerClaim(value: issuer).verify(isOneOf: Self.google) }
        #expect(error?.code == .invalidClaim)
        #expect(error?.claim == "iss")
    }
}

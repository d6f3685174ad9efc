import Foundation
import JWT
import OpenIDConnect
import Testing

/// ``IDTokenVerifier`` against tokens forged by ``FakeProviderScript`` with keys the test controls.
@Suite struct IDTokenVerifierTests {
    private struct Case: CustomStringConvertible {
        var name: String
        var edit: @Sendable (inout [String: Any], _ issuer: String, _ now: Int) -> Void = { _, _, _ in }
        var key = "k1"
        var kid: String? = "k1"
        var alg = "RS256"
        var nonce: String? = "expected-nonce"
        var issuers: [String]? = nil
        /// `nil`: must verify.
        var expected: OpenIDConnectError.Code?
        var description: String { name }
    }

    private static let clientID = "paylinks-test-client"

    private static let cases: [Case] = [
        Case(name: "valid, kid", expected: nil),
        Case(name: "valid, no kid (one key tried after another)", kid: nil, expected: nil),
        Case(name: "valid, aud as a plain string", edit: { c, _, _ in c["aud"] = clientID }, expected: nil),
        Case(
            name: "valid, no nonce expected (One Tap)",
            edit: { c, _, _ in c["nonce"] = nil },
            nonce: nil,
            expected: nil
        ),
        Case(
            name: "valid within the 60 s leeway",
            edit: { c, _, now in
                c["iat"] = now - 3600
                c["exp"] = now - 30
            },
            expected: nil
        ),
        Case(name: "issued within the 60 s leeway", edit: { c, _, now in c["iat"] = now + 30 }, expected: nil),
        Case(
            name: "valid, several audiences with azp = client",
            edit: { c, _, _ in
                c["aud"] = [clientID, "other-client"]
                c["azp"] = clientID
            },
            expected: nil
        ),
        Case(
            name: "several audiences, azp another client",
            edit: { c, _, _ in
                c["aud"] = [clientID, "other-client"]
                c["azp"] = "other-client"
            },
            expected: .invalidAuthorizedParty
        ),
        Case(
            name: "several audiences, no azp",
            edit: { c, _, _ in c["aud"] = ["other-client", clientID] },
            expected: .invalidAuthorizedParty
        ),
        Case(name: "wrong nonce", edit: { c, _, _ in c["nonce"] = "attacker-nonce" }, expected: .nonceMismatch),
        Case(name: "nonce missing when expected", edit: { c, _, _ in c["nonce"] = nil }, expected: .nonceMismatch),
        Case(name: "wrong audience", edit: { c, _, _ in c["aud"] = ["someone-else"] }, expected: .invalidAudience),
        Case(name: "wrong issuer", edit: { c, _, _ in c["iss"] = "https://evil.example" }, expected: .invalidIssuer),
        Case(
            name: "issuer with a trailing slash",
            edit: { c, iss, _ in c["iss"] = iss + "/" },
            expected: .invalidIssuer
        ),
        Case(
            name: "expired",
            edit: { c, _, now in
                c["iat"] = now - 7200
                c["exp"] = now - 120
            },
            expected: .expired
        ),
        Case(
            name: "issued in the future",
            edit: { c, _, now in
                c["iat"] = now + 600
                c["exp"] = now + 3600
            },
            expected: .issuedInFuture
        ),
        Case(name: "not valid yet", edit: { c, _, now in c["nbf"] = now + 600 }, expected: .notYetValid),
        Case(name: "no sub", edit: { c, _, _ in c["sub"] = nil }, expected: .missingClaim),
        Case(name: "no iat", edit: { c, _, _ in c["iat"] = nil }, expected: .missingClaim),
        Case(name: "alg none", alg: "none", expected: .unsupportedAlgorithm),
        Case(name: "HS256 with the public key as secret", alg: "HS256", expected: .unsupportedAlgorithm),
        Case(name: "signed by an unpublished key, kid k1", key: "other", expected: .invalidSignature),
        Case(name: "signed by an unpublished key, no kid", key: "other", kid: nil, expected: .invalidSignature),
        Case(name: "unknown kid", key: "k2", kid: "k2", expected: .unknownKey),
    ]

    @Test func theTableOfForgedTokens() async throws {
        try await ProviderPeer.withFake { provider in
            let keys = try JWKSet(json: try await provider.jwks())
            let verifier = IDTokenVerifier(acceptedIssuers: [provider.issuer], clientID: Self.clientID)
            let now = Date()
            for testCase in Self.cases {
                var claims = standardClaims(issuer: provider.issuer, audience: [Self.clientID], now: now)
                testCase.edit(&claims, provider.issuer, Int(now.timeIntervalSince1970))
                let token = try await provider.sign(claims, key: testCase.key, kid: testCase.kid, alg: testCase.alg)
                let outcome = await failureCode {
                    let verified = try verifier.verify(token, keys: keys, nonce: testCase.nonce, now: now)
                    #expect(verified.subject == "user-1", "\(testCase)")
                    #expect(verified.email == "ana@example.com" && verified.emailVerified, "\(testCase)")
                }
                #expect(outcome == testCase.expected, "\(testCase)")
            }
        }
    }

    @Test func aTamperedPayloadFailsTheSignature() async throws {
        try await ProviderPeer.withFake { provider in
            let keys = try JWKSet(json: try await provider.jwks())
            let verifier = IDTokenVerifier(acceptedIssuers: [provider.issuer], clientID: Self.clientID)
            var claims = standardClaims(issuer: provider.issuer, audience: [Self.clientID])
            let token = try await provider.sign(claims)
            #expect(try verifier.verify(token, keys: keys, nonce: nil, now: Date()).email == "ana@example.com")
            claims["email"] = "victim@example.com"
            let forged = try await provider.sign(claims, key: "other")
            let parts = token.split(separator: ".")
            let spliced = [parts[0], forged.split(separator: ".")[1], parts[2]].joined(separator: ".")
            let outcome = await failureCode { _ = try verifier.verify(spliced, keys: keys, nonce: nil, now: Date()) }
            #expect(outcome == .invalidSignature)
        }
    }

    @Test func garbageIsMalformed() async throws {
        try await ProviderPeer.withFake { provider in
            let keys = try JWKSet(json: try await provider.jwks())
            let verifier = IDTokenVerifier(acceptedIssuers: [provider.issuer], clientID: Self.clientID)
            let valid = try await provider.sign(standardClaims(issuer: provider.issuer, audience: Self.clientID))
            let garbage = ["", "abc", "a.b", "a.b.c", "....", valid + ".x", String(repeating: "x", count: 20_000)]
            for token in garbage {
                let outcome = await failureCode { _ = try verifier.verify(token, keys: keys, nonce: nil, now: Date()) }
                #expect(outcome == .malformedToken, "\(token.prefix(20))")
            }
        }
    }

    @Test func googleIssuerIsAcceptedWithAndWithoutScheme() async throws {
        try await ProviderPeer.withFake { provider in
            let keys = try JWKSet(json: try await provider.jwks())
            var configuration = provider.configuration(clientID: Self.clientID)
            configuration.issuer = OpenIDProviderConfiguration.googleIssuer
            let verifier = IDTokenVerifier(configuration: configuration)
            for issuer in ["https://accounts.google.com", "accounts.google.com"] {
                let token = try await provider.sign(standardClaims(issuer: issuer, audience: Self.clientID))
                #expect(try verifier.verify(token, keys: keys, nonce: nil, now: Date()).issuer == issuer)
            }
            let other = try await provider.sign(
                standardClaims(issuer: "http://accounts.google.com", audience: Self.clientID)
            )
            let outcome = await failureCode { _ = try verifier.verify(other, keys: keys, nonce: nil, now: Date()) }
            #expect(outcome == .invalidIssuer)
        }
    }

    @Test func emailVerifiedAsAStringAndAbsent() async throws {
        try await ProviderPeer.withFake { provider in
            let keys = try JWKSet(json: try await provider.jwks())
            let verifier = IDTokenVerifier(acceptedIssuers: [provider.issuer], clientID: Self.clientID)
            var claims = standardClaims(issuer: provider.issuer, audience: Self.clientID)
            claims["email_verified"] = "true"
            #expect(
                try verifier.verify(try await provider.sign(claims), keys: keys, nonce: nil, now: Date()).emailVerified
            )
            claims["email_verified"] = "false"
            #expect(
                !(try verifier.verify(try await provider.sign(claims), keys: keys, nonce: nil, now: Date())
                    .emailVerified)
            )
            claims["email_verified"] = nil
            #expect(
                !(try verifier.verify(try await provider.sign(claims), keys: keys, nonce: nil, now: Date())
                    .emailVerified)
            )
        }
    }
}

import Foundation
import OpenIDConnect
import Synchronization
import Testing

/// Key rotation: an unknown `kid` refetches the JWKS, at most once per minimum interval.
@Suite struct JWKSRefreshTests {
    /// A clock the test moves forward.
    private final class TestClock: Sendable {
        private let offset = Mutex<TimeInterval>(0)
        func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
        var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    }

    @Test func anUnknownKidRefetchesOnceAndFindsTheRotatedKey() async throws {
        try await ProviderPeer.withFake { provider in
            let clock = TestClock()
            let client = provider.client(now: { clock.now })
            let claims = standardClaims(issuer: provider.issuer, audience: "paylinks-test-client")

            let first = try await provider.sign(claims, key: "k1", kid: "k1")
            #expect(try await client.verifyIDToken(first, nonce: "expected-nonce").subject == "user-1")
            #expect(try await provider.jwksFetches() == 1)
            // Cached: a second token costs no fetch.
            #expect(try await client.verifyIDToken(first, nonce: nil).subject == "user-1")
            #expect(try await provider.jwksFetches() == 1)

            // The provider rotates; the first token with the new kid triggers one refetch.
            try await provider.rotate()
            clock.advance(by: 61)
            let rotated = try await provider.sign(claims, key: "k2", kid: "k2")
            #expect(try await client.verifyIDToken(rotated, nonce: nil).subject == "user-1")
            #expect(try await provider.jwksFetches() == 2)

            // Unknown kids within the minute do not refetch.
            let bogus = try await provider.sign(claims, key: "other", kid: "k9")
            for _ in 0..<3 {
                #expect(await failureCode { _ = try await client.verifyIDToken(bogus, nonce: nil) } == .unknownKey)
            }
            #expect(try await provider.jwksFetches() == 2)
            clock.advance(by: 61)
            #expect(await failureCode { _ = try await client.verifyIDToken(bogus, nonce: nil) } == .unknownKey)
            #expect(try await provider.jwksFetches() == 3)
        }
    }

    @Test func aTokenWithoutKidIsTriedAgainstEveryKey() async throws {
        try await ProviderPeer.withFake { provider in
            try await provider.rotate()
            let client = provider.client()
            let claims = standardClaims(issuer: provider.issuer, audience: "paylinks-test-client")
            for key in ["k1", "k2"] {
                let token = try await provider.sign(claims, key: key, kid: nil)
                #expect(try await client.verifyIDToken(token, nonce: nil).email == "ana@example.com")
            }
            let forged = try await provider.sign(claims, key: "other", kid: nil)
            #expect(await failureCode { _ = try await client.verifyIDToken(forged, nonce: nil) } == .invalidSignature)
        }
    }

    @Test func keysPublishedWithoutKidStillVerifyTokensWithoutKid() async throws {
        try await ProviderPeer.withFake { provider in
            try await provider.rotate()
            try await provider.stripKeyIDs()
            let client = provider.client()
            let claims = standardClaims(issuer: provider.issuer, audience: "paylinks-test-client")
            for key in ["k1", "k2"] {
                let token = try await provider.sign(claims, key: key, kid: nil)
                #expect(try await client.verifyIDToken(token, nonce: nil).subject == "user-1")
            }
            let forged = try await provider.sign(claims, key: "other", kid: nil)
            #expect(await failureCode { _ = try await client.verifyIDToken(forged, nonce: nil) } == .invalidSignature)
        }
    }
}

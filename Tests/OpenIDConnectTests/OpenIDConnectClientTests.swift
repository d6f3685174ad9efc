import Foundation
import HTTPClient
import OpenIDConnect
import Synchronization
import Testing

/// ``OpenIDConnectClient`` against the real `oidc-provider-mock`: discovery, the code flow with PKCE and
/// nonce driven headless, and the failures a relying party must catch.
@Suite struct OpenIDConnectClientTests {
    @Test func discoveryGivesTheProvidersEndpoints() async throws {
        try await ProviderPeer.withMock { provider in
            let metadata = try await provider.client().metadata()
            #expect(metadata.issuer == provider.issuer)
            #expect(metadata.authorizationEndpoint == provider.issuer + "/oauth2/authorize")
            #expect(metadata.tokenEndpoint == provider.issuer + "/oauth2/token")
            #expect(metadata.jwksURI == provider.issuer + "/jwks")
        }
    }

    @Test func theAuthorizationURLCarriesPKCEStateNonceAndScopes() async throws {
        try await ProviderPeer.withMock { provider in
            let request = OpenIDAuthorizationRequest.random()
            let url = try await provider.client().authorizationURL(for: request)
            let components = try #require(URLComponents(string: url))
            let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
            #expect(url.hasPrefix(provider.issuer + "/oauth2/authorize?"))
            #expect(query["response_type"] == "code")
            #expect(query["client_id"] == "paylinks-test-client")
            #expect(query["redirect_uri"] == "http://127.0.0.1:1/api/v1/auth/google/callback")
            #expect(query["scope"] == "openid email profile")
            #expect(query["state"] == request.state && request.state.count == 43)
            #expect(query["nonce"] == request.nonce && request.nonce != request.state)
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["code_challenge"] == OpenIDAuthorizationRequest.codeChallenge(for: request.codeVerifier))
            #expect(query["code_challenge"] != request.codeVerifier)
        }
    }

    @Test func rfc7636AppendixBCodeChallenge() {
        #expect(
            OpenIDAuthorizationRequest.codeChallenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        )
    }

    @Test func theCodeFlowSignsTheUserIn() async throws {
        try await ProviderPeer.withMock { provider in
            try await provider.setUser(
                "google-sub-1",
                claims: ["email": "ana@example.com", "email_verified": true, "name": "Ana Pop"]
            )
            let client = provider.client()
            let request = OpenIDAuthorizationRequest.random()
            let callback = try await provider.approve(
                try await client.authorizationURL(for: request),
                as: "google-sub-1"
            )
            #expect(callback["state"] == request.state)
            let code = try #require(callback["code"])
            let claims = try await client.signIn(code: code, request: request)
            #expect(claims.subject == "google-sub-1")
            #expect(claims.email == "ana@example.com")
            #expect(claims.emailVerified)
            #expect(claims.name == "Ana Pop")
            #expect(claims.issuer == provider.issuer)

            // The code is single-use at the provider.
            let reused = await failureCode {
                _ = try await client.exchange(code: code, codeVerifier: request.codeVerifier)
            }
            #expect(reused == .codeRejected)
        }
    }

    @Test func aNonceOtherThanTheRequestsIsRejected() async throws {
        try await ProviderPeer.withMock { provider in
            try await provider.setUser("sub-2", claims: ["email": "b@example.com", "email_verified": true])
            let client = provider.client()
            let request = OpenIDAuthorizationRequest.random()
            let code = try #require(
                try await provider.approve(try await client.authorizationURL(for: request), as: "sub-2")["code"]
            )
            let outcome = await failureCode {
                _ = try await client.signIn(code: code, codeVerifier: request.codeVerifier, nonce: "another-nonce")
            }
            #expect(outcome == .nonceMismatch)
        }
    }

    @Test func anIDTokenForAnotherClientIsRejected() async throws {
        try await ProviderPeer.withMock { provider in
            try await provider.setUser("sub-3", claims: ["email": "c@example.com", "email_verified": true])
            let other = provider.client(clientID: "someone-elses-client")
            let request = OpenIDAuthorizationRequest.random()
            let code = try #require(
                try await provider.approve(try await other.authorizationURL(for: request), as: "sub-3")["code"]
            )
            let tokens = try await other.exchange(code: code, codeVerifier: request.codeVerifier)
            #expect(try await other.verifyIDToken(tokens.idToken, nonce: request.nonce).email == "c@example.com")
            let outcome = await failureCode {
                _ = try await provider.client().verifyIDToken(tokens.idToken, nonce: nil)
            }
            #expect(outcome == .invalidAudience)
        }
    }

    @Test func anUnknownCodeIsRejected() async throws {
        try await ProviderPeer.withMock { provider in
            let outcome = await failureCode {
                _ = try await provider.client().exchange(code: "not-a-code", codeVerifier: "v")
            }
            #expect(outcome == .codeRejected)
        }
    }

    @Test func anUnreachableProviderIsProviderUnavailable() async throws {
        let http = HTTPClient(logger: ProviderPeer.logger)
        let client = OpenIDConnectClient(
            configuration: OpenIDProviderConfiguration(
                issuer: "http://127.0.0.1:1",
                clientID: "c",
                clientSecret: "s",
                redirectURI: "http://127.0.0.1:1/cb"
            ),
            httpClient: http,
            logger: ProviderPeer.logger
        )
        let outcome = await failureCode { _ = try await client.authorizationURL(for: .random()) }
        #expect(outcome == .providerUnavailable)
        let error = try #require(await captured { _ = try await client.verifyIDToken("a.b.c", nonce: nil) })
        #expect(error.isProviderFailure)
        await http.shutdown()
    }

    @Test func aDiscoveryDocumentForAnotherIssuerIsRefused() throws {
        let configuration = OpenIDProviderConfiguration(
            issuer: "https://accounts.google.com/",
            clientID: "c",
            clientSecret: "s",
            redirectURI: "r"
        )
        #expect(configuration.issuer == "https://accounts.google.com")
        let good =
            #"{"issuer":"https://accounts.google.com","authorization_endpoint":"a","token_endpoint":"t","jwks_uri":"j"}"#
        #expect(try OpenIDProviderMetadata(json: Array(good.utf8), configuration: configuration).jwksURI == "j")
        let evil =
            #"{"issuer":"https://evil.example","authorization_endpoint":"a","token_endpoint":"t","jwks_uri":"j"}"#
        #expect(throws: OpenIDConnectError.self) {
            try OpenIDProviderMetadata(json: Array(evil.utf8), configuration: configuration)
        }
        #expect(throws: OpenIDConnectError.self) {
            try OpenIDProviderMetadata(json: Array("[]".utf8), configuration: configuration)
        }
    }
}

/// The ``OpenIDConnectError`` `body` threw, if any.
func captured(_ body: () async throws -> Void) async -> OpenIDConnectError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? OpenIDConnectError
    }
}

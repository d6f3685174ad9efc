import Foundation
import TestSupport
import Testing

extension PlatformTests {
    /// Issue 4 end to end: magic link over a real SMTP server, Google sign-in against a local OIDC provider, API
    /// keys, and the gateway accepting the tokens auth issues — all through the gateway, real processes.
    @Suite struct SignInTests {
        @Test func aMagicLinkArrivesOverSMTPAndItsTokenSignsIn() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let client = EdgeClient(port: platform.ports.gateway)
            let email = "magic-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"

            let requested = try await client.send("POST", "/api/v1/auth/request", json: ["email": email])
            #expect(requested.status == 200, "\(requested.bodyText)")
            #expect(EdgeClient.object(requested)["ok"] as? Bool == true, "\(requested.bodyText)")

            let mail = try #require(try await MailReader.messages(to: email, count: 1, smtp: peers.smtp).first)
            let sent = try #require(peers.smtp.messages().first { $0.recipients.contains(email) })
            #expect(sent.login == peers.smtp.username, "messaging authenticated over STARTTLS")
            #expect(mail.from.contains("no-reply@paylinks.test"), "\(mail.from)")
            #expect(mail.subject.lowercased().contains("sign"), "\(mail.subject)")
            let link = try #require(MailReader.link(in: mail.text), "no sign-in link in: \(mail.text)")
            let magicToken = try #require(link.queryItems?.first { $0.name == "token" }?.value)
            SecretLedger.record(magicToken)
            #expect(magicToken.count >= 43, "256-bit token, base64url")
            #expect(link.path == "/api/v1/auth/verify", "\(link)")

            let verified = try await client.send("GET", "/api/v1/auth/verify?token=\(magicToken)")
            #expect(verified.status == 200, "\(verified.bodyText)")
            let body = EdgeClient.object(verified)
            let jwt = try #require(body["token"] as? String, "\(verified.bodyText)")
            SecretLedger.record(jwt)
            #expect(body["needsOnboarding"] as? Bool == true, "a new account still has to onboard")

            let me = try await client.send("GET", "/api/v1/me", token: jwt)
            #expect(me.status == 200, "\(me.bodyText)")
            let profile = EdgeClient.object(me)
            #expect(profile["email"] as? String == email, "\(me.bodyText)")
            #expect(profile["role"] as? String == "USER")
            #expect(profile["needsOnboarding"] as? Bool == true)

            let onboarded = try await client.send(
                "POST",
                "/api/v1/me/onboarding",
                json: ["name": "Ana Pop", "businessName": "Ana Design SRL", "country": "RO", "defaultCurrency": "EUR"],
                token: jwt
            )
            #expect(onboarded.status == 200, "\(onboarded.bodyText)")
            #expect(EdgeClient.object(onboarded)["needsOnboarding"] as? Bool == false, "\(onboarded.bodyText)")
            let settings = try await client.send("GET", "/api/v1/settings/me", token: jwt)
            #expect(EdgeClient.object(settings)["defaultCurrency"] as? String == "EUR", "\(settings.bodyText)")

            let reused = try await client.send("GET", "/api/v1/auth/verify?token=\(magicToken)")
            #expect(reused.status == 400, "\(reused.bodyText)")
            #expect(PlatformHTTP.errorCode(reused) == "INVALID_TOKEN", "\(reused.bodyText)")
        }

        @Test func anExpiredOrUnknownMagicTokenIsRefused() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let client = EdgeClient(port: platform.ports.gateway)
            let email = "expired-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            _ = try await client.send("POST", "/api/v1/auth/request", json: ["email": email])
            let mail = try #require(try await MailReader.messages(to: email, count: 1, smtp: peers.smtp).first)
            let token = try #require(MailReader.link(in: mail.text)?.queryItems?.first { $0.name == "token" }?.value)
            SecretLedger.record(token)
            try await PostgresShell.run(
                "UPDATE auth.magic_link_tokens SET expires_at = now() - interval '1 second' WHERE email = '\(email)'",
                on: platform
            )
            let expired = try await client.send("GET", "/api/v1/auth/verify?token=\(token)")
            #expect(expired.status == 400, "\(expired.bodyText)")
            #expect(PlatformHTTP.errorCode(expired) == "INVALID_TOKEN", "\(expired.bodyText)")

            let unknown = try await client.send(
                "GET",
                "/api/v1/auth/verify?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            )
            #expect(unknown.status == 400, "\(unknown.bodyText)")
            #expect(PlatformHTTP.errorCode(unknown) == "INVALID_TOKEN", "\(unknown.bodyText)")
            let missing = try await client.send("GET", "/api/v1/auth/verify")
            #expect(missing.status == 400, "\(missing.bodyText)")
        }

        @Test func aRedirectToAForeignOriginIsRefused() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let request = try await client.send(
                "POST",
                "/api/v1/auth/request",
                json: ["email": "redirect@paylinks.test", "redirectTo": "https://evil.example/steal"]
            )
            #expect(request.status == 400, "\(request.bodyText)")
            #expect(PlatformHTTP.errorCode(request) == "INVALID_REDIRECT", "\(request.bodyText)")
            let google = try await client.send(
                "GET",
                "/api/v1/auth/google/start?redirectTo=https%3A%2F%2Fevil.example%2F"
            )
            #expect(google.status == 400, "\(google.bodyText)")
            #expect(PlatformHTTP.errorCode(google) == "INVALID_REDIRECT", "\(google.bodyText)")
            let allowed = try await client.send(
                "POST",
                "/api/v1/auth/request",
                json: [
                    "email": "redirect@paylinks.test",
                    "redirectTo": "http://localhost:\(platform.ports.gateway)/auth/callback",
                ]
            )
            #expect(allowed.status == 200, "\(allowed.bodyText)")
        }

        @Test func theGoogleCodeFlowSignsInAgainstTheProvider() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let client = EdgeClient(port: platform.ports.gateway)
            let email = "google-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            let subject = "g-\(UUID().uuidString.lowercased())"
            try await peers.oidc.setUser(subject, claims: ["email": email, "email_verified": true, "name": "Ion G"])

            let flow = try await GoogleFlow.start(client: client, peers: peers)
            #expect(flow.authorization.queryValue("client_id") == SignInPeers.googleClientID)
            #expect(flow.authorization.queryValue("code_challenge_method") == "S256")
            #expect((flow.authorization.queryValue("code_challenge") ?? "").count == 43)
            #expect((flow.authorization.queryValue("nonce") ?? "").count >= 16)
            #expect(flow.authorization.queryValue("scope")?.contains("openid") == true)
            #expect(
                flow.authorization.queryValue("redirect_uri")
                    == "http://localhost:\(platform.ports.gateway)/api/v1/auth/google/callback"
            )
            let callback = try await flow.consent(as: subject, peers: peers)
            let signedIn = try await client.send("GET", callback)
            #expect(signedIn.status == 200, "\(signedIn.bodyText)")
            let body = EdgeClient.object(signedIn)
            let jwt = try #require(body["token"] as? String, "\(signedIn.bodyText)")
            SecretLedger.record(jwt)
            let user = body["user"] as? [String: Any] ?? [:]
            #expect(user["email"] as? String == email, "\(signedIn.bodyText)")
            #expect(user["role"] as? String == "USER")
            #expect(body["needsOnboarding"] as? Bool == true)

            let me = try await client.send("GET", "/api/v1/me", token: jwt)
            #expect(EdgeClient.object(me)["email"] as? String == email, "\(me.bodyText)")
            #expect(EdgeClient.object(me)["id"] as? String == user["id"] as? String)

            let replayed = try await client.send("GET", callback)
            #expect(replayed.status == 400, "\(replayed.bodyText)")
            #expect(PlatformHTTP.errorCode(replayed) == "INVALID_STATE", "\(replayed.bodyText)")
        }

        @Test func aCallbackWithAWrongStateOrNonceIsRefused() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let client = EdgeClient(port: platform.ports.gateway)
            let subject = "g-\(UUID().uuidString.lowercased())"
            try await peers.oidc.setUser(
                subject,
                claims: ["email": "\(subject)@paylinks.test", "email_verified": true]
            )
            let unknownState = try await client.send(
                "GET",
                "/api/v1/auth/google/callback?code=abc&state=not-a-state-we-issued"
            )
            #expect(unknownState.status == 400, "\(unknownState.bodyText)")
            #expect(PlatformHTTP.errorCode(unknownState) == "INVALID_STATE", "\(unknownState.bodyText)")

            // Two flows: the provider's answer to B (with B's nonce) presented with A's state.
            let first = try await GoogleFlow.start(client: client, peers: peers)
            let second = try await GoogleFlow.start(client: client, peers: peers)
            let secondCallback = try #require(
                URLComponents(string: try await second.consent(as: subject, peers: peers))
            )
            let code = try #require(secondCallback.queryItems?.first { $0.name == "code" }?.value)
            let firstState = try #require(first.authorization.queryValue("state"))
            SecretLedger.record(code)
            let mixed = try await client.send(
                "GET",
                "/api/v1/auth/google/callback?code=\(code)&state=\(firstState)"
            )
            #expect(mixed.status == 401, "\(mixed.bodyText)")
            #expect(PlatformHTTP.errorCode(mixed) == "INVALID_ID_TOKEN", "\(mixed.bodyText)")
        }

        @Test func oneTapAcceptsTheProvidersIDTokenOnly() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let client = EdgeClient(port: platform.ports.gateway)
            let email = "onetap-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            let subject = "g-\(UUID().uuidString.lowercased())"
            try await peers.oidc.setUser(subject, claims: ["email": email, "email_verified": true])
            let credential = try await GoogleFlow.idToken(for: subject, peers: peers)
            SecretLedger.record(credential)

            let signedIn = try await client.send("POST", "/api/v1/auth/google/onetap", json: ["credential": credential])
            #expect(signedIn.status == 200, "\(signedIn.bodyText)")
            let body = EdgeClient.object(signedIn)
            let jwt = try #require(body["token"] as? String, "\(signedIn.bodyText)")
            SecretLedger.record(jwt)
            #expect((body["user"] as? [String: Any])?["email"] as? String == email, "\(signedIn.bodyText)")
            let me = try await client.send("GET", "/api/v1/me", token: jwt)
            #expect(EdgeClient.object(me)["email"] as? String == email)

            var tampered = Array(credential.utf8)
            tampered[tampered.count - 5] = tampered[tampered.count - 5] == UInt8(ascii: "A") ? 66 : 65
            for bad in [String(decoding: tampered, as: UTF8.self), "not-a-jwt", ""] {
                let refused = try await client.send("POST", "/api/v1/auth/google/onetap", json: ["credential": bad])
                #expect([400, 401].contains(refused.status), "\(bad.prefix(10)): \(refused.bodyText)")
                #expect(PlatformHTTP.errorCode(refused) != nil, "\(refused.bodyText)")
            }
        }

        @Test func signupThenKeyExchangeThenRevocation() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let email = "dev-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            let account = try await APIAccount.signUp(email: email, client: client)

            let exchanged = try await client.send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": account.keyID, "keySecret": account.keySecret]
            )
            #expect(exchanged.status == 200, "\(exchanged.bodyText)")
            let exchange = EdgeClient.object(exchanged)
            #expect(Set(exchange.keys) == ["token", "tokenType", "expiresInSeconds", "user"], "\(exchanged.bodyText)")
            #expect(exchange["tokenType"] as? String == "Bearer")
            #expect(exchange["expiresInSeconds"] as? Int == 3600)
            let user = exchange["user"] as? [String: Any] ?? [:]
            #expect(Set(user.keys) == ["id", "email", "role"], "\(exchanged.bodyText)")
            #expect(user["email"] as? String == email)
            let jwt = try #require(exchange["token"] as? String)
            SecretLedger.record(jwt)
            let me = try await client.send("GET", "/api/v1/me", token: jwt)
            #expect(me.status == 200, "\(me.bodyText)")
            #expect(EdgeClient.object(me)["id"] as? String == account.userID)

            let created = try await client.send("POST", "/api/v1/auth/api-keys", json: ["name": "CI"], token: jwt)
            #expect(created.status == 201, "\(created.bodyText)")
            let second = EdgeClient.object(created)
            let secondID = try #require(second["keyId"] as? String)
            let secondSecret = try #require(second["keySecret"] as? String)
            SecretLedger.record(secondSecret)
            #expect(secondID.hasPrefix("plk_") && secondSecret.hasPrefix("pls_"))

            let listed = try await client.send("GET", "/api/v1/auth/api-keys", token: jwt)
            #expect(listed.status == 200, "\(listed.bodyText)")
            #expect(listed.bodyText.contains(account.keyID) && listed.bodyText.contains(secondID), "\(listed.bodyText)")
            #expect(!listed.bodyText.contains(account.keySecret) && !listed.bodyText.contains(secondSecret))

            let wrongSecret = try await client.send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": account.keyID, "keySecret": secondSecret]
            )
            #expect(wrongSecret.status == 401, "\(wrongSecret.bodyText)")
            #expect(PlatformHTTP.errorCode(wrongSecret) == "INVALID_CREDENTIALS", "\(wrongSecret.bodyText)")

            let revoked = try await client.send("DELETE", "/api/v1/auth/api-keys/\(account.keyID)", token: jwt)
            #expect(revoked.status == 200, "\(revoked.bodyText)")
            let afterRevoke = try await client.send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": account.keyID, "keySecret": account.keySecret]
            )
            #expect(afterRevoke.status == 401, "\(afterRevoke.bodyText)")
            #expect(PlatformHTTP.errorCode(afterRevoke) == "INVALID_CREDENTIALS", "\(afterRevoke.bodyText)")
            let stillWorks = try await client.send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": secondID, "keySecret": secondSecret]
            )
            #expect(stillWorks.status == 200, "\(stillWorks.bodyText)")
            SecretLedger.record(EdgeClient.object(stillWorks)["token"] as? String)
        }
    }
}

/// An account made through `POST /auth/api/signup`.
struct APIAccount {
    var userID: String
    var keyID: String
    var keySecret: String
    var token: String

    static func signUp(email: String, client: EdgeClient) async throws -> APIAccount {
        let response = try await client.send(
            "POST",
            "/api/v1/auth/api/signup",
            json: ["email": email, "name": "Dev", "keyName": "Primary integration"]
        )
        #expect(response.status == 201, "\(response.bodyText)")
        let body = EdgeClient.object(response)
        let user = try #require(body["user"] as? [String: Any], "\(response.bodyText)")
        let key = try #require(body["apiKey"] as? [String: Any], "\(response.bodyText)")
        let account = APIAccount(
            userID: try #require(user["id"] as? String),
            keyID: try #require(key["keyId"] as? String),
            keySecret: try #require(key["keySecret"] as? String),
            token: try #require(body["token"] as? String)
        )
        SecretLedger.record(account.keySecret)
        SecretLedger.record(account.token)
        #expect(account.keyID.hasPrefix("plk_"), "\(account.keyID)")
        #expect(account.keySecret.hasPrefix("pls_"))
        #expect(body["tokenType"] as? String == "Bearer")
        #expect(body["expiresInSeconds"] as? Int == 3600)
        return account
    }
}

/// The Google code flow driven headless: our `/auth/google/start`, the provider's consent form answered with a
/// subject, and the callback URL the provider redirects the browser to.
struct GoogleFlow {
    /// The provider's authorization URL our start route redirected to.
    var authorization: URLComponents

    static func start(client: EdgeClient, peers: SignInPeers) async throws -> GoogleFlow {
        let started = try await client.send("GET", "/api/v1/auth/google/start")
        #expect(started.status == 302, "\(started.bodyText)")
        let location = try #require(started.header("Location"), "no Location")
        #expect(location.hasPrefix(peers.oidc.issuer + "/oauth2/authorize?"), "\(location)")
        let components = try #require(URLComponents(string: location))
        SecretLedger.record(components.queryValue("state"))
        return GoogleFlow(authorization: components)
    }

    /// Consents as `subject` at the provider and returns the path and query of our callback it redirects to.
    func consent(as subject: String, peers: SignInPeers) async throws -> String {
        let answer = try await peers.oidc.approve(authorization.string ?? "", as: subject)
        SecretLedger.record(answer["code"])
        var callback = URLComponents()
        callback.path = "/api/v1/auth/google/callback"
        callback.queryItems = answer.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return callback.string ?? ""
    }

    /// An ID token the provider issues to the platform's client for `subject` (what One Tap posts).
    static func idToken(for subject: String, peers: SignInPeers) async throws -> String {
        try await peers.oidc.idToken(
            for: subject,
            clientID: SignInPeers.googleClientID,
            clientSecret: SignInPeers.googleClientSecret
        )
    }
}

extension URLComponents {
    /// The first value of query item `name`.
    func queryValue(_ name: String) -> String? { queryItems?.first { $0.name == name }?.value }
}

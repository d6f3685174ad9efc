import Foundation
import Glibc
import JWT
import TestSupport
import Testing

extension PlatformTests {
    /// Issue 4's edge rules end to end: which tokens the gateway refuses, revocation, PyJWT interoperability,
    /// X-Currency, body limits and the magic-link rate limits.
    @Suite struct EdgeTests {
        /// A signed-up account and the platform's JWT secret (from `<data>/local.env`).
        private func account(_ client: EdgeClient, _ platform: PlatformInstance) async throws -> (APIAccount, String) {
            let email = "edge-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            let account = try await APIAccount.signUp(email: email, client: client)
            let secret = try #require(try await platform.localSecrets()["PAYLINKS_JWT_SECRET"])
            return (account, secret)
        }

        @Test func theGatewayRefusesEveryMalformedOrForgedToken() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let (account, secret) = try await account(client, platform)
            let now = Int64(time(nil))
            func sign(_ claims: PayLinksClaims, secret: String) throws -> String {
                try JWTSigner(keys: try JWTKeyCollection(signingSecret: Array(secret.utf8))).sign(claims)
            }
            func claims(
                tv: Int = 0,
                iat: Int64 = now,
                exp: Int64 = now + 600,
                role: PayLinksClaims.Role = .user
            )
                -> PayLinksClaims
            {
                PayLinksClaims(subject: account.userID, role: role, tokenVersion: tv, issuedAt: iat, expiresAt: exp)
            }
            let valid = try sign(claims(), secret: secret)
            #expect(try await client.send("GET", "/api/v1/me", token: valid).status == 200, "a valid token works")

            let parts = valid.split(separator: ".").map(String.init)
            func base64url(_ text: String) -> String {
                Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            }
            let adminPayload = base64url(
                #"{"sub":"\#(account.userID)","role":"ADMIN","tv":0,"iat":\#(now),"exp":\#(now + 600)}"#
            )
            let cases: [(String, String)] = [
                ("expired", try sign(claims(iat: now - 7200, exp: now - 3600), secret: secret)),
                ("tampered payload", parts[0] + "." + adminPayload + "." + parts[2]),
                ("tampered signature", parts[0] + "." + parts[1] + "." + String(parts[2].reversed())),
                ("alg none", base64url(#"{"alg":"none","typ":"JWT"}"#) + "." + parts[1] + "."),
                ("wrong key", try sign(claims(), secret: String(repeating: "w", count: 48))),
                ("RS256-labelled", base64url(#"{"alg":"RS256","typ":"JWT"}"#) + "." + parts[1] + "." + parts[2]),
                ("future token version", try sign(claims(tv: 7), secret: secret)),
                ("malformed: one part", "abc"),
                ("malformed: two parts", "abc.def"),
                ("malformed: four parts", valid + ".x"),
                ("malformed: not base64", "!!!.???.***"),
            ]
            for (name, token) in cases {
                let refused = try await client.send("GET", "/api/v1/me", token: token)
                #expect(refused.status == 401, "\(name): \(refused.bodyText)")
                #expect(PlatformHTTP.errorCode(refused) == "UNAUTHORIZED", "\(name): \(refused.bodyText)")
                #expect(
                    EdgeClient.object(refused)["error"] as? [String: String] == [
                        "message": "Unauthorized", "code": "UNAUTHORIZED",
                    ],
                    "\(name): the seed's exact body"
                )
            }
            let basic = try await client.send("GET", "/api/v1/me", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == 401, "\(basic.bodyText)")
            let anonymous = try await client.send("GET", "/api/v1/settings/me")
            #expect(anonymous.status == 401, "\(anonymous.bodyText)")
        }

        @Test func logoutAllRevokesOlderTokensWithinASecond() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let (account, _) = try await account(client, platform)
            #expect(try await client.send("GET", "/api/v1/me", token: account.token).status == 200)
            let loggedOut = try await client.send("POST", "/api/v1/auth/logout-all", token: account.token)
            #expect(loggedOut.status == 200, "\(loggedOut.bodyText)")
            let start = ContinuousClock.now
            let refused = try await eventually(within: .seconds(1), every: .milliseconds(20)) {
                try await client.send("GET", "/api/v1/me", token: account.token).status == 401
            }
            #expect(refused, "the old token still worked 1 s after logout-all")
            #expect(ContinuousClock.now - start < .seconds(1))
            let again = try await client.send("GET", "/api/v1/me", token: account.token)
            #expect(again.status == 401, "\(again.bodyText)")

            let exchanged = try await client.send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": account.keyID, "keySecret": account.keySecret]
            )
            let fresh = try #require(EdgeClient.object(exchanged)["token"] as? String, "\(exchanged.bodyText)")
            SecretLedger.record(fresh)
            #expect(try await client.send("GET", "/api/v1/me", token: fresh).status == 200, "a new token works")
        }

        @Test func ourTokensVerifyWithPyJWTAndPyJWTTokensWorkWithUs() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let (account, secret) = try await account(client, platform)
            let decode = """
                import json, sys, jwt
                token, secret = sys.stdin.read().split("\\n")[:2]
                header = jwt.get_unverified_header(token)
                claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "iat", "sub"]})
                print(json.dumps({"header": header, "claims": claims}))
                """
            let decoded = try await PythonPeer.run(script: decode, standardInput: account.token + "\n" + secret)
            #expect(decoded.status == 0, "PyJWT refused our token: \(decoded.errors)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(decoded.output.utf8)) as? [String: [String: Any]]
            )
            #expect(object["header"]?["alg"] as? String == "HS256")
            let claims = object["claims"] ?? [:]
            #expect(claims["sub"] as? String == account.userID)
            #expect(claims["role"] as? String == "USER")
            #expect(claims["tv"] as? Int == 0)
            let iat = try #require(claims["iat"] as? Int)
            let exp = try #require(claims["exp"] as? Int)
            #expect(exp - iat == 3600, "signup tokens last an hour")

            let encode = """
                import sys, time, jwt
                sub, secret = sys.stdin.read().split("\\n")[:2]
                now = int(time.time())
                print(jwt.encode({"sub": sub, "role": "USER", "tv": 0, "iat": now, "exp": now + 300}, secret,
                                 algorithm="HS256"))
                """
            let encoded = try await PythonPeer.run(script: encode, standardInput: account.userID + "\n" + secret)
            #expect(encoded.status == 0, "\(encoded.errors)")
            let theirs = encoded.output.trimmingCharacters(in: .whitespacesAndNewlines)
            SecretLedger.record(theirs)
            let me = try await client.send("GET", "/api/v1/me", token: theirs)
            #expect(me.status == 200, "PyJWT's token was refused: \(me.bodyText)")
            #expect(EdgeClient.object(me)["id"] as? String == account.userID)
        }

        @Test func badCurrencyBodiesAndTypesAreClearErrors() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let (account, _) = try await account(client, platform)
            for value in ["USD", "RON,EUR", "", "EURO", "R0N"] {
                let response = try await client.send(
                    "GET",
                    "/api/v1/me",
                    token: account.token,
                    headers: [("X-Currency", value)]
                )
                #expect(response.status == 400, "X-Currency \(value): \(response.bodyText)")
                #expect(PlatformHTTP.errorCode(response) == "INVALID_CURRENCY", "\(response.bodyText)")
            }
            for value in ["EUR", "gbp", "Ron"] {
                let response = try await client.send(
                    "GET",
                    "/api/v1/me",
                    token: account.token,
                    headers: [("X-Currency", value)]
                )
                #expect(response.status == 200, "X-Currency \(value): \(response.bodyText)")
            }
            let oversized = try await client.send(
                "POST",
                "/api/v1/auth/request",
                rawBody: Array(#"{"email":"big@paylinks.test","pad":""#.utf8) + Array(repeating: 0x61, count: 64 * 1024)
                    + Array(#""}"#.utf8)
            )
            #expect(oversized.status == 413, "\(oversized.bodyText)")
            #expect(PlatformHTTP.errorCode(oversized) != nil)
            let bodies: [(String, [UInt8])] = [
                ("email as a number", Array(#"{"email": 5}"#.utf8)),
                ("not JSON", Array("email=a@b.c".utf8)),
                ("invalid email", Array(#"{"email": "not-an-email"}"#.utf8)),
                ("array", Array("[]".utf8)),
                ("truncated", Array(#"{"email": "a@b.c""#.utf8)),
            ]
            for (name, body) in bodies {
                let response = try await client.send("POST", "/api/v1/auth/request", rawBody: body)
                #expect(response.status == 400, "\(name): \(response.bodyText)")
                #expect(PlatformHTTP.errorCode(response) != nil, "\(name): \(response.bodyText)")
            }
            let settings = try await client.send(
                "PUT",
                "/api/v1/settings/me",
                json: ["payoutInterval": "hourly", "defaultCurrency": "USD"],
                token: account.token
            )
            #expect(settings.status == 400, "\(settings.bodyText)")
            let wrongType = try await client.send(
                "PUT",
                "/api/v1/settings/me",
                json: ["autoPayouts": "yes"],
                token: account.token
            )
            #expect(wrongType.status == 400, "\(wrongType.bodyText)")
            #expect(wrongType.bodyText.contains("autoPayouts"), "names the field: \(wrongType.bodyText)")
        }

        @Test func aThousandMagicLinkRequestsForOneEmailSendOnlyTheLimit() async throws {
            let platform = try await SharedPlatform.shared.running()
            let peers = try await SharedPlatform.shared.signInPeers()
            let target = "burst-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            // From many addresses, so the per-IP limits are not what stops them: the per-email limit must.
            let clients = (0..<100).map { _ in EdgeClient(port: platform.ports.gateway) }
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<20 {
                    group.addTask {
                        var seen: [Int] = []
                        for index in stride(from: worker, to: 1000, by: 20) {
                            let response = try await clients[index % clients.count].send(
                                "POST",
                                "/api/v1/auth/request",
                                json: ["email": target]
                            )
                            if response.status == 429 {
                                #expect(Int(response.header("Retry-After") ?? "") ?? 0 >= 1, "Retry-After")
                            }
                            seen.append(response.status)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 1000)
            #expect(statuses.filter { $0 == 200 }.count == SignInPeers.magicLinkLimit, "\(Set(statuses))")
            #expect(statuses.filter { $0 == 429 }.count == 1000 - SignInPeers.magicLinkLimit)

            let other = "other-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test"
            let unaffected = try await EdgeClient(port: platform.ports.gateway).send(
                "POST",
                "/api/v1/auth/request",
                json: ["email": other]
            )
            #expect(unaffected.status == 200, "\(unaffected.bodyText)")
            _ = try await MailReader.messages(to: other, count: 1, smtp: peers.smtp)
            let delivered = try await MailReader.messages(
                to: target,
                count: SignInPeers.magicLinkLimit,
                smtp: peers.smtp
            )
            try await Task.sleep(for: .seconds(1))
            #expect(delivered.count == SignInPeers.magicLinkLimit)
            #expect(peers.smtp.messages().filter { $0.recipients.contains(target) }.count == SignInPeers.magicLinkLimit)
            for message in delivered {
                SecretLedger.record(MailReader.link(in: message.text)?.queryItems?.first { $0.name == "token" }?.value)
            }
        }

        @Test func oneClientHammeringAuthIsLimitedPerIP() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            var limited: HTTPTestResponse?
            for index in 0..<200 {
                let response = try await client.send(
                    "POST",
                    "/api/v1/auth/api/token",
                    json: ["keyId": "plk_nope\(index)", "keySecret": "pls_nope"]
                )
                if response.status == 429 {
                    limited = response
                    break
                }
                #expect(response.status == 401, "\(response.bodyText)")
            }
            let response = try #require(limited, "200 auth requests from one IP were never limited")
            #expect(PlatformHTTP.errorCode(response) == "RATE_LIMITED", "\(response.bodyText)")
            #expect(Int(response.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(response.header("RateLimit-Limit") != nil && response.header("RateLimit-Remaining") == "0")
            let elsewhere = try await EdgeClient(port: platform.ports.gateway).send(
                "POST",
                "/api/v1/auth/api/token",
                json: ["keyId": "plk_nope", "keySecret": "pls_nope"]
            )
            #expect(elsewhere.status == 401, "another client is not limited: \(elsewhere.bodyText)")
        }
    }
}

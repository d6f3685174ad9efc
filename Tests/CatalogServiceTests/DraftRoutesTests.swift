import CatalogService
import Foundation
import LogKit
import ServiceIdentity
import TestSupport
import Testing

/// `POST /api/v1/paylinks/ai-draft`: auth and prompt validation, the rules drafter, and the OpenAI-compatible
/// path against a local fake chat-completions server (good answer used; every bad answer falls back to rules).
@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct DraftRoutesTests {
    private static let seller = CallerIdentity(
        userID: "01937a7e-0000-7000-8000-0000000000aa",
        role: .user,
        currency: "RON"
    )
    private static let apiKey = "sk-test-7f3a9c-secret"

    /// A chat-completions server: the scenario comes from a `[scenario]` tag in the user message. It prints one
    /// JSON line per request (Authorization header, model, response_format) after its port line.
    private static let fakeLLM = #"""
        import json, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        GOOD = {"title": "Curs de pâine", "description": "Learn to bake.", "priceType": "FIXED",
                "serviceType": "DIGITAL_PRODUCT", "amount": 12345, "currency": "EUR", "minAmount": None,
                "recurringInterval": None}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                user = [m["content"] for m in body["messages"] if m["role"] == "user"][0]
                print(json.dumps({"path": self.path, "auth": self.headers.get("Authorization"),
                                  "model": body.get("model"), "format": body.get("response_format"),
                                  "roles": [m["role"] for m in body["messages"]]}), flush=True)
                if self.headers.get("Authorization") != "Bearer sk-test-7f3a9c-secret":
                    return self.reply(401, {"error": {"message": "bad key"}})
                content = json.dumps(GOOD)
                if "[error]" in user:
                    return self.reply(500, {"error": {"message": "boom"}})
                if "[slow]" in user:
                    time.sleep(3)
                if "[invalid-json]" in user:
                    content = "Sure! Here is your paylink: {title: Bread"
                if "[bad-enum]" in user:
                    content = json.dumps(dict(GOOD, priceType="CHEAP"))
                if "[float-amount]" in user:
                    content = json.dumps(dict(GOOD, amount=49.99))
                if "[no-interval]" in user:
                    content = json.dumps(dict(GOOD, serviceType="SUBSCRIPTION"))
                if "[fenced]" in user:
                    content = "```json\n" + json.dumps(dict(GOOD, currency=None, amount=777)) + "\n```"
                if "[not-completion]" in user:
                    return self.reply(200, {"result": GOOD})
                self.reply(200, {"id": "chatcmpl-1", "object": "chat.completion",
                                 "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                              "finish_reason": "stop"}]})

            def reply(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    private func withCatalog(
        settings: [String: String] = [:],
        logger: Logger = Logger(label: "t", level: .error),
        _ body: (LiveService) async throws -> Void
    ) async throws {
        try await LiveService.withService(
            name: "catalog",
            database: true,
            settings: settings,
            logger: logger,
            build: CatalogService.make,
            body
        )
    }

    private func withFakeLLM(_ body: (PythonPeer, [String: String]) async throws -> Void) async throws {
        let peer = try await PythonPeer.start(name: "fake-llm", script: Self.fakeLLM)
        defer { peer.stop() }
        let port = try #require(Int(peer.firstLine))
        try await body(
            peer,
            [
                "CATALOG_LLM_BASE_URL": "http://127.0.0.1:\(port)/v1/",
                "CATALOG_LLM_API_KEY": Self.apiKey,
                "CATALOG_LLM_MODEL": "fake-model-1",
                "CATALOG_LLM_TIMEOUT": "800ms",
            ]
        )
    }

    private func draft(
        _ catalog: LiveService,
        _ prompt: Any,
        as identity: CallerIdentity? = seller
    ) async throws -> (status: Int, object: [String: Any], text: String) {
        let body = try JSONSerialization.data(withJSONObject: ["prompt": prompt])
        let response = try await catalog.request(
            "POST",
            "/api/v1/paylinks/ai-draft",
            as: identity,
            headers: [("Content-Type", "application/json")],
            body: Array(body)
        )
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        return (response.status, object, response.bodyText)
    }

    // MARK: Without a model

    @Test func rulesDraftHasTheCreateRequestShape() async throws {
        try await withCatalog { catalog in
            let result = try await draft(catalog, "A cooking course for beginners, 99 RON")
            #expect(result.status == 200)
            #expect(result.object["title"] as? String == "Cooking course for beginners")
            #expect(result.object["amount"] as? Int == 9900)
            #expect(result.object["currency"] as? String == "RON")
            #expect(result.object["priceType"] as? String == "FIXED")
            #expect(result.object["serviceType"] as? String == "DIGITAL_PRODUCT")
            #expect(result.object["paymentType"] as? String == "ONE_TIME")
            #expect(result.object["source"] as? String == "rules")
            #expect(result.object["collectEmail"] as? Bool == true)
            #expect(result.object["description"] as? String == "A cooking course for beginners, 99 RON")
            for key in ["minAmount", "recurringInterval", "trialDays"] {
                #expect(result.object[key] is NSNull, "\(key)")
            }
            #expect(result.object["id"] == nil && result.object["slug"] == nil)
        }
    }

    @Test func currencyFallsBackToTheResolvedRequestCurrency() async throws {
        try await withCatalog { catalog in
            let gbp = CallerIdentity(userID: Self.seller.userID, role: .user, currency: "GBP")
            let result = try await draft(catalog, "Price: 35 for a consulting call", as: gbp)
            #expect(result.status == 200)
            #expect(result.object["currency"] as? String == "GBP")
            #expect(result.object["amount"] as? Int == 3500)
            let explicit = try await draft(catalog, "Abonament 20 lei pe lună", as: gbp)
            #expect(explicit.object["currency"] as? String == "RON")
            #expect(explicit.object["recurringInterval"] as? String == "month")
            #expect(explicit.object["paymentType"] as? String == "RECURRING")
        }
    }

    @Test func requiresASignedInSeller() async throws {
        try await withCatalog { catalog in
            for identity in [CallerIdentity.anonymous, CallerIdentity(userID: nil, role: .user)] {
                let result = try await draft(catalog, "Ebook 10 lei", as: identity)
                #expect(result.status == 401)
                #expect(result.text == #"{"error":{"message":"Unauthorized","code":"UNAUTHORIZED"}}"#)
            }
            let withoutAssertion = try await draft(catalog, "Ebook 10 lei", as: nil)
            #expect(withoutAssertion.status == 401)
        }
    }

    @Test func refusesBadPrompts() async throws {
        try await withCatalog { catalog in
            for prompt in ["", "   \n ", String(repeating: "a", count: 2001)] {
                let result = try await draft(catalog, prompt)
                #expect(result.status == 400)
                #expect((result.object["error"] as? [String: Any])?["code"] as? String == "VALIDATION_ERROR")
                #expect(result.text.contains("prompt"))
            }
            let longest = try await draft(catalog, String(repeating: "ă", count: 2000))
            #expect(longest.status == 200)
            let number = try await draft(catalog, 42)
            #expect(number.status == 400)
            #expect(number.text.contains("prompt"))
            let missing = try await catalog.request(
                "POST",
                "/api/v1/paylinks/ai-draft",
                as: Self.seller,
                headers: [("Content-Type", "application/json")],
                body: Array(#"{"text":"Ebook 10 lei"}"#.utf8)
            )
            #expect(missing.status == 400)
            #expect(missing.bodyText.contains("prompt"))
            let malformed = try await catalog.request(
                "POST",
                "/api/v1/paylinks/ai-draft",
                as: Self.seller,
                headers: [("Content-Type", "application/json")],
                body: Array("{nope".utf8)
            )
            #expect(malformed.status == 400)
        }
    }

    // MARK: With a model

    @Test func usesAValidModelAnswerAndSendsTheKey() async throws {
        try await withFakeLLM { peer, settings in
            try await withCatalog(settings: settings) { catalog in
                let result = try await draft(catalog, "Bread baking course, 99 RON")
                #expect(result.status == 200)
                #expect(result.object["source"] as? String == "llm")
                #expect(result.object["title"] as? String == "Curs de pâine")
                #expect(result.object["amount"] as? Int == 12345)
                #expect(result.object["currency"] as? String == "EUR")
                #expect(result.object["serviceType"] as? String == "DIGITAL_PRODUCT")

                // A fenced answer without currency: the request currency applies.
                let fenced = try await draft(catalog, "Bread [fenced]")
                #expect(fenced.object["source"] as? String == "llm")
                #expect(fenced.object["amount"] as? Int == 777)
                #expect(fenced.object["currency"] as? String == "RON")
            }
            let requests = peer.output().split(separator: "\n").dropFirst().compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(requests.count == 2)
            for request in requests {
                #expect(request["path"] as? String == "/v1/chat/completions")
                #expect(request["auth"] as? String == "Bearer \(Self.apiKey)")
                #expect(request["model"] as? String == "fake-model-1")
                #expect((request["format"] as? [String: Any])?["type"] as? String == "json_object")
                #expect(request["roles"] as? [String] == ["system", "user"])
            }
        }
    }

    @Test(arguments: [
        ("[error]", "status 500"), ("[slow]", "transport: timeout"),
        ("[invalid-json]", "message content is not a draft JSON object"),
        ("[bad-enum]", "draft is not a valid create request: priceType must be FIXED, PAY_WHAT_YOU_WANT or FREE"),
        ("[float-amount]", "draft is not a valid create request: amount is in minor units, e.g. 4999 for 49.99"),
        (
            "[no-interval]",
            "draft is not a valid create request: recurringInterval is required for SUBSCRIPTION (month or year)"
        ),
        ("[not-completion]", "response is not a chat completion"),
    ])
    func fallsBackToRulesWhenTheModelFails(_ scenario: String, _ reason: String) async throws {
        let handler = InMemoryLogHandler()
        try await withFakeLLM { _, settings in
            try await withCatalog(settings: settings, logger: Logger(label: "t", level: .trace, handler: handler)) {
                catalog in
                let started = ContinuousClock.now
                let result = try await draft(catalog, "Curs de gătit \(scenario), 49,99 lei")
                #expect(result.status == 200)
                #expect(result.object["source"] as? String == "rules")
                #expect(result.object["amount"] as? Int == 4999)
                #expect(result.object["currency"] as? String == "RON")
                #expect(result.object["serviceType"] as? String == "DIGITAL_PRODUCT")
                // The slow answer is cut off by CATALOG_LLM_TIMEOUT (800ms), well before the server's 3s.
                #expect(ContinuousClock.now - started < .seconds(2.5))
            }
        }
        let fallbacks = handler.records.filter { $0.message == "ai draft fell back to rules" }
        #expect(fallbacks.count == 1)
        #expect(fallbacks.first?.metadata["reason"] == reason)
        let logged = handler.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!logged.contains(Self.apiKey))
        #expect(!logged.contains("Curs de gătit"))
        // Nor the model's answer (its title, description and the bad enum value).
        for value in ["Curs de pâine", "Learn to bake", "CHEAP"] { #expect(!logged.contains(value), "\(value)") }
    }

    @Test func aWrongKeyFallsBackToRules() async throws {
        try await withFakeLLM { _, settings in
            var wrong = settings
            wrong["CATALOG_LLM_API_KEY"] = "sk-wrong"
            try await withCatalog(settings: wrong) { catalog in
                let result = try await draft(catalog, "Ebook €15")
                #expect(result.status == 200)
                #expect(result.object["source"] as? String == "rules")
                #expect(result.object["amount"] as? Int == 1500)
                #expect(result.object["currency"] as? String == "EUR")
            }
        }
    }

    @Test func anUnreachableModelFallsBackToRules() async throws {
        let settings = [
            "CATALOG_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "CATALOG_LLM_API_KEY": Self.apiKey,
            "CATALOG_LLM_MODEL": "m",
        ]
        try await withCatalog(settings: settings) { catalog in
            let result = try await draft(catalog, "Masaj 120 de lei")
            #expect(result.status == 200)
            #expect(result.object["source"] as? String == "rules")
            #expect(result.object["amount"] as? Int == 12000)
        }
    }
}

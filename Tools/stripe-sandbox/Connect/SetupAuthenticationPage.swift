import HTTPCore
import HTTPRouter
import LogKit
import Postgres
import StripeSandboxCore

/// The 3-D Secure page of a setup intent in `requires_action` (its `next_action.redirect_to_url.url`):
/// `GET /sandbox/setup_intents/{id}/authenticate?client_secret=…` shows "Complete" and "Fail" buttons;
/// `POST` (`action=complete|fail`) finishes the intent and redirects (303) to its `return_url`, or shows
/// the result when there is none.
enum SetupAuthenticationPage {
    static func register(_ routes: SandboxRoutes) {
        HTMLPage.register(routes.router, "/sandbox/setup_intents/{id}/authenticate") { request, context, submit in
            await respond(routes, request: request, context: context, submit: submit)
        }
    }

    private static func respond(
        _ routes: SandboxRoutes,
        request: Request,
        context: BasicRequestContext,
        submit: Bool
    ) async -> HTTPResponse {
        let id = context.parameters.get("id") ?? ""
        let secret = request.query.values(for: "client_secret").first ?? ""
        guard id.hasPrefix("seti_"), id.count <= 64,
            id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return notFound() }
        let action = submit ? HTMLPage.formField("action", in: request.body) ?? "" : ""
        if submit {
            guard action == "complete" || action == "fail" else {
                return HTMLPage.response(.badRequest, title: "Authentication", body: "<p>Unknown action.</p>")
            }
        }
        let origin = routes.config.publicURL ?? SandboxRoutes.origin(of: request)
        do {
            return try await routes.transaction(publicURL: origin) { call in
                let rows = try await call.connection.query(
                    "SELECT account FROM stripe_sandbox.objects WHERE id = \(id) AND object = 'setup_intent'"
                )
                guard let row = rows.first else { return notFound() }
                let account = try row.decode(String.self)
                let scoped = call.acting(as: account)
                guard let intent = try await scoped.store.lock(id, account: account, object: "setup_intent"),
                    intent["client_secret"] == .string(secret)
                else { return notFound() }
                let returnURL = intent["next_action"]?["redirect_to_url"]?["return_url"]?.stringValue
                guard intent["status"] == "requires_action" else {
                    return HTMLPage.response(
                        .ok,
                        title: "Authentication",
                        body:
                            "<p>This setup is \(HTMLPage.escape(intent["status"]?.stringValue ?? "")); nothing to do.</p>"
                    )
                }
                guard submit else { return page(intent) }
                let finished: JSONObject
                if action == "complete" {
                    let methodID = intent["payment_method"]?.stringValue ?? ""
                    let method = try await scoped.store.require(methodID, account: account, object: "payment_method")
                    finished = try await SetupIntentRoutes.succeed(intent, method: method, call: scoped)
                } else {
                    finished = try await fail(intent, call: scoped)
                }
                if let returnURL, ConnectSupport.isValidURL(returnURL) { return HTMLPage.redirect(returnURL) }
                let status = finished["status"]?.stringValue ?? ""
                return HTMLPage.response(
                    .ok,
                    title: "Authentication",
                    body:
                        "<p>Done: the setup is now <strong>\(HTMLPage.escape(status))</strong>. You can close this page.</p>"
                )
            }
        } catch {
            context.logger.error("stripe-sandbox: authentication page failed", metadata: ["error": "\(error)"])
            return HTMLPage.response(
                .internalServerError,
                title: "Authentication",
                body: "<p>Something went wrong.</p>"
            )
        }
    }

    private static func fail(_ stored: JSONObject, call: Call) async throws -> JSONObject {
        var intent = stored
        var method: JSONObject?
        if let methodID = intent["payment_method"]?.stringValue {
            method = try await call.store.find(methodID, account: call.account, object: "payment_method")
        }
        let code = "setup_intent_authentication_failure"
        let error: JSONObject = [
            "code": .string(code),
            "doc_url": .string(StripeError.docURL(code: code)),
            "message":
                "The latest attempt to set up the payment method has failed because authentication failed.",
            "payment_method": method.map(JSON.object) ?? .null,
            "type": "invalid_request_error",
        ]
        try await IntentAttempts.fail(&intent, .setup, error: error, call: call)
        return intent
    }

    private static func notFound() -> HTTPResponse {
        HTMLPage.response(.notFound, title: "Not found", body: "<p>There is no authentication to complete here.</p>")
    }

    private static func page(_ intent: JSONObject) -> HTTPResponse {
        let id = intent["id"]?.stringValue ?? ""
        let body = """
            <p>3-D Secure test authentication for setup intent <code>\(HTMLPage.escape(id))</code>.</p>
            <form method="post">
            <button type="submit" name="action" value="complete">Complete authentication</button>
            <button type="submit" name="action" value="fail" class="secondary">Fail authentication</button>
            </form>
            """
        return HTMLPage.response(.ok, title: "Authenticate card setup", body: body)
    }
}

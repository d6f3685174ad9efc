import HTTPCore
import HTTPRouter
import StripeSandboxCore

/// Browser pages of the payments family: the 3-D Secure challenge (`/sandbox/3ds/{account}/{pi}`) and the
/// charge receipt (`/sandbox/receipts/{account}/{ch}`).
enum Pages {
    static func register(_ routes: SandboxRoutes) {
        routes.router.get("/sandbox/3ds/{account}/{pi}") { request, context in
            let account = context.parameters.get("account") ?? ""
            let id = context.parameters.get("pi") ?? ""
            let secret = request.query["client_secret"] ?? ""
            let publicURL = routes.config.publicURL ?? SandboxRoutes.origin(of: request)
            let intent = try await routes.transaction(account: account, publicURL: publicURL) { call in
                try await call.store.find(id, account: account, object: "payment_intent")
            }
            guard let intent, !secret.isEmpty, intent["client_secret"]?.stringValue == secret else {
                return HTMLPage.response(.notFound, title: "Not found", body: "<p>No such payment to authenticate.</p>")
            }
            guard intent["status"] == "requires_action" else {
                return HTMLPage.response(
                    .conflict,
                    title: "Nothing to authenticate",
                    body:
                        "<p>This payment does not need authentication (status \(escape(intent["status"]?.stringValue ?? ""))).</p>"
                )
            }
            let amount = Refunds.money(intent["amount"]?.intValue ?? 0, intent["currency"]?.stringValue ?? "")
            let action = "/sandbox/3ds/\(escape(account))/\(escape(id))?client_secret=\(escape(secret))"
            return HTMLPage.response(
                .ok,
                title: "3D Secure authentication",
                body: """
                    <p>Payment <code>\(escape(id))</code> of <strong>\(escape(amount))</strong> needs authentication.</p>
                    <form method="post" action="\(action)">
                      <button type="submit" name="action" value="complete">Complete authentication</button>
                      <button type="submit" name="action" value="fail">Fail authentication</button>
                    </form>
                    """
            )
        }
        routes.router.post("/sandbox/3ds/{account}/{pi}") { request, context in
            let account = context.parameters.get("account") ?? ""
            let id = context.parameters.get("pi") ?? ""
            let secret = request.query["client_secret"] ?? ""
            let action = HTMLPage.formField("action", in: request.body) ?? ""
            guard action == "complete" || action == "fail" else {
                return HTMLPage.response(
                    .badRequest,
                    title: "Bad request",
                    body: "<p>action must be complete or fail.</p>"
                )
            }
            let publicURL = routes.config.publicURL ?? SandboxRoutes.origin(of: request)
            let outcome: JSONObject? = try await routes.transaction(account: account, publicURL: publicURL) { call in
                guard var intent = try await call.store.lock(id, account: account, object: "payment_intent"),
                    !secret.isEmpty, intent["client_secret"]?.stringValue == secret,
                    intent["status"] == "requires_action"
                else { return nil }
                let returnURL = intent["next_action"]?["redirect_to_url"]?["return_url"]?.stringValue
                try await authenticate(call: call, intent: &intent, complete: action == "complete")
                var result = intent
                result["next_action"] = ["return_url": .string(returnURL)]
                return result
            }
            guard let outcome else {
                return HTMLPage.response(
                    .notFound,
                    title: "Not found",
                    body: "<p>No payment awaiting authentication.</p>"
                )
            }
            let status = outcome["status"]?.stringValue ?? ""
            let redirectStatus = status == "requires_payment_method" ? "failed" : "succeeded"
            if let returnURL = outcome["next_action"]?["return_url"]?.stringValue {
                let separator = returnURL.contains("?") ? "&" : "?"
                let location =
                    returnURL + separator + "payment_intent=\(id)&payment_intent_client_secret=\(secret)"
                    + "&redirect_status=\(redirectStatus)"
                return HTMLPage.redirect(location)
            }
            return HTMLPage.response(
                .ok,
                title: "Authentication \(redirectStatus)",
                body:
                    "<p>Authentication \(redirectStatus). Payment <code>\(escape(id))</code> is now \(escape(status)).</p>"
            )
        }
        routes.router.get("/sandbox/receipts/{account}/{ch}") { request, context in
            let account = context.parameters.get("account") ?? ""
            let id = context.parameters.get("ch") ?? ""
            let charge = try await routes.transaction(account: account) { call in
                try await call.store.find(id, account: account, object: "charge")
            }
            guard let charge else {
                return HTMLPage.response(.notFound, title: "Not found", body: "<p>No such receipt.</p>")
            }
            let card = charge["payment_method_details"]?["card"]
            let amount = Refunds.money(charge["amount"]?.intValue ?? 0, charge["currency"]?.stringValue ?? "")
            let refunded = charge["amount_refunded"]?.intValue ?? 0
            var rows = """
                <tr><th>Amount paid</th><td>\(escape(amount))</td></tr>
                <tr><th>Card</th><td>\(escape(card?["brand"]?.stringValue ?? "card")) •••• \(escape(card?["last4"]?.stringValue ?? ""))</td></tr>
                <tr><th>Status</th><td>\(escape(charge["status"]?.stringValue ?? ""))</td></tr>
                """
            if let description = charge["description"]?.stringValue {
                rows += "\n<tr><th>Description</th><td>\(escape(description))</td></tr>"
            }
            if refunded > 0 {
                let text = Refunds.money(refunded, charge["currency"]?.stringValue ?? "")
                rows += "\n<tr><th>Refunded</th><td>\(escape(text))</td></tr>"
            }
            return HTMLPage.response(
                .ok,
                title: "Receipt",
                body: "<p>Charge <code>\(escape(id))</code></p>\n<table>\n\(rows)\n</table>"
            )
        }
    }

    /// Completes (authorise, capture when automatic) or fails the 3-D Secure challenge of `intent`.
    static func authenticate(call: Call, intent: inout JSONObject, complete: Bool) async throws {
        let methodID = intent["payment_method"]?.stringValue ?? ""
        let method = try await PaymentMethods.stored(methodID, call: call)
        if complete {
            try await Payments.authorize(call: call, intent: &intent, method: method, threeDSecure: true)
            return
        }
        let code = "payment_intent_authentication_failure"
        let error: JSONObject = [
            "code": .string(code),
            "doc_url": .string(StripeError.docURL(code: code)),
            "message":
                "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
            "payment_method": .object(method),
            "type": "invalid_request_error",
        ]
        try await IntentAttempts.fail(&intent, .payment, error: error, call: call)
    }

    private static func escape(_ text: String) -> String { HTMLPage.escape(text) }
}

import HTTPCore
import HTTPRouter
import LogKit
import StripeSandboxCore

/// The hosted onboarding page an account link points to: `GET /sandbox/onboarding/{token}` shows the
/// account and a "Complete onboarding" form; `POST` (`action=complete`) completes the account and redirects
/// (303) to the link's `return_url`. A used or expired link redirects to its `refresh_url`; an unknown one
/// is a 404 page.
enum OnboardingPage {
    static func register(_ routes: SandboxRoutes) {
        HTMLPage.register(routes.router, "/sandbox/onboarding/{token}") { request, context, submit in
            await respond(routes, request: request, context: context, submit: submit)
        }
    }

    private static func respond(
        _ routes: SandboxRoutes,
        request: Request,
        context: BasicRequestContext,
        submit: Bool
    ) async -> HTTPResponse {
        let token = context.parameters.get("token") ?? ""
        guard token.hasPrefix("sbxlink_"), token.count <= 64,
            token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return notFound() }
        if submit {
            guard HTMLPage.formField("action", in: request.body) == "complete" else {
                return HTMLPage.response(
                    .badRequest,
                    title: "Onboarding",
                    body: "<p>Unknown action. Use the form's “Complete onboarding” button.</p>"
                )
            }
        }
        let origin = routes.config.publicURL ?? SandboxRoutes.origin(of: request)
        do {
            return try await routes.transaction(publicURL: origin) { call in
                guard
                    var link = try await call.store.lock(
                        token,
                        account: call.platformAccount,
                        object: AccountLinkRoutes.objectType
                    ),
                    let accountID = link["account"]?.stringValue,
                    let refreshURL = link["refresh_url"]?.stringValue,
                    let returnURL = link["return_url"]?.stringValue
                else { return notFound() }
                if link["used"] == true || (link["expires_at"]?.intValue ?? 0) < call.now {
                    return HTMLPage.redirect(refreshURL)
                }
                guard
                    let old = try await call.store.lock(accountID, account: call.platformAccount, object: "account")
                else { return notFound() }
                guard submit else { return page(account: old) }
                var account = old
                Accounts.complete(&account, now: call.now, userAgent: request.headers["User-Agent"])
                try await call.store.update(account, account: call.platformAccount)
                if let previous = ConnectSupport.previous(old, account) {
                    try await call.events.record(
                        type: "account.updated",
                        object: account,
                        account: accountID,
                        previous: previous
                    )
                }
                link["used"] = true
                try await call.store.update(link, account: call.platformAccount)
                return HTMLPage.redirect(returnURL)
            }
        } catch {
            context.logger.error("stripe-sandbox: onboarding page failed", metadata: ["error": "\(error)"])
            return HTMLPage.response(
                .internalServerError,
                title: "Onboarding",
                body: "<p>Something went wrong. Try again.</p>"
            )
        }
    }

    private static func notFound() -> HTTPResponse {
        HTMLPage.response(
            .notFound,
            title: "Link not found",
            body: "<p>This onboarding link does not exist. Ask the platform for a new one.</p>"
        )
    }

    private static func page(account: JSONObject) -> HTTPResponse {
        let id = account["id"]?.stringValue ?? ""
        let name =
            account["business_profile"]?["name"]?.stringValue ?? account["email"]?.stringValue ?? id
        let due = (account["requirements"]?["currently_due"]?.arrayValue ?? []).compactMap(\.stringValue)
        let items = due.map { "<li><code>\(HTMLPage.escape($0))</code></li>" }.joined()
        let body = """
            <p>Stripe sandbox onboarding for <strong>\(HTMLPage.escape(name))</strong> \
            (<code>\(HTMLPage.escape(id))</code>, \(HTMLPage.escape(account["country"]?.stringValue ?? "")), \
            \(HTMLPage.escape(account["type"]?.stringValue ?? "")) account).</p>
            \(due.isEmpty ? "<p>Nothing is due.</p>" : "<p>Completing onboarding provides:</p><ul>\(items)</ul>")
            <form method="post">
            <button type="submit" name="action" value="complete">Complete onboarding</button>
            </form>
            """
        return HTMLPage.response(.ok, title: "Onboarding: \(name)", body: body)
    }
}

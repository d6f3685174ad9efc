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
        routes.router.on("/sandbox/onboarding/{token}", method: .get) { request, context in
            await respond(routes, request: request, context: context, submit: false)
        }
        routes.router.on("/sandbox/onboarding/{token}", method: .post) { request, context in
            await respond(routes, request: request, context: context, submit: true)
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
            let action = (try? FormDecoding.decode(request.body))?.first { $0.0 == "action" }?.1
            guard action == .value("complete") else {
                return SandboxPage.html(
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
                    return SandboxPage.redirect(refreshURL)
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
                return SandboxPage.redirect(returnURL)
            }
        } catch {
            context.logger.error("stripe-sandbox: onboarding page failed", metadata: ["error": "\(error)"])
            return SandboxPage.html(
                .internalServerError,
                title: "Onboarding",
                body: "<p>Something went wrong. Try again.</p>"
            )
        }
    }

    private static func notFound() -> HTTPResponse {
        SandboxPage.html(
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
        let items = due.map { "<li><code>\(HTML.escape($0))</code></li>" }.joined()
        let body = """
            <p>Stripe sandbox onboarding for <strong>\(HTML.escape(name))</strong> \
            (<code>\(HTML.escape(id))</code>, \(HTML.escape(account["country"]?.stringValue ?? "")), \
            \(HTML.escape(account["type"]?.stringValue ?? "")) account).</p>
            \(due.isEmpty ? "<p>Nothing is due.</p>" : "<p>Completing onboarding provides:</p><ul>\(items)</ul>")
            <form method="post">
            <button type="submit" name="action" value="complete">Complete onboarding</button>
            </form>
            """
        return SandboxPage.html(.ok, title: "Onboarding: \(name)", body: body)
    }
}

/// The sandbox's small HTML pages: self-contained (no external assets), never cached or framed.
enum SandboxPage {
    /// A page with `title` (escaped here) and `body` (HTML the caller escaped).
    static func html(_ status: HTTPStatus, title: String, body: String) -> HTTPResponse {
        let text = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a2e}\
            button{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem .3rem 0 0;border:0;border-radius:6px;\
            background:#635bff;color:#fff;cursor:pointer}button.secondary{background:#8a8a9e}\
            .badge{display:inline-block;background:#ffe8a3;padding:.1rem .5rem;border-radius:4px;font-size:.8rem}</style>
            </head><body>
            <p class="badge">Stripe sandbox (test mode)</p>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </body></html>

            """
        return HTTPResponse(
            status: status,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            ],
            bytes: Array(text.utf8)
        )
    }

    /// A 303 to `url`.
    static func redirect(_ url: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": url, "Cache-Control": "no-store"], bytes: [])
    }
}

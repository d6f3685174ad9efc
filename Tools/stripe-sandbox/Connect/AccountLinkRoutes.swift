import StripeSandboxCore

/// `POST /v1/account_links`: a single-use URL of the sandbox's onboarding page (``OnboardingPage``).
///
/// Each link is stored as a private `sandbox.account_link` object of the platform whose id is the URL's
/// token (`{id, object, created, account, type, refresh_url, return_url, expires_at, used}`); it never
/// appears in a Stripe list.
enum AccountLinkRoutes {
    /// The private object type of a stored link.
    static let objectType = "sandbox.account_link"
    /// How long a link stays valid (Stripe's: 5 minutes).
    static let lifetime: Int64 = 300

    static let schema = Schema([
        Param("account", .string(maxLength: 100), required: true),
        Param("type", .enumeration(["account_onboarding", "account_update"]), required: true),
        Param("refresh_url", .string(maxLength: 5000)),
        Param("return_url", .string(maxLength: 5000)),
        Param("collect", .enumeration(["currently_due", "eventually_due"])),
        Param(
            "collection_options",
            .object([
                Param("fields", .enumeration(["currently_due", "eventually_due"])),
                Param("future_requirements", .enumeration(["include", "omit"])),
            ])
        ),
    ])

    static func register(_ routes: SandboxRoutes) {
        routes.post("/v1/account_links", schema: schema) { call in
            guard call.isPlatform else { throw ConnectSupport.platformOnly("create account links") }
            let accountID = try call.params.requireString("account")
            let account = try await call.store.require(
                accountID,
                account: call.platformAccount,
                object: "account",
                param: "account"
            )
            let type = try call.params.requireString("type")
            if type == "account_update", account["type"] == "express" {
                throw StripeError.invalidRequest(
                    "You cannot create `account_update` type Account Links for Express accounts.",
                    param: "type"
                )
            }
            let refreshURL = try call.params.requireString("refresh_url")
            let returnURL = try call.params.requireString("return_url")
            try ConnectSupport.checkURL(refreshURL, param: "refresh_url")
            try ConnectSupport.checkURL(returnURL, param: "return_url")
            let token = IDs.make("sbxlink", length: 32)
            let expiresAt = call.now + lifetime
            let stored: JSONObject = [
                "id": .string(token), "object": .string(objectType), "created": .int(call.now),
                "account": .string(accountID), "type": .string(type), "refresh_url": .string(refreshURL),
                "return_url": .string(returnURL), "expires_at": .int(expiresAt), "used": false,
            ]
            try await call.store.insert(stored, account: call.platformAccount)
            var link = Templates.make("account_link")
            link["created"] = .int(call.now)
            link["expires_at"] = .int(expiresAt)
            link["url"] = .string("\(call.publicURL)/sandbox/onboarding/\(token)")
            return .object(link)
        }
    }
}

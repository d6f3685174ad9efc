import Postgres
import StripeSandboxCore

/// The account object: building, updating, requirements and onboarding.
///
/// Connected accounts are stored with `account` = the platform's id (that is how the core checks
/// `Stripe-Account`). The platform's own account object (`GET /v1/account` without `Stripe-Account`) is made
/// on first use and stored under the pseudo-scope ``platformScope``, so it never appears in `GET /v1/accounts`.
enum Accounts {
    /// Where the platform's own account object is stored.
    static let platformScope = "sandbox.platform"

    /// The capabilities the sandbox models.
    static let capabilityNames = ["card_payments", "transfers"]

    // MARK: Parameters

    static let businessProfileParams: [Param] = [
        Param("estimated_worker_count", .integer(min: 0)),
        Param("mcc", .string(maxLength: 4)),
        Param("name", .string(maxLength: 500)),
        Param("product_description", .string(maxLength: 40_000)),
        Param("support_address", .object(ConnectSupport.addressParams)),
        Param("support_email", .string(maxLength: 500)),
        Param("support_phone", .string(maxLength: 50)),
        Param("support_url", .string(maxLength: 5000)),
        Param("url", .string(maxLength: 5000)),
    ]

    static let capabilitiesParam = ParamType.object(
        capabilityNames.map { Param($0, .object([Param("requested", .boolean)])) }
    )

    static let controllerParam = ParamType.object([
        Param("fees", .object([Param("payer", .enumeration(["account", "application"]))])),
        Param("losses", .object([Param("payments", .enumeration(["application", "stripe"]))])),
        Param("requirement_collection", .enumeration(["application", "stripe"])),
        Param("stripe_dashboard", .object([Param("type", .enumeration(["express", "full", "none"]))])),
    ])

    static let tosParam = ParamType.object([
        Param("date", .integer(min: 0)),
        Param("ip", .string(maxLength: 100)),
        Param("user_agent", .string(maxLength: 5000)),
        Param("service_agreement", .enumeration(["full", "recipient"])),
    ])

    static let settingsParam = ParamType.object([
        Param(
            "branding",
            .object([Param("primary_color", .string(maxLength: 7)), Param("secondary_color", .string(maxLength: 7))])
        ),
        Param(
            "dashboard",
            .object([Param("display_name", .string(maxLength: 500)), Param("timezone", .string(maxLength: 100))])
        ),
        Param("payments", .object([Param("statement_descriptor", .string(maxLength: 22))])),
        Param(
            "payouts",
            .object([
                Param("debit_negative_balances", .boolean),
                Param(
                    "schedule",
                    .object([
                        Param("delay_days", .integer(min: 2, max: 31)),
                        Param("interval", .enumeration(["manual", "daily", "weekly", "monthly"])),
                        Param("monthly_anchor", .integer(min: 1, max: 31)),
                        Param(
                            "weekly_anchor",
                            .enumeration(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
                        ),
                    ])
                ),
                Param("statement_descriptor", .string(maxLength: 22)),
            ])
        ),
    ])

    /// What both create and update accept.
    static let commonParams: [Param] = [
        Param("business_profile", .object(businessProfileParams)),
        Param("business_type", .enumeration(["company", "government_entity", "individual", "non_profit"])),
        Param("capabilities", capabilitiesParam),
        Param("default_currency", .currency),
        Param("email", .string(maxLength: 500)),
        Param("external_account", .string(maxLength: 500)),
        Param("metadata", .metadata),
        Param("settings", settingsParam),
        Param("tos_acceptance", tosParam),
    ]

    static let createSchema = Schema(
        commonParams + [
            Param("type", .enumeration(["custom", "express", "standard"])),
            Param("controller", controllerParam),
            Param("country", .string(maxLength: 2)),
        ]
    )

    static let updateSchema = Schema(commonParams)

    // MARK: Building

    /// A new connected account from create parameters (not stored).
    static func make(_ params: Params, call: Call) throws -> JSONObject {
        let country = try country(params.string("country") ?? "RO")
        var account = Templates.make("account")
        let id = IDs.make("acct", length: 16)
        var profile = account["business_profile"]?.objectValue ?? JSONObject()
        for key in ["annual_revenue", "support_address", "minority_owned_business_designation"] { profile[key] = nil }
        account["business_profile"] = .object(profile)
        account["business_type"] = nil
        account["capabilities"] = .object(JSONObject())
        account["charges_enabled"] = false
        let type = accountType(params)
        account["controller"] = ["type": type == "standard" ? "account" : "application"]
        account["country"] = .string(country)
        account["created"] = .int(call.now)
        account["default_currency"] = .string(ConnectSupport.currency(for: country))
        account["details_submitted"] = false
        account["email"] = nil
        account["external_accounts"] = [
            "object": "list", "data": [], "has_more": false, "url": .string("/v1/accounts/\(id)/external_accounts"),
        ]
        account["id"] = .string(id)
        account["payouts_enabled"] = false
        account["settings"] = .object(defaultSettings(account["settings"]?.objectValue ?? JSONObject()))
        account["type"] = .string(type)
        if params.object("capabilities") == nil {
            // Standard accounts get both; express and custom ones without a request get both requested too.
            account["capabilities"] = .object(JSONObject(capabilityNames.map { ($0, .string("inactive")) }))
        }
        try apply(params, to: &account, call: call)
        refresh(&account)
        return account
    }

    /// The platform's own account object, made and stored on first use.
    static func platform(call: Call) async throws -> JSONObject {
        if let found = try await call.store.find(call.platformAccount, account: platformScope, object: "account") {
            return found
        }
        // Two first requests at once must not both create it.
        _ = try await call.connection.query("SELECT pg_advisory_xact_lock(hashtext(\(platformScope)))")
        if let found = try await call.store.find(call.platformAccount, account: platformScope, object: "account") {
            return found
        }
        var account = Templates.make("account")
        let id = call.platformAccount
        var profile = account["business_profile"]?.objectValue ?? JSONObject()
        for key in ["annual_revenue", "support_address", "minority_owned_business_designation"] { profile[key] = nil }
        profile["name"] = "PayLinks Sandbox Platform"
        profile["url"] = "https://paylinks.test"
        account["business_profile"] = .object(profile)
        account["business_type"] = "company"
        account["capabilities"] = ["card_payments": "active", "transfers": "active"]
        account["charges_enabled"] = true
        account["controller"] = ["type": "account"]
        account["country"] = "RO"
        account["created"] = .int(call.now)
        account["default_currency"] = "ron"
        account["details_submitted"] = true
        account["email"] = "platform@paylinks.test"
        account["external_accounts"] = [
            "object": "list",
            "data": [.object(ConnectSupport.bankAccount(account: id, country: "RO", currency: "ron"))],
            "has_more": false, "url": .string("/v1/accounts/\(id)/external_accounts"),
        ]
        account["id"] = .string(id)
        account["payouts_enabled"] = true
        account["settings"] = .object(defaultSettings(account["settings"]?.objectValue ?? JSONObject()))
        account["type"] = "standard"
        refresh(&account)
        try await call.store.insert(account, account: platformScope)
        return account
    }

    /// The caller's own account object (`GET /v1/account`).
    static func current(call: Call) async throws -> JSONObject {
        if call.isPlatform { return try await platform(call: call) }
        return try await call.store.require(call.account, account: call.platformAccount, object: "account")
    }

    /// Stores `account` back where it lives (the platform's own object or a connected account).
    static func save(_ account: JSONObject, call: Call) async throws {
        let scope = account["id"]?.stringValue == call.platformAccount ? platformScope : call.platformAccount
        try await call.store.update(account, account: scope)
    }

    private static func accountType(_ params: Params) -> String {
        if let type = params.string("type") { return type }
        guard let controller = params.object("controller") else { return "standard" }
        switch controller.object("stripe_dashboard")?.string("type") {
        case "express": return "express"
        case "none": return "custom"
        case "full": return "standard"
        default: return controller.string("requirement_collection") == "application" ? "custom" : "standard"
        }
    }

    private static func country(_ value: String) throws(StripeError) -> String {
        let upper = value.uppercased()
        guard upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw StripeError.invalidRequest(
                "Country '\(value)' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.",
                param: "country"
            )
        }
        return upper
    }

    private static func defaultSettings(_ template: JSONObject) -> JSONObject {
        var settings = template
        settings["card_payments"] = [
            "decline_on": ["avs_failure": false, "cvc_failure": true],
            "statement_descriptor_prefix": nil, "statement_descriptor_prefix_kana": nil,
            "statement_descriptor_prefix_kanji": nil,
        ]
        settings["dashboard"] = ["display_name": nil, "timezone": "Etc/UTC"]
        settings["invoices"] = ["default_account_tax_ids": nil, "hosted_payment_method_save": "offer"]
        settings["payouts"] = [
            "debit_negative_balances": true, "schedule": ["delay_days": 2, "interval": "daily"],
            "statement_descriptor": nil,
        ]
        settings["sepa_debit_payments"] = .object(JSONObject())
        return settings
    }

    // MARK: Updating

    /// Applies the parameters both create and update accept.
    static func apply(_ params: Params, to account: inout JSONObject, call: Call) throws {
        if let email = params.string("email") { try ConnectSupport.checkEmail(email, param: "email") }
        params.assignString("email", to: &account)
        params.assignString("business_type", to: &account)
        if let currency = params.string("default_currency") { account["default_currency"] = .string(currency) }
        params.applyMetadata(to: &account)
        if let given = params.object("business_profile") {
            var profile = account["business_profile"]?.objectValue ?? JSONObject()
            for key in ["mcc", "name", "product_description", "support_email", "support_phone", "support_url", "url"] {
                given.assignString(key, to: &profile)
            }
            if let email = given.string("support_email") {
                try ConnectSupport.checkEmail(email, param: "business_profile[support_email]")
            }
            given.assignInt("estimated_worker_count", to: &profile)
            if given.isUnset("support_address") {
                profile["support_address"] = nil
            } else if let address = given.object("support_address") {
                var postal: JSONObject = [
                    "city": nil, "country": nil, "line1": nil, "line2": nil, "postal_code": nil, "state": nil,
                ]
                if let old = profile["support_address"]?.objectValue { postal = old }
                for key in ["city", "country", "line1", "line2", "postal_code", "state"] {
                    address.assignString(key, to: &postal)
                }
                profile["support_address"] = .object(postal)
            }
            account["business_profile"] = .object(profile)
        }
        if let requested = params.object("capabilities") {
            var capabilities = account["capabilities"]?.objectValue ?? JSONObject()
            let complete = account["details_submitted"]?.boolValue == true
            for name in capabilityNames {
                guard let flag = requested.object(name)?.bool("requested") else { continue }
                if !flag {
                    capabilities.removeValue(forKey: name)
                } else if capabilities[name]?.stringValue != "active" {
                    capabilities[name] = complete ? "active" : "inactive"
                }
            }
            account["capabilities"] = .object(capabilities)
        }
        if let tos = params.object("tos_acceptance") {
            var acceptance = account["tos_acceptance"]?.objectValue ?? JSONObject()
            tos.assignInt("date", to: &acceptance)
            tos.assignString("ip", to: &acceptance)
            tos.assignString("user_agent", to: &acceptance)
            account["tos_acceptance"] = .object(acceptance)
        }
        if let settings = params.object("settings") { applySettings(settings, to: &account) }
        if let token = params.string("external_account") {
            guard token.hasPrefix("btok_") || token.hasPrefix("tok_") else {
                throw StripeError.invalidRequest(
                    "No such token: '\(token)'",
                    param: "external_account",
                    code: "resource_missing"
                )
            }
            addExternalAccount(to: &account)
        }
    }

    private static func applySettings(_ given: Params, to account: inout JSONObject) {
        var settings = account["settings"]?.objectValue ?? JSONObject()
        func section(_ name: String, _ body: (inout JSONObject, Params) -> Void) {
            guard let params = given.object(name) else { return }
            var object = settings[name]?.objectValue ?? JSONObject()
            body(&object, params)
            settings[name] = .object(object)
        }
        section("branding") { object, params in
            params.assignString("primary_color", to: &object)
            params.assignString("secondary_color", to: &object)
        }
        section("dashboard") { object, params in
            params.assignString("display_name", to: &object)
            params.assignString("timezone", to: &object)
        }
        section("payments") { object, params in params.assignString("statement_descriptor", to: &object) }
        section("payouts") { object, params in
            params.assignBool("debit_negative_balances", to: &object)
            params.assignString("statement_descriptor", to: &object)
            if let schedule = params.object("schedule") {
                var current = object["schedule"]?.objectValue ?? JSONObject()
                schedule.assignInt("delay_days", to: &current)
                schedule.assignString("interval", to: &current)
                object["schedule"] = .object(current)
            }
        }
        account["settings"] = .object(settings)
    }

    /// Adds a new default test bank account to the account's `external_accounts`; returns its id.
    @discardableResult
    static func addExternalAccount(to account: inout JSONObject) -> String {
        let id = account["id"]?.stringValue ?? ""
        let country = account["country"]?.stringValue ?? "RO"
        let currency = account["default_currency"]?.stringValue ?? ConnectSupport.currency(for: country)
        let bank = ConnectSupport.bankAccount(account: id, country: country, currency: currency)
        var list = account["external_accounts"]?.objectValue ?? JSONObject()
        var data: [JSON] = [.object(bank)]
        for old in list["data"]?.arrayValue ?? [] {
            var previous = old
            if previous["currency"] == .string(currency) { previous["default_for_currency"] = false }
            data.append(previous)
        }
        list["object"] = "list"
        list["data"] = .array(data)
        list["has_more"] = false
        list["url"] = .string("/v1/accounts/\(id)/external_accounts")
        account["external_accounts"] = .object(list)
        return bank["id"]?.stringValue ?? ""
    }

    /// The id of the account's default bank account for `currency` (any when none matches), or `nil`.
    static func externalAccount(of account: JSONObject, currency: String) -> String? {
        let data = account["external_accounts"]?["data"]?.arrayValue ?? []
        let matching = data.first { $0["currency"] == .string(currency) } ?? data.first
        return matching?["id"]?.stringValue
    }
}

import Postgres
import StripeSandboxCore

/// `GET /v1/balance` and `/v1/payouts` (`po_…`): create from the available balance, retrieve, update,
/// list, cancel; due work pays pending payouts at their arrival date; the test helper
/// `POST /v1/test_helpers/payouts/{id}/fail` fails one and returns the money. Events
/// `payout.created|updated|paid|failed|canceled`.
enum PayoutRoutes {
    /// How long a standard payout takes to arrive.
    static let arrivalSeconds: Int64 = 2 * 86_400

    static let failureMessages: [String: String] = [
        "account_closed": "The bank account has been closed.",
        "account_frozen": "The bank account has been frozen.",
        "bank_account_restricted":
            "The bank account has restrictions on either the type, or the number, of payouts allowed.",
        "could_not_process": "The bank could not process this payout.",
        "insufficient_funds": "Your Stripe account has insufficient funds to cover the payout.",
        "invalid_account_number": "The routing number seems correct, but the account number is invalid.",
        "invalid_currency": "The bank was unable to process this payout because of its currency.",
        "no_account": "The bank account details on file are probably incorrect.",
    ]

    static let createSchema = Schema([
        Param("amount", .integer(min: 1), required: true),
        Param("currency", .currency, required: true),
        Param("description", .string(maxLength: 5000)),
        Param("destination", .string(maxLength: 5000)),
        Param("metadata", .metadata),
        Param("method", .enumeration(["instant", "standard"])),
        Param("source_type", .enumeration(["bank_account", "card", "fpx"])),
        Param("statement_descriptor", .string(maxLength: 22)),
    ])

    static func register(_ routes: SandboxRoutes) {
        routes.get("/v1/balance") { call in
            var currency = "ron"
            if !call.isPlatform,
                let account = try await call.store.find(call.account, account: call.platformAccount, object: "account"),
                let given = account["default_currency"]?.stringValue
            {
                currency = given
            }
            return .object(try await call.ledger.balance(account: call.account, defaultCurrency: currency))
        }
        routes.post("/v1/payouts", schema: createSchema) { call in
            .object(try await create(call))
        }
        routes.get("/v1/payouts/{id}") { call in
            .object(try await call.pathObject("payout"))
        }
        routes.post("/v1/payouts/{id}", schema: Schema([Param("metadata", .metadata)])) { call in
            let old = try await call.pathObject("payout", forUpdate: true)
            var payout = old
            call.params.applyMetadata(to: &payout)
            if let previous = ConnectSupport.previous(old, payout) {
                try await call.store.update(payout, account: call.account)
                try await call.events.record(
                    type: "payout.updated",
                    object: payout,
                    account: call.account,
                    previous: previous
                )
            }
            return .object(payout)
        }
        routes.get(
            "/v1/payouts",
            schema: .list([
                Param("status", .enumeration(["canceled", "failed", "in_transit", "paid", "pending"])),
                Param("destination", .string(maxLength: 5000)),
            ])
        ) { call in
            try await call.store.list(
                object: "payout",
                account: call.account,
                filters: call.params.filters(["status", "destination"]),
                page: call.page,
                url: "/v1/payouts"
            )
        }
        routes.post("/v1/payouts/{id}/cancel") { call in
            let old = try await call.pathObject("payout", forUpdate: true)
            guard old["status"] == "pending" else {
                throw StripeError.invalidRequest(
                    "Payouts can only be canceled while they are pending; this one is \(old["status"]?.stringValue ?? "unknown").",
                    code: "payout_not_cancelable"
                )
            }
            return .object(
                try await reverse(old, status: "canceled", type: "payout_cancel", failureCode: nil, call: call)
            )
        }
        routes.post(
            "/v1/test_helpers/payouts/{id}/fail",
            schema: Schema([Param("failure_code", .enumeration(failureMessages.keys.sorted()))])
        ) { call in
            let old = try await call.pathObject("payout", forUpdate: true)
            guard old["status"] == "pending" || old["status"] == "in_transit" else {
                throw StripeError.invalidRequest(
                    "Only pending or in_transit payouts can be failed; this one is \(old["status"]?.stringValue ?? "unknown").",
                    code: "payout_unexpected_state"
                )
            }
            return .object(
                try await reverse(
                    old,
                    status: "failed",
                    type: "payout_failure",
                    failureCode: call.params.string("failure_code") ?? "account_closed",
                    call: call
                )
            )
        }
        routes.dueWork.register("payouts") { call, scope in
            guard scope == .sandbox else { return }
            try await settle(call)
        }
    }

    private static func create(_ call: Call) async throws -> JSONObject {
        let params = call.params
        let amount = try params.requireInt("amount")
        let currency = try params.requireString("currency")
        var account = try await Accounts.current(call: call)
        if !call.isPlatform && account["payouts_enabled"] != true {
            throw StripeError.invalidRequest(
                "Payouts are not enabled on this account: it has not completed onboarding (see requirements.currently_due).",
                code: "payouts_not_allowed"
            )
        }
        // One payout decision at a time per account, so two requests cannot spend the same funds.
        _ = try await call.connection.query("SELECT pg_advisory_xact_lock(hashtext(\("payout:" + call.account)))")
        let available = try await call.ledger.totals(account: call.account)[currency]?.available ?? 0
        guard available >= amount else {
            throw StripeError.invalidRequest(
                "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).",
                param: "amount",
                code: "balance_insufficient"
            )
        }
        let destination: String
        if let given = params.string("destination") {
            let known = (account["external_accounts"]?["data"]?.arrayValue ?? []).contains {
                $0["id"] == .string(given)
            }
            guard known else {
                throw StripeError.invalidRequest(
                    "No such external account: '\(given)'",
                    param: "destination",
                    code: "resource_missing"
                )
            }
            destination = given
        } else if let existing = Accounts.externalAccount(of: account, currency: currency) {
            destination = existing
        } else {
            destination = Accounts.addExternalAccount(to: &account)
            try await Accounts.save(account, call: call)
        }
        let id = IDs.make("po")
        let method = params.string("method") ?? "standard"
        let transaction = try await call.ledger.record(
            account: call.account,
            amount: -amount,
            currency: currency,
            type: "payout",
            reportingCategory: "payout",
            source: id,
            description: params.string("description") ?? "STRIPE PAYOUT"
        )
        var payout = Templates.make("payout")
        payout["amount"] = .int(amount)
        payout["application_fee"] = nil
        payout["application_fee_amount"] = nil
        payout["arrival_date"] = .int(method == "instant" ? call.now : call.now + arrivalSeconds)
        payout["automatic"] = false
        payout["balance_transaction"] = transaction["id"] ?? .null
        payout["created"] = .int(call.now)
        payout["currency"] = .string(currency)
        payout["description"] = .string(params.string("description"))
        payout["destination"] = .string(destination)
        payout["failure_balance_transaction"] = nil
        payout["failure_code"] = nil
        payout["failure_message"] = nil
        payout["id"] = .string(id)
        params.applyMetadata(to: &payout)
        payout["method"] = .string(method)
        payout["original_payout"] = nil
        payout["reconciliation_status"] = "not_applicable"
        payout["reversed_by"] = nil
        payout["source_type"] = .string(params.string("source_type") ?? "card")
        payout["statement_descriptor"] = .string(params.string("statement_descriptor"))
        payout["status"] = "pending"
        payout["type"] = "bank_account"
        payout["trace_id"] = ["status": "pending", "value": nil]
        payout["payout_method"] = nil
        try await call.store.insert(payout, account: call.account)
        try await call.events.record(type: "payout.created", object: payout, account: call.account)
        return payout
    }

    /// Ends a payout of the caller's account without paying it (`canceled` or `failed`): the money comes back
    /// in a balance transaction of `type`, named by `failure_balance_transaction`; records `payout.<status>`
    /// and `payout.updated`.
    private static func reverse(
        _ old: JSONObject,
        status: String,
        type: String,
        failureCode: String?,
        call: Call
    ) async throws -> JSONObject {
        let account = call.account
        var payout = old
        let amount = old["amount"]?.intValue ?? 0
        let transaction = try await call.ledger.record(
            account: account,
            amount: amount,
            currency: old["currency"]?.stringValue ?? "ron",
            type: type,
            reportingCategory: "payout_reversal",
            source: old["id"]?.stringValue,
            description: status == "failed" ? "Payout failure" : "Payout cancellation"
        )
        payout["failure_balance_transaction"] = transaction["id"] ?? .null
        if let failureCode {
            payout["failure_code"] = .string(failureCode)
            payout["failure_message"] = .string(failureMessages[failureCode])
        }
        return try await finish(payout, status: status, old: old, account: account, call: call)
    }

    /// Stores `payout` of `account` in its final `status` (`paid`, `failed`, `canceled`) and records
    /// `payout.<status>` and `payout.updated` (changes since `old`).
    private static func finish(
        _ payout: JSONObject,
        status: String,
        old: JSONObject,
        account: String,
        call: Call
    ) async throws -> JSONObject {
        var payout = payout
        payout["status"] = .string(status)
        payout["trace_id"] = ["status": "unsupported", "value": nil]
        try await call.store.update(payout, account: account)
        try await call.events.record(type: "payout.\(status)", object: payout, account: account)
        try await call.events.record(
            type: "payout.updated",
            object: payout,
            account: account,
            previous: ConnectSupport.previous(old, payout)
        )
        return payout
    }

    /// Pays every pending or in-transit payout (of any account) whose arrival date has come.
    static func settle(_ call: Call) async throws {
        for status in ["pending", "in_transit"] {
            for (account, old) in try await call.store.scan(object: "payout", filters: ["status": status]) {
                guard let arrival = old["arrival_date"]?.intValue, arrival <= call.now,
                    let id = old["id"]?.stringValue,
                    let current = try await call.store.lock(id, account: account, object: "payout"),
                    current["status"] == .string(status)
                else { continue }
                _ = try await finish(current, status: "paid", old: current, account: account, call: call)
            }
        }
    }
}

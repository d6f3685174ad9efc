import StripeSandboxCore

/// Requirements (what onboarding still needs) and the completion the hosted onboarding page performs.
extension Accounts {
    /// What onboarding still needs for `account` (sorted), read from what the object shows.
    static func due(_ account: JSONObject) -> [String] {
        var due: [String] = []
        let profile = account["business_profile"]
        if profile?["mcc"]?.isNull ?? true { due.append("business_profile.mcc") }
        if (profile?["url"]?.isNull ?? true) && (profile?["product_description"]?.isNull ?? true) {
            due.append("business_profile.url")
        }
        if account["business_type"]?.isNull ?? true { due.append("business_type") }
        if (account["external_accounts"]?["data"]?.arrayValue ?? []).isEmpty { due.append("external_account") }
        if account["tos_acceptance"]?["date"]?.isNull ?? true { due.append("tos_acceptance.date") }
        if account["tos_acceptance"]?["ip"]?.isNull ?? true { due.append("tos_acceptance.ip") }
        if account["business_type"] == "company" {
            due += [
                "company.address.city", "company.address.line1", "company.address.postal_code", "company.name",
                "company.phone", "company.tax_id", "representative.dob.day", "representative.dob.month",
                "representative.dob.year", "representative.email", "representative.first_name",
                "representative.last_name", "representative.relationship.title",
            ]
        } else {
            due += [
                "individual.address.city", "individual.address.line1", "individual.address.postal_code",
                "individual.dob.day", "individual.dob.month", "individual.dob.year", "individual.email",
                "individual.first_name", "individual.last_name", "individual.phone",
            ]
        }
        return due.sorted()
    }

    /// Recomputes `requirements` (and, before onboarding, the capability statuses and enabled flags).
    static func refresh(_ account: inout JSONObject) {
        let complete = account["details_submitted"]?.boolValue == true
        let due = complete ? [] : Self.due(account)
        var requirements = account["requirements"]?.objectValue ?? JSONObject()
        requirements["alternatives"] = []
        requirements["current_deadline"] = nil
        requirements["currently_due"] = .array(due.map(JSON.string))
        requirements["disabled_reason"] = complete ? nil : "requirements.past_due"
        requirements["errors"] = []
        requirements["eventually_due"] = .array(due.map(JSON.string))
        requirements["past_due"] = []
        requirements["pending_verification"] = []
        account["requirements"] = .object(requirements)
        if !complete {
            account["charges_enabled"] = false
            account["payouts_enabled"] = false
        } else if account["capabilities"]?["card_payments"] == "active" {
            account["charges_enabled"] = true
        }
    }

    /// Completes onboarding as the hosted page does: details submitted, capabilities active, charges and
    /// payouts enabled, requirements emptied, a bank account added when there is none.
    static func complete(_ account: inout JSONObject, now: Int64, userAgent: String?) {
        account["details_submitted"] = true
        var capabilities = account["capabilities"]?.objectValue ?? JSONObject()
        let requested = capabilityNames.filter { capabilities[$0]?.stringValue != nil }
        for name in requested.isEmpty ? capabilityNames : requested { capabilities[name] = "active" }
        account["capabilities"] = .object(capabilities)
        account["charges_enabled"] = .bool(capabilities["card_payments"] == "active")
        account["payouts_enabled"] = true
        if account["business_type"]?.isNull ?? true { account["business_type"] = "individual" }
        var profile = account["business_profile"]?.objectValue ?? JSONObject()
        if profile["mcc"]?.isNull ?? true { profile["mcc"] = "5734" }
        if (profile["url"]?.isNull ?? true) && (profile["product_description"]?.isNull ?? true) {
            profile["product_description"] = "Digital products sold through PayLinks"
        }
        account["business_profile"] = .object(profile)
        var tos = account["tos_acceptance"]?.objectValue ?? JSONObject()
        if tos["date"]?.isNull ?? true { tos["date"] = .int(now) }
        if tos["ip"]?.isNull ?? true { tos["ip"] = "127.0.0.1" }
        if tos["user_agent"]?.isNull ?? true { tos["user_agent"] = .string(userAgent) }
        account["tos_acceptance"] = .object(tos)
        if (account["external_accounts"]?["data"]?.arrayValue ?? []).isEmpty { addExternalAccount(to: &account) }
        refresh(&account)
    }
}

import HTTPCore
import HTTPRouter
import ServiceRuntime

/// `GET /settings/me`, `PUT /settings/me`, `PUT /settings/me/name`.
enum SettingsRoutes {
    /// The settings object of the seed.
    struct Settings: Encodable {
        var userId: String
        var autoPayouts: Bool
        var payoutInterval: String
        var defaultCurrency: String
        var emailNotifications: Bool
        var disputeNotifications: Bool

        init(_ user: UserRecord) {
            userId = user.id
            autoPayouts = user.autoPayouts
            payoutInterval = user.payoutInterval.rawValue
            defaultCurrency = user.defaultCurrency.rawValue
            emailNotifications = user.emailNotifications
            disputeNotifications = user.disputeNotifications
        }
    }

    private struct SettingsChange: Decodable {
        var autoPayouts: Bool?
        var payoutInterval: String?
        var defaultCurrency: String?
        var emailNotifications: Bool?
        var disputeNotifications: Bool?
    }

    private struct NameChange: Codable {
        var name: String
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, routes: AuthRouteContext) {
        api.get("/settings/me") { _, context in
            Settings(try await routes.currentUser(context))
        }

        api.put("/settings/me", options: AuthRouteContext.bodyLimit) { request, context in
            let user = try await routes.currentUser(context)
            let body = try request.decode(as: SettingsChange.self)
            let interval = try body.payoutInterval.map(AccountValidation.payoutInterval)
            let currency = try body.defaultCurrency.map { try AccountValidation.currency($0) }
            guard
                let updated = try await routes.repository.updateSettings(
                    userID: user.id,
                    autoPayouts: body.autoPayouts,
                    payoutInterval: interval,
                    currency: currency,
                    emailNotifications: body.emailNotifications,
                    disputeNotifications: body.disputeNotifications
                )
            else { throw AuthRouteContext.unauthorized }
            return Settings(updated)
        }

        api.put("/settings/me/name", options: AuthRouteContext.bodyLimit) { request, context in
            let user = try await routes.currentUser(context)
            let body = try request.decode(as: NameChange.self)
            let name = try AccountValidation.name(body.name)
            guard let updated = try await routes.repository.updateName(userID: user.id, name: name) else {
                throw AuthRouteContext.unauthorized
            }
            return NameChange(name: updated.name ?? name)
        }
    }
}

import Foundation
import HTTPCore
import HTTPRouter
import LogKit
import ServiceIdentity
import ServiceRuntime

/// `GET /me`, `PATCH /me`, `POST /me/onboarding`: the signed-in user's profile.
enum MeRoutes {
    /// The profile as `GET /me` shows it; absent values are `null`.
    struct Me: Encodable {
        var user: UserRecord

        enum CodingKeys: String, CodingKey {
            case id, email, name, businessName, country, defaultCurrency, role, needsOnboarding, createdAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(user.id, forKey: .id)
            try container.encode(user.email, forKey: .email)
            try container.encode(user.name, forKey: .name)
            try container.encode(user.businessName, forKey: .businessName)
            try container.encode(user.country, forKey: .country)
            try container.encode(user.defaultCurrency.rawValue, forKey: .defaultCurrency)
            try container.encode(user.role.rawValue, forKey: .role)
            try container.encode(user.needsOnboarding, forKey: .needsOnboarding)
            try container.encode(user.createdAt, forKey: .createdAt)
        }
    }

    private struct ProfileChange: Decodable {
        var name: String?
        var businessName: String?
        var country: String?
    }

    private struct Onboarding: Decodable {
        var name: String
        var businessName: String
        var country: String
        var defaultCurrency: String
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, routes: AuthRouteContext) {
        api.get("/me") { _, context in
            Me(user: try await routes.currentUser(context))
        }

        api.patch("/me", options: AuthRouteContext.bodyLimit) { request, context in
            let user = try await routes.currentUser(context)
            let body = try request.decode(as: ProfileChange.self)
            let name = try body.name.map { try AccountValidation.name($0) }
            let businessName = try body.businessName.map(AccountValidation.businessName)
            let country = try body.country.map(AccountValidation.country)
            guard
                let updated = try await routes.repository.updateProfile(
                    userID: user.id,
                    name: name,
                    businessName: businessName,
                    country: country
                )
            else { throw AuthRouteContext.unauthorized }
            return Me(user: updated)
        }

        api.post("/me/onboarding", options: AuthRouteContext.bodyLimit) { request, context in
            let user = try await routes.currentUser(context)
            let body = try request.decode(as: Onboarding.self)
            let name = try AccountValidation.name(body.name)
            let businessName = try AccountValidation.businessName(body.businessName)
            let country = try AccountValidation.country(body.country)
            let currency = try AccountValidation.currency(body.defaultCurrency)
            guard
                let updated = try await routes.repository.onboard(
                    userID: user.id,
                    name: name,
                    businessName: businessName,
                    country: country,
                    currency: currency
                )
            else { throw AuthRouteContext.unauthorized }
            context.logger.info("onboarded", metadata: ["user.id": user.id])
            return Me(user: updated)
        }
    }
}

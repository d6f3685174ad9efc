import HTTPCore
import HTTPRouter
import ServiceIdentity
import ServiceRuntime

/// `GET /me`: the signed-in caller as the gateway authenticated them.
///
/// Answers from the identity assertion alone for now (`id`, `role`); the user record's fields (email, name,
/// onboarding state) join it when the users table lands with sign-in.
enum MeRoutes {
    private struct Me: Encodable {
        var id: String
        var role: String
    }

    static func register(on api: RouterGroup<ServiceRequestContext>) {
        api.get("/me") { _, context in
            guard let identity = context.identity, let userID = identity.userID else {
                throw HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized")
            }
            return Me(id: userID, role: identity.role.rawValue)
        }
    }
}

import HTTPCore
import HTTPRouter
import ServiceRuntime

/// `GET /paylinks/public/{slug}`: the data the public checkout page needs. No user required.
struct PublicPayLinkRoutes: Sendable {
    let repository: any PayLinkRepository

    func register(on api: RouterGroup<ServiceRequestContext>) {
        api.get("/paylinks/public/{slug}") { _, context in
            let slug = try context.parameters.require("slug")
            // Slugs are lowercase words joined by dashes, at most 80 characters; anything else cannot exist.
            guard slug.utf8.count <= 80, let link = try await repository.publicPayLink(slug: slug) else {
                throw HTTPError(.notFound, code: .notFound, message: "PayLink not found")
            }
            return link
        }
    }
}

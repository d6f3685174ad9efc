import HTTPCore
import HTTPRouter
import ServiceRuntime

/// `GET /paylinks/public/{slug}`: the data the public checkout page needs. No user required.
struct PublicPayLinkRoutes: Sendable {
    let repository: any PayLinkRepository

    func register(on api: RouterGroup<ServiceRequestContext>) {
        api.get("/paylinks/public/{slug}") { _, context in
            let slug = try context.parameters.require("slug")
            // Slugs are lowercase letters, digits and dashes, at most 80 characters; anything else cannot exist.
            guard Self.isPlausibleSlug(slug), let link = try await repository.publicPayLink(slug: slug) else {
                throw HTTPError(.notFound, code: .notFound, message: "PayLink not found")
            }
            return link.jsonResponse()
        }
    }

    static func isPlausibleSlug(_ slug: String) -> Bool {
        (1...80).contains(slug.utf8.count)
            && slug.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-")
            }
    }
}

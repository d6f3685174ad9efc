import HTTPCore
import HTTPRouter
import ServiceRuntime

/// `GET /paylinks/public/{slug}`: the data the public checkout page needs, and `GET /paylinks/public`: the
/// active links' slugs for sitemaps (`{"items":[{"slug","updatedAt"}]}`). No user required.
struct PublicPayLinkRoutes: Sendable {
    let repository: any PayLinkRepository

    /// The most slugs the sitemap list returns (a sitemap file holds at most 50,000 URLs).
    static let sitemapLimit = 50_000

    private struct Sitemap: Encodable {
        var items: [PublicSlug]
    }

    func register(on api: RouterGroup<ServiceRequestContext>) {
        api.get("/paylinks/public") { _, _ in
            Sitemap(items: try await repository.publicSlugs(limit: Self.sitemapLimit))
        }
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

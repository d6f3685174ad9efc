import Cryptography
import HTTPCore
import HTTPRouter
import ServiceIdentity
import ServiceRuntime

/// The seller's payment links: `GET/POST /paylinks`, `GET/PATCH/DELETE /paylinks/{id}`,
/// `POST /paylinks/{id}/duplicate` and `POST /paylinks/{id}/toggle`.
///
/// Every route needs a signed-in seller (401 otherwise); another seller's link, an archived link and a
/// malformed id are all the same 404, so ids cannot be probed (DESIGN §4).
struct PayLinkRoutes: Sendable {
    let repository: any PayLinkRepository

    /// The page size without `limit`, and the largest allowed.
    static let defaultLimit = 20
    static let maxLimit = 100

    private struct Deleted: Encodable { var message = "PayLink deleted" }

    func register(on api: RouterGroup<ServiceRequestContext>) {
        let repository = self.repository
        api.get("/paylinks") { request, context in
            let seller = try Self.seller(context)
            let limit = try Self.limit(request.query["limit"])
            var cursor: PayLinkCursor?
            if let text = request.query["cursor"] {
                guard let parsed = PayLinkCursor(encoded: text) else {
                    throw HTTPError.validation("cursor is not a cursor from a previous page")
                }
                cursor = parsed
            }
            var links = try await repository.list(sellerID: seller, after: cursor, limit: limit + 1)
            let hasMore = links.count > limit
            if hasMore { links.removeLast(links.count - limit) }
            let next = hasMore ? links.last.map { PayLinkCursor(createdAtMicros: $0.createdAtMicros, id: $0.id) } : nil
            return PayLinkPage(data: links, nextCursor: next?.encoded, hasMore: hasMore)
        }

        api.post("/paylinks") { request, context in
            let seller = try Self.seller(context)
            let input = try PayLinkInput(request.decode(as: JSONValue.self))
            let fields = try input.created(defaultCurrency: context.identity?.currency ?? "RON")
            let slug = try input.customSlug()
            let link = try await Self.mapStoreErrors {
                try await repository.create(sellerID: seller, fields: fields, customSlug: slug)
            }
            return EditedResponse(status: .created, json: link)
        }

        api.get("/paylinks/{id}") { _, context in
            let (seller, id) = try Self.sellerAndID(context)
            guard let link = try await repository.payLink(id: id, sellerID: seller) else { throw Self.notFound }
            return link
        }

        api.patch("/paylinks/{id}") { request, context in
            let (seller, id) = try Self.sellerAndID(context)
            let input = try PayLinkInput(request.decode(as: JSONValue.self))
            let slug = try input.customSlug()
            let link = try await Self.mapStoreErrors {
                try await repository.update(id: id, sellerID: seller) { existing in
                    (try input.updated(existing), slug)
                }
            }
            guard let link else { throw Self.notFound }
            return link
        }

        api.delete("/paylinks/{id}") { _, context in
            let (seller, id) = try Self.sellerAndID(context)
            guard try await repository.delete(id: id, sellerID: seller) else { throw Self.notFound }
            return Deleted()
        }

        api.post("/paylinks/{id}/duplicate") { _, context in
            let (seller, id) = try Self.sellerAndID(context)
            guard let original = try await repository.payLink(id: id, sellerID: seller) else { throw Self.notFound }
            let copy = try await Self.mapStoreErrors {
                try await repository.create(sellerID: seller, fields: original.fields, customSlug: nil)
            }
            return EditedResponse(status: .created, json: copy)
        }

        api.post("/paylinks/{id}/toggle") { _, context in
            let (seller, id) = try Self.sellerAndID(context)
            guard let link = try await repository.toggle(id: id, sellerID: seller) else { throw Self.notFound }
            return link
        }
    }

    static let notFound = HTTPError(.notFound, code: .notFound, message: "PayLink not found")

    /// The signed-in seller's id (lowercase); 401 for an anonymous caller.
    static func seller(_ context: ServiceRequestContext) throws(HTTPError) -> String {
        guard let identity = context.identity, identity.role != .anonymous,
            let userID = identity.userID, let seller = UUIDv7.normalized(userID)
        else { throw HTTPError(.unauthorized, code: .unauthorized, message: "Unauthorized") }
        return seller
    }

    private static func sellerAndID(_ context: ServiceRequestContext) throws -> (seller: String, id: String) {
        let seller = try seller(context)
        guard let id = UUIDv7.normalized(try context.parameters.require("id")) else { throw notFound }
        return (seller, id)
    }

    /// `limit`: 1…100, 20 when absent.
    static func limit(_ text: String?) throws(HTTPError) -> Int {
        guard let text else { return defaultLimit }
        guard let limit = Int(text), (1...maxLimit).contains(limit) else {
            throw .validation("limit must be an integer from 1 to \(maxLimit)")
        }
        return limit
    }

    private static func mapStoreErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch PayLinkStoreError.slugTaken {
            throw HTTPError(.conflict, code: HTTPError.Code("SLUG_TAKEN"), message: "slug is already taken")
        } catch PayLinkStoreError.currencyFrozen {
            throw HTTPError(
                .conflict,
                code: .conflict,
                message: "currency cannot change once the link has been paid"
            )
        }
    }
}

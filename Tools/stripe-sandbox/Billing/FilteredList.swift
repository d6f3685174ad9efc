import StripeSandboxCore

/// A Stripe list whose filter cannot be written as equal top-level strings (subscriptions that are not
/// canceled, prices by `recurring[interval]`): pages of the store are read in the list's direction and
/// filtered here, keeping `starting_after`/`ending_before` semantics.
enum FilteredList {
    /// The most store pages one request reads.
    static let maxBatches = 50

    static func list(
        call: Call,
        object type: String,
        filters: [String: String],
        url: String,
        where include: (JSONObject) -> Bool
    ) async throws -> JSON {
        let page = call.page
        let backwards = page.endingBefore != nil && page.startingAfter == nil
        var cursor = backwards ? page.endingBefore : page.startingAfter
        var matched: [JSONObject] = []
        var more = false
        for _ in 0..<maxBatches {
            var batch = PageRequest(limit: 100)
            batch.createdGT = page.createdGT
            batch.createdGTE = page.createdGTE
            batch.createdLT = page.createdLT
            batch.createdLTE = page.createdLTE
            if backwards { batch.endingBefore = cursor } else { batch.startingAfter = cursor }
            let (objects, hasMore) = try await call.store.page(
                object: type,
                account: call.account,
                filters: filters,
                page: batch
            )
            // Backwards pages come newest first; the objects nearest the cursor are at the end.
            let ordered = backwards ? Array(objects.reversed()) : objects
            for object in ordered where include(object) {
                if matched.count == page.limit {
                    more = true
                    break
                }
                matched.append(object)
            }
            if more || !hasMore || ordered.isEmpty { break }
            cursor = ordered.last?["id"]?.stringValue
        }
        if backwards { matched.reverse() }
        return [
            "object": "list", "data": .array(matched.map(JSON.object)), "has_more": .bool(more), "url": .string(url),
        ]
    }
}

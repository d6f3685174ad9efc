/// Per-route settings given at registration: `router.post("/uploads", options: .init(maxBodyBytes: 10 << 20))`.
package struct RouteOptions: Sendable, Equatable {
    /// The largest request body accepted for this route, in bytes; `nil` (the default) keeps the server's
    /// limit. Reported to the server by ``Router/bodyLimit(for:)`` before the body is read.
    package var maxBodyBytes: Int?

    /// Creates options.
    package init(maxBodyBytes: Int? = nil) {
        precondition(maxBodyBytes.map { $0 >= 0 } ?? true, "maxBodyBytes must not be negative")
        self.maxBodyBytes = maxBodyBytes
    }
}

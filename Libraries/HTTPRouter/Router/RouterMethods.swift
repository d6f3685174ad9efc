package import HTTPCore

/// Route registration shared by ``Router`` and ``RouterGroup``: `on`, the per-method shorthands, groups
/// and middleware.
///
/// Handlers are `@Sendable (Request, Context) async throws -> Output` where `Output` is a
/// ``ResponseGenerator`` (`HTTPResponse`, `String`, ``EditedResponse``…) or any `Encodable`, which is sent as
/// JSON with status 200. Paths are patterns (see ``RoutePattern``): `/paylinks/{id}`, `*`, `**`.
///
/// Registering two routes with the same method and an overlapping pattern (`/a/{id}` and `/a/{slug}`) is
/// a programming error and traps.
package protocol RouterMethods<Context> {
    /// The context type handlers of this router or group receive.
    associatedtype Context: RequestContext

    /// Registers a handler for `method` at `path` (relative to the group).
    @discardableResult
    func on<Output: ResponseGenerator>(
        _ path: String,
        method: HTTPMethod,
        options: RouteOptions,
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self

    /// Adds a middleware around every route of this router or group, including routes registered earlier;
    /// middleware runs in the order added.
    @discardableResult
    func add(middleware: some RouterMiddleware<Context>) -> Self

    /// A group of routes under `path`, with its own middleware.
    func group(_ path: String) -> RouterGroup<Context>

    /// A group of routes under `path` whose handlers and middleware get a `Child` context derived from
    /// this one by `Child.init(context:)`; a thrown error answers the request (a 401, typically).
    func group<Child: ChildRequestContext>(_ path: String, context: Child.Type) -> RouterGroup<Child>
    where Child.ParentContext == Context
}

extension RouterMethods {
    /// Registers a handler with default ``RouteOptions``.
    @discardableResult
    package func on<Output: ResponseGenerator>(
        _ path: String,
        method: HTTPMethod,
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self {
        on(path, method: method, options: RouteOptions(), use: handler)
    }

    /// Registers a handler whose `Encodable` result is sent as JSON (200, `application/json`).
    @_disfavoredOverload
    @discardableResult
    package func on<Output: Encodable & SendableMetatype>(
        _ path: String,
        method: HTTPMethod,
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self {
        on(path, method: method, options: options) { request, context in
            EncodableResponse(try await handler(request, context))
        }
    }

    /// Registers a `GET` handler (also answering `HEAD`, whose body the server drops).
    @discardableResult
    package func get<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .get, options: options, use: handler) }

    /// Registers an explicit `HEAD` handler (without one, `HEAD` uses the `GET` handler).
    @discardableResult
    package func head<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .head, options: options, use: handler) }

    /// Registers a `POST` handler.
    @discardableResult
    package func post<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .post, options: options, use: handler) }

    /// Registers a `PUT` handler.
    @discardableResult
    package func put<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .put, options: options, use: handler) }

    /// Registers a `PATCH` handler.
    @discardableResult
    package func patch<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .patch, options: options, use: handler) }

    /// Registers a `DELETE` handler.
    @discardableResult
    package func delete<Output: ResponseGenerator>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .delete, options: options, use: handler) }

    /// Registers a `GET` handler whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    @discardableResult
    package func get<Output: Encodable & SendableMetatype>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .get, options: options, use: handler) }

    /// Registers a `POST` handler whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    @discardableResult
    package func post<Output: Encodable & SendableMetatype>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .post, options: options, use: handler) }

    /// Registers a `PUT` handler whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    @discardableResult
    package func put<Output: Encodable & SendableMetatype>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .put, options: options, use: handler) }

    /// Registers a `PATCH` handler whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    @discardableResult
    package func patch<Output: Encodable & SendableMetatype>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .patch, options: options, use: handler) }

    /// Registers a `DELETE` handler whose `Encodable` result is sent as JSON.
    @_disfavoredOverload
    @discardableResult
    package func delete<Output: Encodable & SendableMetatype>(
        _ path: String = "",
        options: RouteOptions = RouteOptions(),
        use handler: @escaping @Sendable (Request, Context) async throws -> Output
    ) -> Self { on(path, method: .delete, options: options, use: handler) }
}

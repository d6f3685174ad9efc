/// Metadata keys shared across modules: dotted and lowercase (`request.id`), never free-form.
package enum LogKeys {
    /// The request id, propagated through the gateway (`X-Request-Id`).
    package static let requestID = "request.id"
    /// The request method.
    package static let httpMethod = "http.method"
    /// The raw request path.
    package static let httpPath = "http.path"
    /// The matched route pattern, such as `/paylinks/{id}`.
    package static let httpRoute = "http.route"
    /// The response status code.
    package static let httpStatus = "http.status"
    /// How long something took, in milliseconds.
    package static let durationMilliseconds = "duration.ms"
    /// A description of an error (never containing secrets).
    package static let error = "error"
    /// The service name.
    package static let service = "service"
    /// The SQL text of a statement (never its bound values).
    package static let dbStatement = "db.statement"
}

/// Metadata keys shared across modules: dotted and lowercase (`request.id`), never free-form.
package enum LogKeys {
    package static let requestID = "request.id"
    package static let httpMethod = "http.method"
    package static let httpPath = "http.path"
    package static let httpRoute = "http.route"
    package static let httpStatus = "http.status"
    package static let durationMilliseconds = "duration.ms"
    package static let error = "error"
    package static let service = "service"
    package static let dbStatement = "db.statement"
}

package import HTTPCore
import LogKit

/// An error answered with a status and the project's JSON error body.
///
/// The body is always `{"error":{"message":"…","code":"…"}}` with `Content-Type: application/json;
/// charset=utf-8` (DESIGN §4). The message is shown to clients: never put internals or secrets in it.
///
/// ```swift
/// throw HTTPError(.notFound, message: "PayLink not found")
/// throw HTTPError(.badRequest, code: .validationError, message: "amount is in minor units, e.g. 4999 for 49.99")
/// throw HTTPError(.tooManyRequests, headers: ["Retry-After": "30"])
/// ```
package struct HTTPError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The response status.
    package var status: HTTPStatus
    /// The machine-readable code, such as `NOT_FOUND`.
    package var code: Code
    /// The human-readable message.
    package var message: String
    /// Extra response headers, such as `Allow` or `Retry-After`.
    package var headers: HTTPFields

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - status: The response status.
    ///   - code: The code; defaults to the status' (``Code/init(status:)``, for example `NOT_FOUND`).
    ///   - message: The message; defaults to the status' reason phrase (for example `Not Found`).
    ///   - headers: Extra response headers.
    package init(_ status: HTTPStatus, code: Code? = nil, message: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code ?? Code(status: status)
        self.message = message ?? (status.reasonPhrase.isEmpty ? "HTTP \(status.code)" : status.reasonPhrase)
        self.headers = headers
    }

    /// The error itself.
    package var httpError: HTTPError { self }

    /// A log-friendly summary: status, code and message.
    package var description: String { "HTTPError(\(status.code) \(code.rawValue): \(message))" }

    /// The response: status, the extra headers plus `Content-Type`, and the JSON error body.
    package var response: HTTPResponse {
        var headers = headers
        headers.set("Content-Type", to: "application/json; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, bytes: Self.body(message: message, code: code.rawValue))
    }

    /// The JSON error body `{"error":{"message":…,"code":…}}`, escaped.
    package static func body(message: String, code: String) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(40 + message.utf8.count + code.utf8.count)
        body.append(contentsOf: #"{"error":{"message":"#.utf8)
        JSONLogHandler.appendJSONString(message, to: &body)
        body.append(contentsOf: #","code":"#.utf8)
        JSONLogHandler.appendJSONString(code, to: &body)
        body.append(contentsOf: "}}".utf8)
        return body
    }
}

extension HTTPError {
    /// The 404 for a path no route matches.
    package static let routeNotFound = HTTPError(.notFound, message: "Route not found")

    /// The 500 for every error that does not describe itself (its details only go to the log).
    package static let unexpected = HTTPError(.internalServerError, message: "Internal server error")

    /// A 400 `VALIDATION_ERROR` naming the offending field, such as `amount: expected an integer`.
    package static func validation(_ message: String) -> HTTPError {
        HTTPError(.badRequest, code: .validationError, message: message)
    }
}

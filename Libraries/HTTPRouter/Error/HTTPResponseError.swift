/// An error that knows the HTTP response it should produce.
///
/// The router turns any thrown error that conforms into ``httpError``'s JSON response; any other error
/// becomes a 500 `INTERNAL_ERROR` that is logged and never echoed. Services map their domain errors by
/// conforming them:
///
/// ```swift
/// extension PayLinkError: HTTPResponseError {
///     var httpError: HTTPError {
///         switch code {
///         case .notFound: HTTPError(.notFound, message: "PayLink not found")
///         case .slugTaken: HTTPError(.conflict, code: HTTPError.Code("SLUG_TAKEN"), message: "Slug is taken")
///         default: HTTPError(.internalServerError)
///         }
///     }
/// }
/// ```
///
/// Errors mapping to a 5xx status are also logged at error level with their `description`.
package protocol HTTPResponseError: Error {
    /// The status, code, message and headers of the response; the message is shown to clients, so it
    /// must not contain internals or secrets.
    var httpError: HTTPError { get }
}

import HTTPCore
import LogKit

/// Turns errors thrown by handlers, middleware and child contexts into responses.
enum ErrorResponse {
    /// The response for `error`: its own for an ``HTTPResponseError``, otherwise a 500 that hides it.
    ///
    /// Unknown errors, and response errors with a 5xx status, are logged at error level on the request's
    /// logger (so with `request.id`) with their description; the client only ever sees the mapped message.
    static func response(for error: any Error, context: some RequestContext) -> HTTPResponse {
        if let responseError = error as? any HTTPResponseError {
            let httpError = responseError.httpError
            if httpError.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        LogKeys.error: String(describing: error), LogKeys.httpStatus: String(httpError.status.code),
                    ]
                )
            }
            return httpError.response
        }
        if error is CancellationError {
            // The task was cancelled (the client went away, or shutdown): not a bug, and nobody reads the answer.
            context.logger.notice("request cancelled")
            return HTTPError.unexpected.response
        }
        context.logger.error(
            "unhandled error",
            metadata: [LogKeys.error: String(describing: error), errorTypeKey: String(reflecting: type(of: error))]
        )
        return HTTPError.unexpected.response
    }

    /// The log metadata key for the Swift type of an unhandled error.
    static let errorTypeKey = "error.type"
}

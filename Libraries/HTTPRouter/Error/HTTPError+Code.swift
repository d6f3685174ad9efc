package import HTTPCore

extension HTTPError {
    /// A machine-readable error code such as `NOT_FOUND` or `VALIDATION_ERROR`.
    ///
    /// An open set (services add their own, such as `INVALID_CURRENCY`), so unlike module error codes it
    /// wraps a string rather than a private enum. Declare service codes as static lets in an extension.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as sent to clients.
        package let rawValue: String

        /// A code with this spelling, conventionally `UPPER_SNAKE_CASE`.
        package init(_ rawValue: String) { self.rawValue = rawValue }

        /// The default code of a status: `INTERNAL_ERROR` for 500, `RATE_LIMITED` for 429, otherwise the
        /// reason phrase in upper snake case (`Not Found` → `NOT_FOUND`), or `HTTP_<code>` without one.
        package init(status: HTTPStatus) {
            switch status.code {
            case 500: self = .internalError
            case 429: self = .rateLimited
            default:
                guard !status.reasonPhrase.isEmpty else {
                    self.init("HTTP_\(status.code)")
                    return
                }
                // Reason phrases are ASCII: letters upper-cased, digits kept, anything else separates words.
                var code: [UInt8] = []
                for byte in status.reasonPhrase.utf8 {
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): code.append(byte - 0x20)
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): code.append(byte)
                    default: if code.last != UInt8(ascii: "_") { code.append(UInt8(ascii: "_")) }
                    }
                }
                while code.last == UInt8(ascii: "_") { code.removeLast() }
                self.init(String(decoding: code, as: UTF8.self))
            }
        }

        /// The code as sent to clients.
        package var description: String { rawValue }

        /// A generic 400.
        package static let badRequest = Code("BAD_REQUEST")
        /// 400: well-formed input that breaks a field rule; the message names the field.
        package static let validationError = Code("VALIDATION_ERROR")
        /// 400: the body is not JSON at all.
        package static let invalidJSON = Code("INVALID_JSON")
        /// 401: missing or invalid credentials.
        package static let unauthorized = Code("UNAUTHORIZED")
        /// 403: authenticated but not allowed.
        package static let forbidden = Code("FORBIDDEN")
        /// 404: no such route or resource (also for another seller's resource).
        package static let notFound = Code("NOT_FOUND")
        /// 405: the path exists with other methods (see the `Allow` header).
        package static let methodNotAllowed = Code("METHOD_NOT_ALLOWED")
        /// 409: the request conflicts with the current state.
        package static let conflict = Code("CONFLICT")
        /// 413: the body exceeds the route's limit.
        package static let contentTooLarge = Code("CONTENT_TOO_LARGE")
        /// 415: the body's `Content-Type` is not accepted.
        package static let unsupportedMediaType = Code("UNSUPPORTED_MEDIA_TYPE")
        /// 429: too many requests (see `Retry-After`).
        package static let rateLimited = Code("RATE_LIMITED")
        /// 500: an unexpected failure; details are only logged.
        package static let internalError = Code("INTERNAL_ERROR")
        /// 502: an upstream service answered badly.
        package static let badGateway = Code("BAD_GATEWAY")
        /// 503: a dependency is down or the service is shutting down.
        package static let serviceUnavailable = Code("SERVICE_UNAVAILABLE")
        /// 504: an upstream service did not answer in time.
        package static let gatewayTimeout = Code("GATEWAY_TIMEOUT")
    }
}

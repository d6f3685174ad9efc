import Glibc
package import HTTPCore
package import HTTPRouter
package import HTTPUpstream
package import ServiceIdentity

/// Calls another PayLinks service's internal API over HTTP with a signed identity assertion (DESIGN §2).
///
/// ```swift
/// let messaging = try environment.internalClient(for: "messaging", defaultPort: 8084)
/// let queued: Queued = try await messaging.json(
///     .post, "/api/v1/internal/emails", body: email, as: .service("auth"), requestID: context.requestID)
/// ```
///
/// Every failure is an ``InternalServiceError``: the service unreachable or too slow, or an answer outside
/// 2xx (with its status and the `error.code` of its JSON body, so callers can pass a 429 or a 409 on).
package struct InternalServiceClient: Sendable {
    /// The service called (the assertion's audience).
    package let service: String
    /// Where it listens.
    package let address: HTTPUpstreamAddress
    /// How long one call may take, connect included.
    package let timeout: Duration
    private let client: HTTPUpstreamClient
    private let keys: InternalKeys

    /// Creates a client for `service` at `address`.
    package init(
        service: String,
        address: HTTPUpstreamAddress,
        keys: InternalKeys,
        client: HTTPUpstreamClient,
        timeout: Duration = .seconds(5)
    ) {
        self.service = service
        self.address = address
        self.keys = keys
        self.client = client
        self.timeout = timeout
    }

    /// Sends a request and returns the answer whatever its status.
    ///
    /// - Parameters:
    ///   - method: The method.
    ///   - target: Origin-form target, such as `/api/v1/internal/emails`.
    ///   - body: The JSON body, if any (sent with `Content-Type: application/json`).
    ///   - identity: Who the call is made for: the end user the request serves, or ``CallerIdentity/service(_:)``.
    ///   - requestID: The request id to propagate, if there is one.
    /// - Throws: ``InternalServiceError`` with code `unavailable` or `timedOut`.
    package func send(
        _ method: HTTPMethod,
        _ target: String,
        body: [UInt8]? = nil,
        as identity: CallerIdentity,
        requestID: String? = nil
    ) async throws(InternalServiceError) -> HTTPUpstreamResponse {
        var headers = HTTPFields()
        let requestID = requestID ?? RequestID.generate()
        headers.add("X-Request-Id", requestID)
        if body != nil { headers.add("Content-Type", "application/json") }
        let assertion = IdentityAssertion(
            identity: identity,
            audience: service,
            requestID: requestID,
            expiresAt: Int64(time(nil)) + IdentityAssertion.lifetime
        )
        headers.add(IdentityAssertion.headerName, assertion.encoded(with: keys))
        let request = HTTPUpstreamRequest(method: method, target: target, headers: headers, body: body ?? [])
        do {
            return try await client.execute(request, to: address, deadline: .now + timeout)
        } catch {
            let code: InternalServiceError.Code = error.code == .timedOut ? .timedOut : .unavailable
            throw InternalServiceError(code: code, service: service, message: error.message)
        }
    }

    /// Sends `body` as JSON and decodes a 2xx answer as `Response`.
    ///
    /// - Throws: ``InternalServiceError``: `unavailable`, `timedOut`, `status` (non-2xx: ``InternalServiceError/status``
    ///   and ``InternalServiceError/errorCode`` from the body), or `invalidResponse` (a 2xx that does not decode).
    package func json<Response: Decodable>(
        _ method: HTTPMethod,
        _ target: String,
        body: (some Encodable)? = String?.none,
        as identity: CallerIdentity,
        requestID: String? = nil,
        decoding: Response.Type = Response.self
    ) async throws(InternalServiceError) -> Response {
        var bytes: [UInt8]?
        if let body {
            do { bytes = try JSONCoding.encode(body) } catch {
                throw InternalServiceError(code: .invalidRequest, service: service, message: "\(error)")
            }
        }
        let response = try await send(method, target, body: bytes, as: identity, requestID: requestID)
        guard (200..<300).contains(response.status.code) else {
            throw InternalServiceError(response: response, service: service)
        }
        do {
            return try JSONCoding.decode(Response.self, from: response.body)
        } catch {
            throw InternalServiceError(
                code: .invalidResponse,
                service: service,
                message: "\(service) answered \(response.status.code) with a body that does not decode: \(error)"
            )
        }
    }
}

/// Why a call to another service failed.
package struct InternalServiceError: Error, Sendable, CustomStringConvertible {
    /// The failure kinds.
    package enum Code: String, Sendable {
        /// Could not connect or the connection failed.
        case unavailable
        /// No whole answer before the timeout.
        case timedOut
        /// The service answered outside 2xx.
        case status
        /// A 2xx whose body did not decode.
        case invalidResponse
        /// The request body could not be encoded.
        case invalidRequest
    }

    /// The kind.
    package var code: Code
    /// The service called.
    package var service: String
    /// The HTTP status for ``Code/status``.
    package var status: Int?
    /// The `error.code` of the service's JSON error body, when it had one.
    package var errorCode: String?
    /// What happened (for logs; may quote the service's message, never a request body).
    package var message: String
    /// The response headers for ``Code/status`` (a 429's `Retry-After`, for example).
    package var headers: HTTPFields

    /// Creates an error.
    package init(code: Code, service: String, message: String, status: Int? = nil, errorCode: String? = nil) {
        self.code = code
        self.service = service
        self.message = message
        self.status = status
        self.errorCode = errorCode
        self.headers = HTTPFields()
    }

    init(response: HTTPUpstreamResponse, service: String) {
        struct Body: Decodable {
            struct Detail: Decodable {
                var message: String?
                var code: String?
            }
            var error: Detail?
        }
        let detail = (try? JSONCoding.decode(Body.self, from: response.body))?.error
        self.init(
            code: .status,
            service: service,
            message: detail?.message ?? "\(service) answered \(response.status.code)",
            status: response.status.code,
            errorCode: detail?.code
        )
        headers = response.headers
    }

    /// The error to answer a client with: the service's status and code for 4xx answers (the message kept),
    /// otherwise 502/504 naming the service.
    package var httpError: HTTPError {
        switch code {
        case .status where (400..<500).contains(status ?? 0):
            var error = HTTPError(
                HTTPStatus(code: status ?? 400),
                code: errorCode.map(HTTPError.Code.init),
                message: message
            )
            if let retryAfter = headers["Retry-After"] { error.headers.add("Retry-After", retryAfter) }
            return error
        case .timedOut:
            return HTTPError(
                .gatewayTimeout,
                code: .gatewayTimeout,
                message: "The \(service) service did not answer in time"
            )
        default:
            return HTTPError(.badGateway, code: .badGateway, message: "The \(service) service is unavailable")
        }
    }

    package var description: String {
        "\(service) call failed (\(code.rawValue)\(status.map { " \($0)" } ?? "")): \(message)"
    }
}

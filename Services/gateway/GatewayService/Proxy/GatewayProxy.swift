import Glibc
import HTTPCore
import HTTPRouter
import HTTPServer
import HTTPUpstream
import LogKit
import ServiceIdentity

/// Forwards a request to the service that owns its path and relays the answer, bodies byte for byte.
///
/// The service receives the client's method, target and fields (minus hop-by-hop and gateway-owned ones),
/// plus `X-Request-Id`, `X-Forwarded-For` (the client IP), `X-Currency` (the resolved currency, replacing
/// the client's) and a fresh ``IdentityAssertion`` for the caller, signed for that service only. A service that cannot be reached is a 502, one that does not answer in time a 504, both as
/// JSON errors naming the service.
struct GatewayProxy: Sendable {
    let client: HTTPUpstreamClient
    let configuration: GatewayConfiguration
    let keys: InternalKeys
    let table: GatewayRouteTable

    /// Forwards `request` to its owner.
    func forward(_ request: Request, context: GatewayContext) async throws -> HTTPResponse {
        guard let entry = context.route ?? table.match(request.path) else {
            throw HTTPError(.notFound, code: .notFound, message: "Not found")
        }
        var headers = ProxyHeaders.request(request.headers)
        headers.add("X-Request-Id", context.requestID)
        headers.add("X-Forwarded-For", context.clientAddress)
        // The assertion's `cur` is authoritative; the header is normalised to the same value for services
        // that read it.
        if let currency = context.identity?.currency { headers.set(CurrencyHeader.name, to: currency) }
        let assertion = IdentityAssertion(
            identity: context.identity ?? .anonymous,
            audience: entry.service.rawValue,
            requestID: context.requestID,
            expiresAt: Int64(time(nil)) + IdentityAssertion.lifetime
        )
        headers.add(IdentityAssertion.headerName, assertion.encoded(with: keys))
        // HEAD reaches the router as a GET route; forward what the client sent.
        let upstream = HTTPUpstreamRequest(
            method: request.method,
            target: request.head.target,
            headers: headers,
            body: request.body
        )
        return try await send(upstream, to: entry.service, context: context)
    }

    /// Sends `request` to `service` and maps transport failures to 502/503/504.
    func send(
        _ request: HTTPUpstreamRequest,
        to service: UpstreamService,
        context: GatewayContext
    ) async throws
        -> HTTPResponse
    {
        guard let address = configuration.upstreams[service] else {
            throw HTTPError(.badGateway, code: .badGateway, message: "The \(service) service is not configured")
        }
        let deadline = ContinuousClock.now + configuration.upstreamTimeout
        do {
            let response = try await client.execute(request, to: address, deadline: deadline)
            return HTTPResponse(
                status: response.status,
                headers: ProxyHeaders.response(response.headers),
                bytes: response.body
            )
        } catch {
            context.logger.warning(
                "upstream request failed",
                metadata: ["upstream": "\(service)", "error.code": "\(error.code)", "error": "\(error)"]
            )
            throw Self.httpError(for: error, service: service)
        }
    }

    private static func httpError(for error: HTTPUpstreamError, service: UpstreamService) -> HTTPError {
        switch error.code {
        case .timedOut:
            HTTPError(.gatewayTimeout, code: .gatewayTimeout, message: "The \(service) service did not answer in time")
        case .shutDown:
            HTTPError(.serviceUnavailable, code: .serviceUnavailable, message: "The gateway is shutting down")
        case .protocolError, .responseTooLarge:
            HTTPError(.badGateway, code: .badGateway, message: "The \(service) service sent an invalid response")
        default:
            HTTPError(.badGateway, code: .badGateway, message: "The \(service) service is unavailable")
        }
    }
}

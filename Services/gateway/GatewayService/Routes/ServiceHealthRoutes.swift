import HTTPCore
import HTTPRouter
import HTTPUpstream
import ServiceRuntime

/// `GET /healthz/{service}`: one service's own `/healthz`, fetched through the gateway (502 when it is down),
/// and the readiness checks that make the gateway's `/readyz` report every service.
enum ServiceHealthRoutes {
    static func register(on router: Router<GatewayContext>, proxy: GatewayProxy) {
        router.get("/healthz/{service}") { _, context in
            guard let service = UpstreamService(rawValue: try context.parameters.require("service")) else {
                throw HTTPError(.notFound, code: .notFound, message: "No such service")
            }
            return try await proxy.send(
                HTTPUpstreamRequest(method: .get, target: "/healthz", headers: ["X-Request-Id": context.requestID]),
                to: service,
                context: context
            )
        }
    }

    /// One readiness check per service: its `/healthz` answers 200 within a second.
    static func readinessChecks(client: HTTPUpstreamClient, configuration: GatewayConfiguration) -> [ReadinessCheck] {
        UpstreamService.allCases.compactMap { service in
            guard let address = configuration.upstreams[service] else { return nil }
            return ReadinessCheck(name: service.rawValue) {
                let response = try await client.execute(
                    HTTPUpstreamRequest(method: .get, target: "/healthz"),
                    to: address,
                    deadline: .now + .seconds(1)
                )
                guard response.status == .ok else { throw UnhealthyService(status: response.status.code) }
            }
        }
    }

    private struct UnhealthyService: Error, CustomStringConvertible {
        var status: Int
        var description: String { "answered \(status)" }
    }
}

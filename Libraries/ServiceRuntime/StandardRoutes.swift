import HTTPCore
package import HTTPRouter
package import MetricsKit

/// The routes every service answers: `/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics`
/// (Prometheus text).
package enum StandardRoutes {
    private struct Health: Encodable {
        var status: String
        var service: String
    }

    private struct Readiness: Encodable {
        struct Failure: Encodable {
            var message: String
            var code: String
        }
        var status: String
        var service: String
        var checks: [String: String]
        var error: Failure?
    }

    /// Registers the three routes on `router`.
    ///
    /// - Parameters:
    ///   - service: the service name reported in the bodies.
    ///   - checks: what `/readyz` verifies, concurrently, each bounded by `timeout`.
    ///   - metrics: the registry `/metrics` exposes.
    package static func register<Context>(
        on router: Router<Context>,
        service: String,
        checks: [ReadinessCheck],
        metrics: MetricsRegistry,
        timeout: Duration = .seconds(2)
    ) {
        router.get("/healthz") { _, _ in Health(status: "ok", service: service) }
        router.get("/readyz") { _, _ in
            let results = await withTaskGroup(of: (String, String?).self) { group in
                for check in checks { group.addTask { (check.name, await check.evaluate(timeout: timeout)) } }
                var results: [String: String] = [:]
                for await (name, failure) in group { results[name] = failure ?? "ok" }
                return results
            }
            let failed = results.filter { $0.value != "ok" }.keys.sorted()
            guard failed.isEmpty else {
                let body = Readiness(
                    status: "unavailable",
                    service: service,
                    checks: results,
                    error: .init(message: "Not ready: \(failed.joined(separator: ", "))", code: "NOT_READY")
                )
                return EditedResponse(status: .serviceUnavailable, json: body)
            }
            return EditedResponse(json: Readiness(status: "ready", service: service, checks: results, error: nil))
        }
        router.get("/metrics") { _, _ in
            HTTPResponse(
                status: .ok,
                headers: ["Content-Type": PrometheusText.contentType],
                bytes: Array(metrics.exposition().utf8)
            )
        }
    }
}

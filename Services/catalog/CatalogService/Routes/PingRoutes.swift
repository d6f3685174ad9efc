import HTTPCore
import HTTPRouter
import ServiceRuntime

/// `GET /ping`: `pong` in plain text, through the gateway and the catalog service without touching the
/// database — a cheap end-to-end liveness probe for uptime monitors (and the plaintext benchmark route).
enum PingRoutes {
    static func register(on api: RouterGroup<ServiceRequestContext>) {
        api.get("/ping") { _, _ in
            HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], bytes: Array("pong".utf8))
        }
    }
}

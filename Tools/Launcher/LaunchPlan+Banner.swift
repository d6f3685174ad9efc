import Foundation

extension LaunchPlan {
    /// The text printed once the platform is ready: the public URLs, each service's direct URL, where the
    /// data lives and how to stop.
    ///
    /// - Parameters:
    ///   - dataDirectory: the absolute data directory.
    ///   - database: how PostgreSQL is provided, such as `local cluster on 127.0.0.1:54329`.
    package func banner(dataDirectory: String, database: String) -> String {
        let base = url(of: .gateway)
        var lines = [
            "",
            "PayLinks is ready.",
            "  gateway    \(base)",
            "  health     \(base)/healthz",
            "  ready      \(base)/readyz",
            "  metrics    \(base)/metrics",
            "  services (direct; they answer 401 without the gateway's signed identity):",
        ]
        for backend in PlatformComponent.backends {
            let name = backend.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("    \(name) \(url(of: backend))  (port \(port(of: backend)))")
        }
        lines += [
            "  database   \(database)",
            "  data       \(dataDirectory)",
            "Ctrl-C stops everything.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}

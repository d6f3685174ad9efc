/// Decides which port each component listens on (pure; the bind checks are injected so tests need no sockets).
///
/// The gateway gets `PAYLINKS_PUBLIC_PORT` and a backend (or the Stripe sandbox) its `<NAME>_HTTP_PORT`, and
/// either must be free: quietly moving a port the user asked for would only confuse. A component without one
/// gets its default (8081–8084, 12111), or a free port from the kernel when the default is taken or already
/// assigned. Only the components the configuration runs get a port (no sandbox when another Stripe is set).
package enum PortAssignment {
    /// Assigns a port to each component the configuration runs.
    ///
    /// - Parameters:
    ///   - configuration: the public port and the ports set explicitly.
    ///   - reserved: ports already in use by the launcher itself (the local PostgreSQL).
    ///   - isFree: whether a port can be bound on 127.0.0.1 right now.
    ///   - freePort: a port the kernel picks, or `nil` when none can be had.
    /// - Returns: the port of every component.
    /// - Throws: ``LauncherError`` naming the variable whose port is taken.
    package static func assign(
        configuration: LauncherConfiguration,
        reserved: Set<Int> = [],
        isFree: (Int) -> Bool = FreePort.canBind,
        freePort: () -> Int? = FreePort.ephemeral
    ) throws(LauncherError) -> [PlatformComponent: Int] {
        var taken = reserved
        var ports: [PlatformComponent: Int] = [:]
        var explicit: [(PlatformComponent, Int, String)] = [
            (.gateway, configuration.publicPort, "PAYLINKS_PUBLIC_PORT")
        ]
        let others = configuration.components.filter { $0 != .gateway }
        for component in others {
            if let port = configuration.requestedPorts[component] {
                explicit.append((component, port, "\(component.environmentPrefix)_HTTP_PORT"))
            }
        }
        for (component, port, key) in explicit {
            guard !taken.contains(port) else {
                throw LauncherError("port \(port) (\(key)) is assigned twice; give each service its own port")
            }
            guard isFree(port) else {
                throw LauncherError(
                    "port \(port) (\(key)) is in use: is PayLinks already running? Stop it or set \(key) to a free port"
                )
            }
            ports[component] = port
            taken.insert(port)
        }
        for component in others where ports[component] == nil {
            var port = component.defaultPort
            var attempts = 0
            while taken.contains(port) || !isFree(port) {
                attempts += 1
                guard attempts <= 20, let candidate = freePort() else {
                    throw LauncherError(
                        "no free port for \(component); set \(component.environmentPrefix)_HTTP_PORT"
                    )
                }
                port = candidate
            }
            ports[component] = port
            taken.insert(port)
        }
        return ports
    }
}

/// Decides which port each component listens on (pure; the bind checks are injected so tests need no sockets).
///
/// The gateway gets `PAYLINKS_PUBLIC_PORT` and a backend its `<NAME>_HTTP_PORT`, and either must be free:
/// quietly moving a port the user asked for would only confuse. A backend without one gets its default
/// (8081–8084), or a free port from the kernel when the default is taken or already assigned.
package enum PortAssignment {
    /// Assigns a port to each of the five components.
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
        for backend in PlatformComponent.backends {
            if let port = configuration.requestedPorts[backend] {
                explicit.append((backend, port, "\(backend.environmentPrefix)_HTTP_PORT"))
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
        for backend in PlatformComponent.backends where ports[backend] == nil {
            var port = backend.defaultPort
            var attempts = 0
            while taken.contains(port) || !isFree(port) {
                attempts += 1
                guard attempts <= 20, let candidate = freePort() else {
                    throw LauncherError("no free port for \(backend); set \(backend.environmentPrefix)_HTTP_PORT")
                }
                port = candidate
            }
            ports[backend] = port
            taken.insert(port)
        }
        return ports
    }
}

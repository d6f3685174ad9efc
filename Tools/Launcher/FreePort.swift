import Glibc

/// Finds TCP ports on 127.0.0.1 that nothing is listening on.
///
/// The probe socket sets `SO_REUSEADDR`, as our servers and PostgreSQL do, so a port whose previous owner left
/// connections in `TIME_WAIT` still counts as free (the real server will be able to bind it). The answer is a
/// snapshot: another process may take the port before the child binds it.
package enum FreePort {
    /// `preferred` when it can be bound, else a port the kernel picks (or `preferred` if even that fails).
    package static func find(preferred: Int) -> Int {
        if preferred > 0, canBind(preferred) { return preferred }
        return ephemeral() ?? preferred
    }

    /// Whether 127.0.0.1:`port` can be bound right now.
    package static func canBind(_ port: Int) -> Bool { bind(port: port) != nil }

    /// A port the kernel picks from its ephemeral range, or `nil` when no socket can be bound.
    package static func ephemeral() -> Int? { bind(port: 0) }

    private static func bind(port: Int) -> Int? {
        guard (0...65535).contains(port) else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // On Linux SO_REUSEADDR still refuses a port that has a listener, which is exactly the test we want.
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

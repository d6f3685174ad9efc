import Glibc

/// Finds TCP ports on 127.0.0.1 that nothing is listening on.
enum FreePort {
    /// `preferred` when it can be bound, else a port the kernel picks.
    static func find(preferred: Int) -> Int {
        if preferred > 0, canBind(preferred) { return preferred }
        return bindEphemeral() ?? preferred
    }

    /// Whether 127.0.0.1:`port` can be bound right now.
    static func canBind(_ port: Int) -> Bool { bind(port: port) != nil }

    private static func bindEphemeral() -> Int? { bind(port: 0) }

    private static func bind(port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

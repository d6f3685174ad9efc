import CLinux
import Glibc

/// An IPv4 or IPv6 socket address (numeric host and port).
///
/// Names such as `localhost` are resolved with ``resolve(host:port:pool:)`` on a ``BlockingPool`` thread,
/// because `getaddrinfo` blocks.
package struct SocketAddress: Sendable, CustomStringConvertible {
    private enum Storage: Sendable {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    private let storage: Storage

    /// Creates an address from a numeric IPv4 (`127.0.0.1`) or IPv6 (`::1`) host and a port.
    ///
    /// - Throws: ``IOError/Code/invalidAddress`` if `host` is not a numeric address or `port` is out of range.
    package init(ipAddress host: String, port: Int) throws(IOError) {
        guard (0...65535).contains(port) else { throw IOError(code: .invalidAddress, function: "SocketAddress") }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            storage = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            storage = .v6(v6)
            return
        }
        throw IOError(code: .invalidAddress, function: "SocketAddress(\(host))")
    }

    /// Reads an address the kernel filled in (from `accept`, `getsockname`, `getpeername`).
    init?(storage raw: sockaddr_storage) {
        var raw = raw
        switch Int32(raw.ss_family) {
        case AF_INET:
            storage = .v4(withUnsafeBytes(of: &raw) { $0.load(as: sockaddr_in.self) })
        case AF_INET6:
            storage = .v6(withUnsafeBytes(of: &raw) { $0.load(as: sockaddr_in6.self) })
        default:
            return nil
        }
    }

    /// Resolves `host` (numeric, or a name through `getaddrinfo` on `pool`) to its first TCP address.
    ///
    /// - Throws: ``IOError/Code/invalidAddress`` when the name does not resolve.
    package static func resolve(host: String, port: Int, pool: BlockingPool = .shared) async throws -> SocketAddress {
        if let numeric = try? SocketAddress(ipAddress: host, port: port) { return numeric }
        return try await pool.run { () throws(IOError) -> SocketAddress in
            var hints = addrinfo()
            hints.ai_socktype = paylinks_sock_stream()
            hints.ai_family = AF_UNSPEC
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
                throw IOError(code: .invalidAddress, function: "getaddrinfo(\(host))")
            }
            defer { freeaddrinfo(result) }
            var raw = sockaddr_storage()
            withUnsafeMutableBytes(of: &raw) { target in
                target.copyMemory(
                    from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen))
                )
            }
            guard let address = SocketAddress(storage: raw) else {
                throw IOError(code: .invalidAddress, function: "getaddrinfo(\(host))")
            }
            return address
        }
    }

    /// The address family (`AF_INET` or `AF_INET6`).
    var family: CInt {
        switch storage {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// The numeric host, such as `127.0.0.1` or `::1`.
    package var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch storage {
        case .v4(var address): _ = inet_ntop(AF_INET, &address.sin_addr, &buffer, socklen_t(buffer.count))
        case .v6(var address): _ = inet_ntop(AF_INET6, &address.sin6_addr, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The port number.
    package var port: Int {
        switch storage {
        case .v4(let address): Int(UInt16(bigEndian: address.sin_port))
        case .v6(let address): Int(UInt16(bigEndian: address.sin6_port))
        }
    }

    package var description: String {
        switch storage {
        case .v4: "\(host):\(port)"
        case .v6: "[\(host)]:\(port)"
        }
    }

    /// Calls `body` with a `sockaddr` pointer and length for system calls.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(IOError) -> R) throws(IOError) -> R {
        switch storage {
        case .v4(var address):
            return try withUnsafePointer(to: &address) { pointer throws(IOError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(IOError) in
                    try body(raw, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            return try withUnsafePointer(to: &address) { pointer throws(IOError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw throws(IOError) in
                    try body(raw, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }
}

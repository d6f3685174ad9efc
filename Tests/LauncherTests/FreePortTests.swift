import Glibc
import Launcher
import Testing

@Suite struct FreePortTests {
    @Test func aListeningPortIsNotFreeAndAnEphemeralOneIs() throws {
        let port = try #require(FreePort.ephemeral())
        #expect(FreePort.canBind(port))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(fd, 1) == 0)
        #expect(!FreePort.canBind(port))
        #expect(FreePort.find(preferred: port) != port)
    }
}

import Glibc
import Launcher
import TestSupport
import Testing

extension PlatformTests {
    /// A service killed with SIGKILL: the gateway fails its routes fast, the others keep working, and the
    /// launcher's supervisor brings it back.
    @Suite struct ServiceRestartTests {
        @Test func aKilledServiceFailsFastAtTheGatewayAndIsRestarted() async throws {
            let platform = try await SharedPlatform.shared.running()
            let gateway = platform.ports.gateway
            let victim = try #require(try await platform.children()["catalog"]?.first, "no catalog child")
            let killedAt = ContinuousClock.now
            #expect(kill(victim, SIGKILL) == 0)
            let gone = try await eventually(within: .seconds(2), every: .milliseconds(5)) {
                try await BlockingWork.run { ProcessTable.isGone(victim) }
            }
            try #require(gone, "catalog \(victim) still alive after SIGKILL")

            for path in ["/api/v1/ping", "/healthz/catalog"] {
                let started = ContinuousClock.now
                let response = try await PlatformHTTP.get(gateway, path, timeout: .seconds(3))
                let elapsed = ContinuousClock.now - started
                #expect(response.status == 502, "\(path): \(response.status) \(response.bodyText)")
                #expect(
                    PlatformHTTP.isJSON(response) && PlatformHTTP.errorCode(response) != nil,
                    "\(response.bodyText)"
                )
                #expect(elapsed < .seconds(1), "\(path) took \(elapsed)")
            }
            for backend in [PlatformComponent.auth, .payments, .messaging] {
                let response = try await PlatformHTTP.get(gateway, "/healthz/\(backend)")
                #expect(response.status == 200, "\(backend): \(response.bodyText)")
                #expect(PlatformHTTP.object(response)?["service"] as? String == backend.rawValue)
            }

            let recovered = try await eventually(within: .seconds(5) - (ContinuousClock.now - killedAt)) {
                guard let pid = try await platform.children()["catalog"]?.first, pid != victim else { return false }
                let ping = try? await PlatformHTTP.get(gateway, "/api/v1/ping", timeout: .seconds(1))
                return ping?.status == 200 && ping?.bodyText == "pong"
            }
            #expect(recovered, "catalog not back within 5 s:\n\(platform.outputTail(30))")
        }
    }
}

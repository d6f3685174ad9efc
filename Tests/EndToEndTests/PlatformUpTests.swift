import Launcher
import TestSupport
import Testing

extension PlatformTests {
    /// `paylinks up` starts all five processes and the gateway reaches every service.
    @Suite struct PlatformUpTests {
        @Test func theLauncherStartsAllFiveServicesAndTheGatewayIsReady() async throws {
            let platform = try await SharedPlatform.shared.running()
            let children = try await platform.children()
            for component in PlatformComponent.startOrder {
                #expect(children[component.executableName]?.count == 1, "\(component) among \(children)")
            }
            let ready = try await PlatformHTTP.get(platform.ports.gateway, "/readyz")
            #expect(ready.status == 200, "\(ready.bodyText)")
            let health = try await PlatformHTTP.get(platform.ports.gateway, "/healthz")
            #expect(health.status == 200)
            #expect(PlatformHTTP.object(health)?["status"] as? String == "ok", "\(health.bodyText)")
        }

        @Test(arguments: PlatformComponent.backends)
        func theGatewayPassesEachServiceHealthThrough(_ backend: PlatformComponent) async throws {
            let platform = try await SharedPlatform.shared.running()
            let response = try await PlatformHTTP.get(platform.ports.gateway, "/healthz/\(backend)")
            #expect(response.status == 200, "\(response.bodyText)")
            #expect(PlatformHTTP.object(response)?["service"] as? String == backend.rawValue, "\(response.bodyText)")
            let direct = try await PlatformHTTP.get(platform.ports.port(of: backend), "/healthz")
            #expect(PlatformHTTP.object(direct)?["service"] as? String == backend.rawValue, "\(direct.bodyText)")
        }

        @Test func pingIsAnsweredByCatalogThroughTheGateway() async throws {
            let platform = try await SharedPlatform.shared.running()
            let response = try await PlatformHTTP.get(platform.ports.gateway, "/api/v1/ping")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(response.bodyText == "pong")
        }

        @Test func publicAndPrivateRoutesAnswerInTheErrorFormat() async throws {
            let platform = try await SharedPlatform.shared.running()
            let unknown = try await PlatformHTTP.get(platform.ports.gateway, "/api/v1/paylinks/public/no-such-link-e2e")
            #expect(unknown.status == 404, "\(unknown.bodyText)")
            #expect(PlatformHTTP.errorCode(unknown) != nil, "\(unknown.bodyText)")
            let anonymous = try await PlatformHTTP.get(platform.ports.gateway, "/api/v1/me")
            #expect(anonymous.status == 401, "\(anonymous.bodyText)")
            #expect(PlatformHTTP.isJSON(anonymous) && PlatformHTTP.errorCode(anonymous) != nil, "\(anonymous.bodyText)")
        }
    }
}

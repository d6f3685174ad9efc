import Launcher
import Testing

@Suite struct PortAssignmentTests {
    @Test func freeDefaultsAreUsed() throws {
        let ports = try PortAssignment.assign(
            configuration: LauncherConfiguration(),
            isFree: { _ in true },
            freePort: { nil }
        )
        #expect(
            ports == [
                .gateway: 8080, .auth: 8081, .catalog: 8082, .payments: 8083, .messaging: 8084, .stripeSandbox: 12111,
            ]
        )
    }

    @Test func theSandboxGetsNoPortWhenAnotherStripeIsConfigured() throws {
        let ports = try PortAssignment.assign(
            configuration: LauncherConfiguration(externalStripeAPIBase: "https://api.stripe.com"),
            isFree: { _ in true },
            freePort: { nil }
        )
        #expect(ports == [.gateway: 8080, .auth: 8081, .catalog: 8082, .payments: 8083, .messaging: 8084])
    }

    @Test func aRequestedSandboxPortIsHonouredAndATakenDefaultMoves() throws {
        var configuration = LauncherConfiguration()
        configuration.requestedPorts = [.stripeSandbox: 9111]
        let requested = try PortAssignment.assign(
            configuration: configuration,
            isFree: { _ in true },
            freePort: { nil }
        )
        #expect(requested[.stripeSandbox] == 9111)
        let moved = try PortAssignment.assign(
            configuration: LauncherConfiguration(),
            isFree: { $0 != 12111 },
            freePort: { 40005 }
        )
        #expect(moved[.stripeSandbox] == 40005)
        configuration.requestedPorts = [.stripeSandbox: 9111]
        #expect {
            try PortAssignment.assign(configuration: configuration, isFree: { $0 != 9111 }, freePort: { 40000 })
        } throws: { "\($0)".contains("STRIPE_SANDBOX_HTTP_PORT") && "\($0)".contains("9111") }
    }

    @Test func aTakenOrReservedDefaultFallsBackToAFreePort() throws {
        var candidates = [40001, 40002]
        let ports = try PortAssignment.assign(
            configuration: LauncherConfiguration(),
            reserved: [8083],
            isFree: { $0 != 8082 },
            freePort: { candidates.isEmpty ? nil : candidates.removeFirst() }
        )
        #expect(ports[.catalog] == 40001)
        #expect(ports[.payments] == 40002)
        #expect(ports[.auth] == 8081 && ports[.messaging] == 8084 && ports[.gateway] == 8080)
        #expect(ports[.stripeSandbox] == 12111)
    }

    @Test func explicitPortsWinAndDefaultsAvoidThem() throws {
        var configuration = LauncherConfiguration(publicPort: 8081)
        configuration.requestedPorts = [.messaging: 8082]
        var candidates = [40001, 40002]
        let ports = try PortAssignment.assign(
            configuration: configuration,
            isFree: { _ in true },
            freePort: { candidates.isEmpty ? nil : candidates.removeFirst() }
        )
        #expect(ports[.gateway] == 8081)
        #expect(ports[.messaging] == 8082)
        #expect(ports[.auth] == 40001)
        #expect(ports[.catalog] == 40002)
        #expect(ports[.payments] == 8083)
    }

    @Test func aTakenPublicPortIsAnErrorNamingTheVariable() {
        #expect {
            try PortAssignment.assign(
                configuration: LauncherConfiguration(),
                isFree: { $0 != 8080 },
                freePort: { 40000 }
            )
        } throws: { error in
            "\(error)".contains("PAYLINKS_PUBLIC_PORT") && "\(error)".contains("8080")
        }
    }

    @Test func aTakenOrDuplicateExplicitServicePortIsAnError() {
        var taken = LauncherConfiguration()
        taken.requestedPorts = [.payments: 9000]
        #expect {
            try PortAssignment.assign(configuration: taken, isFree: { $0 != 9000 }, freePort: { 40000 })
        } throws: { "\($0)".contains("PAYMENTS_HTTP_PORT") }
        var duplicate = LauncherConfiguration()
        duplicate.requestedPorts = [.auth: 8080]
        #expect {
            try PortAssignment.assign(configuration: duplicate, isFree: { _ in true }, freePort: { 40000 })
        } throws: { "\($0)".contains("AUTH_HTTP_PORT") && "\($0)".contains("twice") }
    }
}

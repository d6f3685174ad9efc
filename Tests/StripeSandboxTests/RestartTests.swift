import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

@Suite("Stripe sandbox: state survives a restart")
struct RestartTests {
    @Test("objects, the clock and stored idempotent responses are still there after a restart")
    func restart() async throws {
        try await PostgresTestDatabase.withDatabase { database in
            var first: StripeResponse?
            var clock: Int64 = 0
            var eventID = ""
            try await SandboxHarness.with(families: StripeSandbox.families, database: database) { sandbox in
                first = try await sandbox.call(
                    "POST",
                    "/v1/test_helpers/advance_time",
                    [("seconds", "864000")],
                    idempotencyKey: "restart-key"
                )
                clock = try #require(first?.json["now"]?.intValue)
                var event = Templates.make("event")
                eventID = IDs.make("evt")
                event["id"] = .string(eventID)
                event["type"] = "customer.created"
                event["created"] = .int(clock)
                try await sandbox.insert(event)
            }
            try await SandboxHarness.with(families: StripeSandbox.families, database: database) { sandbox in
                let event = try await sandbox.call("GET", "/v1/events/\(eventID)")
                #expect(event.status == 200)
                #expect(event.string("type") == "customer.created")
                let replay = try await sandbox.call(
                    "POST",
                    "/v1/test_helpers/advance_time",
                    [("seconds", "864000")],
                    idempotencyKey: "restart-key"
                )
                #expect(replay.body == first?.body)
                let probe = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "1")])
                let now = try #require(probe.json["now"]?.intValue)
                #expect(now > clock && now - clock < 120)
            }
        }
    }
}

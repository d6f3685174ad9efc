import HTTPCore
import Postgres
import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

@Suite("Stripe sandbox: Idempotency-Key")
struct IdempotencyTests {
    @Test("the same key and parameters replay the stored bytes and do the work once; other parameters are refused")
    func replay() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let first = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "3600")],
                idempotencyKey: "advance-1"
            )
            #expect(first.status == 200)
            #expect(first.headers["Idempotent-Replayed"] == nil)
            let again = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "3600")],
                idempotencyKey: "advance-1"
            )
            #expect(again.body == first.body)
            #expect(again.headers["Idempotent-Replayed"] == "true")

            // The clock moved once: a plain 1-second advance lands about an hour after the start, not two.
            let start = try #require(first.json["now"]?.intValue) - 3600
            let probe = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "1")])
            let moved = try #require(probe.json["now"]?.intValue) - start
            #expect(moved >= 3601 && moved < 3700)

            let other = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "60")],
                idempotencyKey: "advance-1"
            )
            #expect(other.status == 400)
            #expect(other.error("type") == "idempotency_error")
            #expect(other.error("message")?.contains("advance-1") == true)

            let tooLong = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "1")],
                idempotencyKey: String(repeating: "k", count: 256)
            )
            #expect(tooLong.status == 400)

            // A request refused by validation stores nothing: the key stays usable.
            let invalid = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "abc")],
                idempotencyKey: "advance-2"
            )
            #expect(invalid.status == 400)
            let valid = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "5")],
                idempotencyKey: "advance-2"
            )
            #expect(valid.status == 200)
        }
    }

    @Test("concurrent requests with one key: one execution, identical answers")
    func concurrent() async throws {
        try await SandboxHarness.with(families: StripeSandbox.families) { sandbox in
            let before = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "1")])
            let start = try #require(before.json["now"]?.intValue)
            let bodies = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await sandbox.call(
                            "POST",
                            "/v1/test_helpers/advance_time",
                            [("seconds", "86400")],
                            idempotencyKey: "same-key"
                        ).body
                    }
                }
                return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1)
            let after = try await sandbox.call("POST", "/v1/test_helpers/advance_time", [("seconds", "1")])
            let moved = try #require(after.json["now"]?.intValue) - start
            #expect(moved >= 86_401 && moved < 86_500)
        }
    }
}

@Suite("Stripe sandbox: Idempotency-Key expiry")
struct IdempotencyExpiryTests {
    @Test("a key older than 24 hours is forgotten, as Stripe's are")
    func expiry() async throws {
        try await SandboxHarness.with(
            families: StripeSandbox.families,
            settings: ["STRIPE_SANDBOX_TICK": "200ms"]
        ) { sandbox in
            let first = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "10")],
                idempotencyKey: "old-key"
            )
            #expect(first.status == 200)
            let postgres = try #require(sandbox.service.postgres)
            let aged = try await postgres.execute(
                "UPDATE stripe_sandbox.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-key'"
            )
            #expect(aged == 1)
            var remaining = -1
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(100))
                remaining = try await postgres.query(
                    "SELECT count(*)::int FROM stripe_sandbox.idempotency_keys WHERE key = 'old-key'"
                )[0].decode(Int.self)
                if remaining == 0 { break }
            }
            #expect(remaining == 0)
            let reused = try await sandbox.call(
                "POST",
                "/v1/test_helpers/advance_time",
                [("seconds", "20")],
                idempotencyKey: "old-key"
            )
            #expect(reused.status == 200)
            #expect(reused.headers["Idempotent-Replayed"] == nil)
        }
    }
}

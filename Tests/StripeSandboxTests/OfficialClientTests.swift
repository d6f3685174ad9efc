import Foundation
import StripeSandbox
import StripeSandboxCore
import StripeSandboxTesting
import TestSupport
import Testing

/// The issue's acceptance run: the official `stripe` Python library (16.1.0, pinned in
/// `scripts/python-requirements.txt`) drives the whole sandbox through `Python/stripe_flow.py`, the objects it
/// got back are compared with Stripe's own examples, and every webhook is verified by
/// `stripe.Webhook.construct_event` in `Python/webhook_receiver.py`.
@Suite("Stripe sandbox with the official stripe library")
struct OfficialClientTests {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tools/stripe-sandbox/fixtures/stripe-fixtures.json").standardizedFileURL.path

    /// Runs one of the scripts in `Python/` from its own directory (they import each other).
    static func run(
        _ script: String,
        _ arguments: [String]
    ) async throws -> (status: Int32, output: String, errors: String) {
        let path = python.appendingPathComponent(script).path
        let launcher = """
            import runpy, sys
            sys.path.insert(0, \(pythonLiteral(python.path)))
            sys.argv = [\(pythonLiteral(path))] + sys.argv[1:]
            runpy.run_path(\(pythonLiteral(path)), run_name="__main__")
            """
        return try await PythonPeer.run(script: launcher, arguments: arguments)
    }

    private static func pythonLiteral(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }

    @Test("the issue's Connect flow runs without an error, objects have the fixtures' shapes, webhooks verify")
    func flow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stripe-flow-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let objects = directory.appendingPathComponent("objects.json").path
        let report = directory.appendingPathComponent("report.json").path
        let settings = [
            "STRIPE_SANDBOX_WEBHOOK_RETRY_BASE": "1s", "STRIPE_SANDBOX_WEBHOOK_RETRY_CAP": "2s",
            "STRIPE_SANDBOX_WEBHOOK_TIMEOUT": "5s",
        ]
        try await SandboxHarness.with(families: StripeSandbox.families, settings: settings) { sandbox in
            let result = try await Self.run(
                "stripe_flow.py",
                [
                    "--base", sandbox.baseURL, "--key", SandboxHarness.secretKey, "--publishable",
                    SandboxHarness.publishableKey, "--fixtures", Self.fixtures, "--out", objects, "--report", report,
                    "--webhooks", "--webhook-fail-first", "2",
                ]
            )
            #expect(result.status == 0, "stripe_flow.py failed:\n\(result.errors.suffix(6000))")
            let steps =
                try JSON.parse(Array(try Data(contentsOf: URL(fileURLWithPath: report))))["steps"]?
                .arrayValue ?? []
            let passed = Set(steps.filter { $0["ok"] == true }.compactMap { $0["step"]?.stringValue })
            for step in [
                "account", "account_link", "onboarding", "account_completed", "customer", "isolation",
                "direct_payment", "refund", "subscription", "renewal", "payout", "dispute", "declined",
                "idempotency", "fixture_shapes", "webhook_deliveries",
            ] {
                #expect(
                    passed.contains(step),
                    "step \(step) did not pass: \(steps.filter { $0["step"] == .string(step) })"
                )
            }
        }
        let shapes = try await Self.run("fixture_shapes.py", ["--fixtures", Self.fixtures, "--objects", objects])
        #expect(shapes.status == 0, "\(shapes.output.suffix(4000))\(shapes.errors.suffix(2000))")
    }

    @Test("the shape checker catches a dropped key, an added key and a wrong kind")
    func shapeCheckerSelfTest() async throws {
        let result = try await Self.run("fixture_shapes.py", ["--fixtures", Self.fixtures, "--self-test"])
        #expect(result.status == 0, "\(result.output.suffix(3000))\(result.errors.suffix(3000))")
    }

    @Test("the webhook receiver verifies Stripe's signature vector and answers 500, 500, 200")
    func receiverSelfTest() async throws {
        let result = try await Self.run("webhook_receiver_selftest.py", [])
        #expect(result.status == 0, "\(result.output.suffix(3000))\(result.errors.suffix(3000))")
    }
}

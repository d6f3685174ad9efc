import ConfigKit
import Testing

@Suite struct ConfigReaderTests {
    @Test func scopedReadersPrefixKeys() throws {
        let reader = ConfigReader(values: ["PAYMENTS_HTTP_PORT": "8083"]).scoped("PAYMENTS").scoped("HTTP")
        #expect(try reader.int("PORT", default: 1) == 8083)
        #expect(reader.fullKey("HOST") == "PAYMENTS_HTTP_HOST")
        #expect(reader.string("HOST", default: "127.0.0.1") == "127.0.0.1")
    }

    @Test func invalidIntegerNamesTheKeyAndTheValue() {
        let reader = ConfigReader(values: ["X_PORT": "80a"]).scoped("X")
        #expect(throws: ConfigError(key: "X_PORT", problem: "must be an integer between 0 and 65535 (got \"80a\")")) {
            try reader.int("PORT", default: 0, range: 0...65535)
        }
    }

    @Test func outOfRangeIntegerIsRejected() {
        let reader = ConfigReader(values: ["PORT": "70000"])
        #expect(throws: ConfigError.self) { try reader.int("PORT", default: 0, range: 0...65535) }
    }

    @Test func missingRequiredValueIsAClearError() {
        let reader = ConfigReader(values: ["DATABASE_URL": ""])
        let error = #expect(throws: ConfigError.self) { try reader.requiredString("DATABASE_URL") }
        #expect(error?.description == "invalid configuration: DATABASE_URL is required but not set")
    }

    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("10s", .seconds(10)), ("5m", .seconds(300)), ("7", .seconds(7)),
    ])
    func parsesDurations(text: String, expected: Duration) throws {
        #expect(try ConfigReader(values: ["T": text]).duration("T", default: .zero) == expected)
    }

    @Test(arguments: ["-1s", "fast", "10 s", "1.5s"])
    func rejectsBadDurations(text: String) {
        #expect(throws: ConfigError.self) { try ConfigReader(values: ["T": text]).duration("T", default: .zero) }
    }

    @Test func booleansAcceptCommonSpellings() throws {
        let reader = ConfigReader(values: ["A": "yes", "B": "0", "C": "maybe"])
        #expect(try reader.bool("A", default: false))
        #expect(try !reader.bool("B", default: true))
        #expect(throws: ConfigError.self) { try reader.bool("C", default: true) }
    }

    private enum Mode: String, CaseIterable { case disable, require }

    @Test func enumeratedValuesListTheAllowedOnes() throws {
        #expect(try ConfigReader(values: ["M": "REQUIRE"]).oneOf("M", default: Mode.disable) == .require)
        let error = #expect(throws: ConfigError.self) {
            try ConfigReader(values: ["M": "x"]).oneOf("M", default: Mode.disable)
        }
        #expect(error?.problem == "must be one of disable, require (got \"x\")")
    }

    @Test func effectiveConfigurationRedactsSecrets() throws {
        let reader = ConfigReader(values: ["JWT_SECRET": "s3cret", "PORT": "1"])
        _ = try reader.requiredString("JWT_SECRET", secret: true)
        _ = try reader.int("PORT", default: 0)
        #expect(reader.effectiveConfiguration() == ["JWT_SECRET": "<redacted>", "PORT": "1"])
    }

    @Test func listsAreTrimmedAndSkipEmptyItems() {
        #expect(ConfigReader(values: ["L": " a@x.ro, ,b@y.ro "]).list("L") == ["a@x.ro", "b@y.ro"])
    }
}

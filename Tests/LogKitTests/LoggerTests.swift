import LogKit
import Testing

@Suite struct LoggerTests {
    @Test func dropsRecordsBelowItsLevelWithoutBuildingTheMessage() {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "t", level: .warning, handler: handler)
        var built = false
        logger.info(
            {
                built = true
                return "hidden"
            }()
        )
        logger.error("shown", metadata: ["k": "v"])
        #expect(!built)
        #expect(handler.records.map(\.message) == ["shown"])
        #expect(handler.records.first?.metadata == ["k": "v"])
    }

    @Test func callMetadataOverridesLoggerMetadata() {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "t", level: .trace, handler: handler)
        logger[metadataKey: LogKeys.requestID] = "r1"
        logger.with(["a": "1"]).debug("m", metadata: ["a": "2"])
        #expect(handler.records.first?.metadata == [LogKeys.requestID: "r1", "a": "2"])
    }

    @Test(arguments: [("info", LogLevel.info), ("WARNING", .warning), ("trace", .trace)])
    func parsesLevelNames(name: String, level: LogLevel) {
        #expect(LogLevel(name: name) == level)
    }

    @Test func rejectsUnknownLevelNames() {
        #expect(LogLevel(name: "verbose") == nil)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
    ])
    func formatsISO8601WithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(ISO8601.format(milliseconds: milliseconds) == expected)
    }
}

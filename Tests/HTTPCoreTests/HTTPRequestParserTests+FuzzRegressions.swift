import Foundation
import HTTPCore
import Testing

extension HTTPRequestParserTests {
    /// `Fixtures/fuzz-regressions/`, located from this file because the fixtures are not SwiftPM resources.
    static let regressionDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-regressions")

    /// Every file in the regressions folder, read as raw request bytes.
    static func regressionInputs() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: regressionDirectory.path)
        return try names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { name in
            (name, Array(try Data(contentsOf: regressionDirectory.appendingPathComponent(name))))
        }
    }

    @Test func fuzzRegressionsParseOrFailCleanly() throws {
        let inputs = try Self.regressionInputs()
        #expect(!inputs.isEmpty, "the regressions folder must hold at least one input")
        for (name, bytes) in inputs {
            // ParserHarness bounds the iterations (a loop fails the test) and returns events or an error.
            for pieceSize in [Int.max, 1, 3] {
                for bodyLimit in [nil, 4] as [Int?] {
                    let outcome = ParserHarness.parse(bytes, pieceSize: pieceSize, bodyLimit: bodyLimit)
                    #expect(outcome.events.count <= bytes.count * 2 + 2, "\(name)")
                }
            }
            // Split the same way the fuzzer does, so a saved crash input replays its exact path.
            let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % bytes.count
            _ = ParserHarness.parse(bytes, cuts: [cut], bodyLimit: 16)
        }
    }
}

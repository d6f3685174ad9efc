import Foundation
import Launcher
import LogKit
import Testing

@Suite struct LauncherTests {
    @Test func missingServiceExecutablesAreNamedBeforeAnythingStarts() async throws {
        let directory = NSTemporaryDirectory() + "paylinks-launcher-\(UInt64.random(in: 0...UInt64.max))"
        try await BlockingWork.run {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Only auth is "built".
            _ = FileManager.default.createFile(
                atPath: directory + "/auth",
                contents: Data("#!/bin/sh\n".utf8),
                attributes: [.posixPermissions: 0o755]
            )
        }
        let launcher = Launcher(
            configuration: LauncherConfiguration(dataDirectory: directory + "/data"),
            executablePath: directory + "/paylinks",
            logger: Logger(label: "launcher-test", level: .critical)
        )
        // Bounded: were the check missing, `up()` would go on to start PostgreSQL and run until cancelled.
        await #expect {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await launcher.up() }
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    throw CancellationError()
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } throws: { error in
            let text = "\(error)"
            return text.contains(directory + "/catalog") && text.contains(directory + "/gateway")
                && text.contains(directory + "/stripe-sandbox")
                && !text.contains(directory + "/auth,") && text.contains("swift build")
        }
        let created = try await BlockingWork.run {
            defer { try? FileManager.default.removeItem(atPath: directory) }
            return FileManager.default.fileExists(atPath: directory + "/data")
        }
        #expect(!created)
    }
}

import Foundation
import Glibc
import Launcher
import LifecycleKit
import LogKit
import Testing

@Suite struct SupervisorTests {
    private let logger = Logger(label: "supervisor-test", level: .critical)

    private func temporaryFile() -> String {
        NSTemporaryDirectory() + "/paylinks-supervisor-\(UInt64.random(in: 0...UInt64.max))"
    }

    private func lines(of path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func restartsACrashingChildAndStopsOnShutdown() async throws {
        let log = temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let crashing = ChildSpecification(
            name: "crasher",
            executable: "/bin/sh",
            arguments: ["-c", "echo $$ >> \(log); exit 3"],
            environment: [:]
        )
        let group = ServiceGroup(
            services: [Supervisor(specification: crashing, logger: logger)],
            configuration: .init(gracefulShutdownSignals: []),
            logger: logger
        )
        let run = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while lines(of: log).count < 3 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        group.triggerGracefulShutdown()
        try await run.value
        let starts = lines(of: log)
        #expect(starts.count >= 3)
        #expect(Set(starts).count == starts.count)  // a new process each time
    }

    @Test func gracefulShutdownTerminatesTheChild() async throws {
        let pidFile = temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let sleeper = ChildSpecification(
            name: "sleeper",
            executable: "/bin/sh",
            arguments: ["-c", "echo $$ > \(pidFile); exec sleep 30"],
            environment: [:]
        )
        let group = ServiceGroup(
            services: [Supervisor(specification: sleeper, logger: logger)],
            configuration: .init(gracefulShutdownSignals: []),
            logger: logger
        )
        let run = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while lines(of: pidFile).isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let pid = try #require(lines(of: pidFile).first.flatMap { Int32($0) })
        #expect(kill(pid, 0) == 0)
        let started = ContinuousClock.now
        group.triggerGracefulShutdown()
        try await run.value
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(kill(pid, 0) != 0)  // gone: SIGTERM reached it and it was reaped
    }
}

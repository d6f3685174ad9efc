import Foundation
import Glibc
import Launcher
import Synchronization
import TestSupport

/// `paylinks up` run as a child of the test process, on its own data directory and free ports, with
/// `DATABASE_URL` unset so the launcher's own local PostgreSQL cluster is what gets tested.
///
/// The launcher binary is the `paylinks` built next to the test bundle; it starts the five service
/// executables from the same directory. ``start()`` and ``stop()`` may be called repeatedly (a restart
/// reuses the data directory and the ports). Every wait is bounded.
final class PlatformInstance: Sendable {
    /// The platform's ports.
    struct Ports: Sendable {
        var gateway: Int
        var services: [PlatformComponent: Int]
        var postgres: Int

        func port(of component: PlatformComponent) -> Int {
            component == .gateway ? gateway : services[component]!
        }
    }

    /// A failure with the launcher's recent output attached.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The data directory (`PAYLINKS_DATA_DIR`), traversable by the `postgres` account.
    let dataDirectory: String
    /// The ports given to the launcher.
    let ports: Ports
    /// Variables added to the launcher's environment (peers such as the SMTP server and the OIDC provider).
    let extraEnvironment: [String: String]
    /// Every line the launcher and its children printed, kept whole for the secrets-in-logs check.
    let logPath: String
    private let launcher = Mutex<ChildProcess?>(nil)
    private let output = Mutex<[String]>([])
    private let logFile: FileHandle

    private init(dataDirectory: String, ports: Ports, extraEnvironment: [String: String]) throws {
        self.dataDirectory = dataDirectory
        self.ports = ports
        self.extraEnvironment = extraEnvironment
        logPath = dataDirectory + ".log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw Failure(description: "cannot create \(logPath)")
        }
        logFile = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    }

    /// A new instance with a fresh data directory and seven distinct free ports (the gateway, the four services,
    /// the Stripe sandbox, PostgreSQL); nothing is started.
    static func make(environment extra: [String: String] = [:]) async throws -> PlatformInstance {
        let directory = try await BlockingWork.run {
            let path = NSTemporaryDirectory() + "paylinks-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            // 0755: PostgreSQL runs as `postgres` when the tests run as root and must reach <data>/postgres.
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
            return path
        }
        var chosen: Set<Int> = []
        while chosen.count < 7 {
            guard let port = FreePort.ephemeral() else { throw Failure(description: "no free port") }
            chosen.insert(port)
        }
        var free = Array(chosen)
        var services: [PlatformComponent: Int] = [:]
        for component in PlatformComponent.startOrder where component != .gateway {
            services[component] = free.removeLast()
        }
        let ports = Ports(gateway: free.removeLast(), services: services, postgres: free.removeLast())
        return try PlatformInstance(dataDirectory: directory, ports: ports, extraEnvironment: extra)
    }

    /// The `paylinks` executable next to the test bundle.
    static var launcherPath: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // Swift Testing may run the bundle from `.../debug/xxx.xctest` or deeper inside it.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("paylinks").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("paylinks").path
    }

    /// The running launcher's process id, or `nil` when it is not running.
    var launcherPID: Int32? { launcher.withLock { $0.flatMap { $0.hasExited ? nil : $0.pid } } }

    /// The last `count` lines the launcher and its children printed.
    func outputTail(_ count: Int = 60) -> String {
        output.withLock { $0.suffix(count).joined(separator: "\n") }
    }

    /// Starts `paylinks up` and waits until the gateway's `/readyz` answers 200.
    ///
    /// - Throws: ``Failure`` (with the launcher's output) when the launcher exits or the platform is not ready
    ///   within `timeout`.
    func start(timeout: Duration = .seconds(90)) async throws {
        let path = Self.launcherPath
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            // Nothing from the caller's environment may redirect the platform (CI sets POSTGRES_*, a developer
            // may have DATABASE_URL, ports or another Stripe set).
            !(key == "DATABASE_URL" || key.hasPrefix("PAYLINKS_") || key.hasSuffix("_DATABASE_URL")
                || key.hasSuffix("_HTTP_PORT") || key.hasSuffix("_DATABASE_PASSWORD") || key.hasPrefix("GATEWAY_")
                || key.hasPrefix("STRIPE_SANDBOX_") || key.hasPrefix("PAYMENTS_STRIPE_"))
        }
        environment["PAYLINKS_DATA_DIR"] = dataDirectory
        environment["PAYLINKS_PUBLIC_PORT"] = "\(ports.gateway)"
        environment["PAYLINKS_POSTGRES_PORT"] = "\(ports.postgres)"
        for component in PlatformComponent.startOrder where component != .gateway {
            environment["\(component.environmentPrefix)_HTTP_PORT"] = "\(ports.port(of: component))"
        }
        environment.merge(extraEnvironment) { $1 }
        let logFile = self.logFile
        let child = try ChildProcess(executable: path, arguments: ["up"], environment: environment) { line in
            logFile.write(Data((line + "\n").utf8))
            self.output.withLock { lines in
                lines.append(line)
                if lines.count > 2000 { lines.removeFirst(lines.count - 1000) }
            }
        }
        launcher.withLock { $0 = child }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if child.hasExited {
                throw Failure(description: "paylinks up exited early:\n\(outputTail())")
            }
            if let response = try? await PlatformHTTP.get(ports.gateway, "/readyz", timeout: .seconds(2)),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the gateway's /readyz did not answer 200 within \(timeout):\n\(outputTail())")
    }

    /// Sends SIGTERM to the launcher and waits for it to exit; returns its exit status.
    ///
    /// - Throws: ``Failure`` when it is still running after `timeout` (it is then killed).
    @discardableResult
    func stop(timeout: Duration = .seconds(45)) async throws -> Int32 {
        guard let child = launcher.withLock({ $0 }) else { throw Failure(description: "not started") }
        child.signal(SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while !child.hasExited && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        guard child.hasExited else {
            child.signal(SIGKILL)
            throw Failure(description: "paylinks up still running \(timeout) after SIGTERM:\n\(outputTail())")
        }
        return await child.waitForExit()
    }

    /// The processes still alive that belong to this platform: anything whose command line names the data
    /// directory (the postmaster runs with `-D <data>/postgres`) or whose environment carries this
    /// `PAYLINKS_DATA_DIR` (every child of the launcher inherits it), plus a PostgreSQL pid file left behind.
    func leftovers() async throws -> [String] {
        let directory = dataDirectory
        return try await BlockingWork.run {
            var found = ProcessTable.processes(
                commandLineContaining: directory,
                orEnvironment: "PAYLINKS_DATA_DIR=\(directory)"
            ).filter { $0.state != "Z" }.map(\.description)
            if FileManager.default.fileExists(atPath: directory + "/postgres/postmaster.pid") {
                found.append("postmaster.pid still present in \(directory)/postgres")
            }
            return found
        }
    }

    /// The values in `<data>/local.env`.
    func localSecrets() async throws -> [String: String] {
        let path = dataDirectory + "/local.env"
        return try await BlockingWork.run { try LocalSecrets(path: path).values }
    }

    /// The PIDs of the launcher's children by executable name (PostgreSQL's tools are not children).
    func children() async throws -> [String: [Int32]] {
        guard let pid = launcherPID else { return [:] }
        return try await BlockingWork.run {
            Dictionary(grouping: ProcessTable.children(of: pid).filter { $0.state != "Z" }, by: \.executable)
                .mapValues { $0.map(\.pid) }
        }
    }

    /// The whole log so far.
    func fullLog() async throws -> String {
        let path = logPath
        return try await BlockingWork.run { try String(contentsOfFile: path, encoding: .utf8) }
    }

    /// Removes the data directory and the log (after a clean stop).
    func removeData() async throws {
        let directory = dataDirectory
        let log = logPath
        try await BlockingWork.run {
            try FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: log)
        }
    }
}

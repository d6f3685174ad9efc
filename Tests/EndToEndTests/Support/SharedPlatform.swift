import Glibc

/// The one platform the end-to-end suite runs against: started by the first test that needs it, restarted by
/// a test that stopped it, and stopped for good by ``PlatformScope`` after the last test.
actor SharedPlatform {
    /// The suite's platform.
    static let shared = SharedPlatform()

    private var instance: PlatformInstance?
    private var peers: SignInPeers?
    private var failure: (any Error)?

    /// The SMTP server and OIDC provider the platform was started with (starting the platform if needed).
    func signInPeers() async throws -> SignInPeers {
        _ = try await running()
        guard let peers else { throw PlatformInstance.Failure(description: "sign-in peers not started") }
        return peers
    }

    /// The platform, started and ready.
    ///
    /// - Throws: the start-up failure; after one failure every later call rethrows it at once instead of
    ///   waiting out another start-up timeout.
    func running() async throws -> PlatformInstance {
        if let failure { throw failure }
        do {
            let platform: PlatformInstance
            if let instance {
                platform = instance
            } else {
                let started = try await SignInPeers.start()
                peers = started
                platform = try await PlatformInstance.make(environment: started.platformEnvironment)
                instance = platform
            }
            if platform.launcherPID == nil { try await platform.start() }
            return platform
        } catch {
            failure = error
            throw error
        }
    }

    /// Stops the platform if it runs and checks that nothing of it is left and that none of the secrets the
    /// tests saw (``SecretLedger``) was logged; removes its data when clean.
    ///
    /// - Throws: ``PlatformInstance/Failure`` listing the processes that outlived the launcher (they are killed)
    ///   or a launcher that did not exit cleanly.
    func shutdown() async throws {
        defer {
            peers?.stop()
            peers = nil
        }
        guard let platform = instance else { return }
        instance = nil
        var problems: [String] = []
        if platform.launcherPID != nil {
            let status = try await platform.stop()
            if status != 0 { problems.append("paylinks up exited with status \(status)") }
        }
        let leftovers = try await platform.leftovers()
        if !leftovers.isEmpty {
            problems.append("left running after the launcher exited:\n" + leftovers.joined(separator: "\n"))
            for line in leftovers {
                if let pid = line.split(separator: " ").first.flatMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
        }
        let leaks = SecretLedger.leaks(in: try await platform.fullLog())
        if !leaks.isEmpty {
            problems.append("secrets appear in the platform's logs (\(platform.logPath)): \(leaks)")
        }
        guard problems.isEmpty else {
            throw PlatformInstance.Failure(
                description: problems.joined(separator: "\n") + "\n--- output:\n" + platform.outputTail()
            )
        }
        try await platform.removeData()
    }
}

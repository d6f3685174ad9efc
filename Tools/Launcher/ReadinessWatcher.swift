import HTTPClient
import HTTPCore
import LifecycleKit
import LogKit

/// Waits until the gateway's `/readyz` (which covers the four services) and, when it runs, the Stripe sandbox's
/// `/readyz` answer 200, then prints the banner; if that takes longer than `timeout`, prints which components
/// are not answering and keeps waiting (the supervisors keep restarting crashed services), printing the banner
/// when they recover.
///
/// It is the last service of the launcher's group, so it stops first on shutdown. Polls every 100 ms (every
/// second after the timeout) through ``HTTPClient``, whose transfers run on the client's own thread.
struct ReadinessWatcher: Service {
    let plan: LaunchPlan
    let timeout: Duration
    let banner: String
    let logger: Logger

    func run() async throws {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .seconds(1)
        configuration.userAgent = "paylinks-launcher"
        let client = HTTPClient(configuration: configuration, logger: logger)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var reportedLate = false
        let readiness =
            [PlatformComponent.gateway] + plan.components.filter(PlatformComponent.developmentTools.contains)
        while !isShuttingDownGracefully && !Task.isCancelled {
            if await allAnswer(client, urls: readiness.map { plan.url(of: $0) + "/readyz" }) {
                StandardOutput.write(banner)
                break
            }
            if !reportedLate && clock.now >= deadline {
                reportedLate = true
                await reportNotAnswering(client)
            }
            try? await Task.sleep(for: reportedLate ? .seconds(1) : .milliseconds(100))
        }
        try? await gracefulShutdown()
        await client.shutdown()
    }

    private func reportNotAnswering(_ client: HTTPClient) async {
        let down = await withTaskGroup(of: (PlatformComponent, Bool).self) { group in
            for component in plan.components {
                let url = plan.url(of: component) + "/healthz"
                group.addTask { (component, await answers(client, url: url)) }
            }
            var down: [PlatformComponent] = []
            for await (component, isUp) in group where !isUp { down.append(component) }
            return plan.components.filter(down.contains)
        }
        let list = down.map { "\($0) (\(plan.url(of: $0))/healthz)" }.joined(separator: ", ")
        StandardOutput.write(
            """

            PayLinks is not ready after \(timeout): \(readinessText) does not answer 200.
              not answering: \(list.isEmpty ? "none directly; check the gateway's /readyz" : list)
              still trying: crashed services are restarted; see their log lines above. Ctrl-C stops everything.

            """
        )
    }

    /// What must be ready, in words.
    private var readinessText: String {
        plan.components.contains(.stripeSandbox)
            ? "the gateway's or the Stripe sandbox's /readyz" : "the gateway's /readyz"
    }

    private func allAnswer(_ client: HTTPClient, urls: [String]) async -> Bool {
        for url in urls where !(await answers(client, url: url)) { return false }
        return true
    }

    private func answers(_ client: HTTPClient, url: String) async -> Bool {
        let response = try? await client.execute(HTTPClientRequest(method: .get, url: url), timeout: .seconds(1))
        return response?.status.code == 200
    }
}

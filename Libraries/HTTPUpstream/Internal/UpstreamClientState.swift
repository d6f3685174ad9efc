import HTTPCore
import LogKit
import Synchronization

/// What an ``HTTPUpstreamClient`` shares with its per-loop pools: settings, the shut-down flag and
/// counters.
final class UpstreamClientState: Sendable {
    let configuration: HTTPUpstreamConfiguration
    let parserLimits: HTTPParserLimits
    let logger: Logger
    let isShutDown = Atomic<Bool>(false)
    let connectionsOpened = Atomic<Int>(0)
    let retries = Atomic<Int>(0)

    init(configuration: HTTPUpstreamConfiguration, logger: Logger) {
        self.configuration = configuration
        self.parserLimits = configuration.parserLimits
        self.logger = logger
    }
}

import NetCore

extension HTTPServerConfiguration {
    /// One event loop per CPU the process may use.
    static var defaultEventLoopCount: Int { EventLoopGroup.coreCount }
}

package import HTTPCore

/// How an ``HTTPServer`` listens, what it accepts and how long it waits.
///
/// A plain value with defaults suitable for an internal JSON API; tests shorten the timeouts.
///
/// ```swift
/// var configuration = HTTPServerConfiguration(port: 0)
/// configuration.timeouts.header = .milliseconds(300)
/// ```
package struct HTTPServerConfiguration: Sendable {
    /// How listening sockets are spread over the event loops.
    ///
    /// Measured on 2 cores with `wrk -t2 -c64` the two are equal (keep-alive: ~84k req/s both; a new
    /// connection per request: ~19k req/s both), so the default is the one that fails safely: with
    /// `SO_REUSEPORT` a second process of the same user binding the same port does not get `EADDRINUSE`
    /// but silently takes a share of the connections.
    package enum ListenStrategy: Sendable, Hashable {
        /// One listening socket on the first loop, which hands accepted connections round-robin to all
        /// loops (default).
        case singleAcceptor
        /// One `SO_REUSEPORT` listening socket per loop; the kernel spreads new connections by hash.
        case reusePortPerLoop
    }

    /// Per-connection time limits. Each is checked by a timer on the connection's event loop.
    package struct Timeouts: Sendable, Hashable {
        /// From a connection's accept, or the first byte of a later request, until its head is complete;
        /// exceeded: `408` and close (slowloris defence). Default 10 s.
        package var header: Duration
        /// How long a keep-alive connection may sit between requests; exceeded: silent close. Default 60 s.
        package var idle: Duration
        /// The longest gap between two pieces of a request body; exceeded: `408` and close. Default 30 s.
        package var body: Duration
        /// How long buffered response bytes may wait for the client to read any of them; exceeded: close.
        /// Default 30 s.
        package var write: Duration
        /// After an error response, how long the server keeps reading (and discarding) what the client
        /// still sends so that closing does not reset the connection before the client read the response.
        /// Default 2 s.
        package var lingeringClose: Duration

        /// Creates timeouts; every argument has the default documented on its property.
        package init(
            header: Duration = .seconds(10),
            idle: Duration = .seconds(60),
            body: Duration = .seconds(30),
            write: Duration = .seconds(30),
            lingeringClose: Duration = .seconds(2)
        ) {
            self.header = header
            self.idle = idle
            self.body = body
            self.write = write
            self.lingeringClose = lingeringClose
        }
    }

    /// The address to bind, numeric or a name resolved at start. Default `127.0.0.1`.
    package var host: String
    /// The port to bind; 0 picks a free port, readable from ``HTTPServer/port`` once running. Default 0.
    package var port: Int
    /// The accept queue length per listening socket. Default 1024.
    package var backlog: Int
    /// The number of event loops (threads) when the server creates its own group. Default: one per core.
    package var eventLoopCount: Int
    /// How connections are accepted. Default ``ListenStrategy/singleAcceptor``.
    package var listenStrategy: ListenStrategy
    /// Header, field-count and default body limits enforced by the request parser.
    package var limits: HTTPParserLimits
    /// Connection timeouts.
    package var timeouts: Timeouts
    /// How long in-flight requests may run after graceful shutdown starts before their connections are
    /// closed. Default 30 s.
    package var gracePeriod: Duration
    /// Buffered response bytes above which a streamed body's writer suspends and no further pipelined
    /// request is started. Default 256 KiB.
    package var outboundHighWatermark: Int
    /// Buffered response bytes below which suspended writers resume. Default 64 KiB.
    package var outboundLowWatermark: Int
    /// Unparsed request bytes (a pipelining client running ahead) above which the server stops reading
    /// from the socket until it catches up. Default 64 KiB.
    package var maxBufferedInboundBytes: Int

    /// Creates a configuration; every argument has the default documented on its property.
    package init(
        host: String = "127.0.0.1",
        port: Int = 0,
        backlog: Int = 1024,
        eventLoopCount: Int? = nil,
        listenStrategy: ListenStrategy = .singleAcceptor,
        limits: HTTPParserLimits = HTTPParserLimits(),
        timeouts: Timeouts = Timeouts(),
        gracePeriod: Duration = .seconds(30),
        outboundHighWatermark: Int = 256 * 1024,
        outboundLowWatermark: Int = 64 * 1024,
        maxBufferedInboundBytes: Int = 64 * 1024
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.eventLoopCount = eventLoopCount ?? HTTPServerConfiguration.defaultEventLoopCount
        self.listenStrategy = listenStrategy
        self.limits = limits
        self.timeouts = timeouts
        self.gracePeriod = gracePeriod
        self.outboundHighWatermark = outboundHighWatermark
        self.outboundLowWatermark = outboundLowWatermark
        self.maxBufferedInboundBytes = maxBufferedInboundBytes
    }
}

/// A snapshot of an ``HTTPServer``'s connections and buffers, summed over its event loops.
///
/// For tests and debugging (backpressure checks): gathering it visits every connection.
package struct HTTPServerStatistics: Sendable, Hashable {
    /// Open connections.
    package var connectionCount = 0
    /// Connections accepted since start, counted by the loops that accepted them.
    package var acceptedConnectionCount = 0
    /// Response bytes buffered and not yet written to sockets.
    package var bufferedOutboundBytes = 0
    /// Request bytes buffered: unparsed input plus bodies being received.
    package var bufferedInboundBytes = 0

    /// Creates an empty snapshot.
    package init() {}

    /// Adds another loop's counters.
    mutating func add(_ other: HTTPServerStatistics) {
        connectionCount += other.connectionCount
        acceptedConnectionCount += other.acceptedConnectionCount
        bufferedOutboundBytes += other.bufferedOutboundBytes
        bufferedInboundBytes += other.bufferedInboundBytes
    }
}

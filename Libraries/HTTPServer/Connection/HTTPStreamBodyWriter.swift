import HTTPCore
import NetCore

/// The ``HTTPBodyWriter`` handed to a streamed response body: chunks go straight into the connection's
/// outbound buffer and are flushed; `write` suspends while the buffer is above the high watermark.
///
/// Called from the connection's serve task it runs on the loop with no hop; from any other context it
/// hops to the loop for each chunk.
struct HTTPStreamBodyWriter: HTTPBodyWriter {
    let connection: LoopBound<HTTPConnection>
    /// Which streamed response of the connection this writer belongs to.
    let stream: UInt64
    let chunked: Bool

    func write(_ bytes: [UInt8]) async throws {
        let connection = self.connection
        let chunked = self.chunked
        let stream = self.stream
        if connection.eventLoop.inEventLoop {
            if try connection.value.appendBodyChunk(bytes, stream: stream, chunked: chunked) {
                try await connection.value.waitUntilWritable()
            }
            return
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            connection.eventLoop.execute {
                let handler = connection.value
                do {
                    if try handler.appendBodyChunk(bytes, stream: stream, chunked: chunked) {
                        handler.writabilityWaiters.append(continuation)
                        handler.flush()
                    } else {
                        continuation.resume()
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

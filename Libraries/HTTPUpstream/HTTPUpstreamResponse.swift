package import HTTPCore

/// A complete response from an upstream service.
///
/// ``headers`` excludes the framing fields (`Content-Length`, `Transfer-Encoding`) and the hop-by-hop
/// fields `Connection` and `Keep-Alive`, because the caller re-frames the body; every other field is kept
/// in order, duplicates such as `Set-Cookie` included.
package struct HTTPUpstreamResponse: Sendable {
    /// The status code and the reason phrase as received.
    package var status: HTTPStatus
    /// The end-to-end header fields.
    package var headers: HTTPFields
    /// The whole body, de-chunked.
    package var body: [UInt8]

    /// Creates a response.
    package init(status: HTTPStatus, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

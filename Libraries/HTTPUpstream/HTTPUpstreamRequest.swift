package import HTTPCore

/// A request to forward to an upstream service: method, origin-form target, fields and a whole body.
///
/// The client adds `Host` (when absent) and `Content-Length`, and drops hop-by-hop fields; see
/// ``HTTPUpstreamClient/execute(_:to:deadline:)``.
package struct HTTPUpstreamRequest: Sendable {
    /// The request method.
    package var method: HTTPMethod
    /// The origin-form target (`/path?query`), sent exactly as given.
    package var target: String
    /// The header fields to send, in order (duplicates kept).
    package var headers: HTTPFields
    /// The body, sent byte for byte with a `Content-Length`.
    package var body: [UInt8]

    /// Creates a request.
    package init(method: HTTPMethod, target: String, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }
}

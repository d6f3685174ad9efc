package import HTTPCore

/// An outbound HTTP request: method, absolute URL, header fields and an optional body.
///
/// The body is sent with `Content-Length`. The client adds `Host`, `Content-Length` and `Accept: */*`
/// itself (a field given here replaces the default); it never adds `Expect: 100-continue` and, for a body
/// without a `Content-Type`, sends none.
package struct HTTPClientRequest: Sendable {
    /// The request method.
    package var method: HTTPMethod
    /// The absolute `http://` or `https://` URL, including any query.
    package var url: String
    /// The header fields, sent in order; names and values must not contain CR, LF or NUL.
    package var headers: HTTPFields
    /// The request body, or `nil` for none.
    package var body: [UInt8]?

    /// Creates a request.
    package init(method: HTTPMethod = .get, url: String, headers: HTTPFields = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

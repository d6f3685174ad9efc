package import HTTPCore

/// A request as handlers see it: the parsed head, the complete body and the decoded query.
///
/// A struct, cheap to copy (the body array is shared copy-on-write). Middleware may change headers or the
/// body before calling `next`; the target, and so the path and query, stay as received.
package struct Request: Sendable {
    /// The request line and headers exactly as received.
    package private(set) var head: HTTPRequestHead
    /// The complete body (the server buffered it, up to the route's limit).
    package var body: [UInt8]
    /// The path part of the target, without the query, still percent-encoded (`/paylinks/a%20b`).
    package let path: Substring
    /// The query parameters, percent- and plus-decoded.
    package let query: QueryParameters

    /// Wraps a request from the server.
    package init(_ request: HTTPRequest) {
        let (path, query) = RequestTarget.split(request.head.target)
        self.head = request.head
        self.body = request.body
        self.path = path
        self.query = QueryParameters(query)
    }

    /// The request method.
    package var method: HTTPMethod { head.method }

    /// The header fields, in the order received.
    package var headers: HTTPFields {
        get { head.headers }
        set { head.headers = newValue }
    }
}

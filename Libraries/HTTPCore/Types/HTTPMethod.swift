/// An HTTP request method, such as `GET` or `POST`.
///
/// Methods are case-sensitive tokens (RFC 9110 §9.1); the parser only produces methods made of token
/// characters, so any value here is safe to echo in an `Allow` header.
package struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token exactly as it appeared on the request line.
    package let rawValue: String

    /// Creates a method from its token.
    package init(rawValue: String) { self.rawValue = rawValue }

    package var description: String { rawValue }

    /// The `GET` method.
    package static let get = HTTPMethod(rawValue: "GET")
    /// The `HEAD` method.
    package static let head = HTTPMethod(rawValue: "HEAD")
    /// The `POST` method.
    package static let post = HTTPMethod(rawValue: "POST")
    /// The `PUT` method.
    package static let put = HTTPMethod(rawValue: "PUT")
    /// The `PATCH` method.
    package static let patch = HTTPMethod(rawValue: "PATCH")
    /// The `DELETE` method.
    package static let delete = HTTPMethod(rawValue: "DELETE")
    /// The `OPTIONS` method.
    package static let options = HTTPMethod(rawValue: "OPTIONS")
    /// The `CONNECT` method.
    package static let connect = HTTPMethod(rawValue: "CONNECT")
    /// The `TRACE` method.
    package static let trace = HTTPMethod(rawValue: "TRACE")
}

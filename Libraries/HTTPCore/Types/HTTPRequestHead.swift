/// The request line and header fields of one HTTP request.
///
/// Two heads are equal when method, target, version and the ordered fields (names compared exactly) are equal.
package struct HTTPRequestHead: Sendable, Equatable {
    /// The request method.
    package var method: HTTPMethod
    /// The request target exactly as sent (origin form: path plus optional `?query`).
    package var target: String
    /// The protocol version.
    package var version: HTTPVersion
    /// The header fields, in the order received.
    package var headers: HTTPFields

    /// Creates a request head.
    package init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1, headers: HTTPFields = [:]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The path part of the target, without the query (still percent-encoded).
    package var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    /// The raw query string after `?`, or `nil` when the target has none.
    package var query: Substring? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: q)...]
    }

    /// Whether the client wants the connection kept open after this request
    /// (HTTP/1.1 default unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    package var keepAlive: Bool {
        let tokens = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
        if version.major == 1 && version.minor >= 1 { return !tokens.contains("close") }
        return tokens.contains("keep-alive")
    }

    /// Whether the client sent `Expect: 100-continue` on an HTTP/1.1 (or later) request and waits for a
    /// `100 Continue` interim response before sending the body (RFC 9110 §10.1.1).
    ///
    /// HTTP/1.0 requests never expect it: a server must ignore the expectation there.
    package var expectsContinue: Bool {
        guard version.major > 1 || (version.major == 1 && version.minor >= 1) else { return false }
        return headers.values(for: "Expect").contains {
            $0[...].trimmingASCIIWhitespace().lowercased() == "100-continue"
        }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    package func trimmingASCIIWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

/// The HTTP version of a request or response line.
package struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major version number.
    package var major: Int
    /// The minor version number.
    package var minor: Int

    /// Creates a version such as 1.1.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    package static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    package static let http1_1 = HTTPVersion(major: 1, minor: 1)

    package var description: String { "HTTP/\(major).\(minor)" }
}

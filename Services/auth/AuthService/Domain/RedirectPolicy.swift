import Foundation
import HTTPCore
import HTTPRouter

/// Checks `redirectTo` URLs against the allowed origins, so sign-in never becomes an open redirect (DESIGN §6).
struct RedirectPolicy: Sendable {
    /// Normalised allowed origins.
    var allowedOrigins: Set<String>

    /// The longest `redirectTo` accepted.
    static let maximumLength = 2048

    /// The normalised origin (`scheme://host[:port]`, lower case, default port dropped) of an absolute http(s)
    /// URL without user info, or `nil`.
    static func origin(of text: String) -> String? {
        // Printable ASCII only: no spaces, controls, backslashes or look-alike characters.
        guard text.utf8.count <= maximumLength,
            !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F || $0 == "\\" }),
            let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty,
            components.user == nil, components.password == nil,
            text.lowercased().hasPrefix(scheme + "://")
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        if let port = components.port, port != defaultPort {
            return "\(scheme)://\(host):\(port)"
        }
        return "\(scheme)://\(host)"
    }

    /// Returns `redirectTo` when its origin is allowed and it has no fragment (the token travels in one).
    ///
    /// - Throws: 400 `INVALID_REDIRECT` otherwise.
    func check(_ redirectTo: String) throws -> String {
        guard let origin = Self.origin(of: redirectTo), allowedOrigins.contains(origin),
            !redirectTo.contains("#")
        else {
            throw HTTPError(
                .badRequest,
                code: .invalidRedirect,
                message: "redirectTo must be an http(s) URL on an allowed origin"
            )
        }
        return redirectTo
    }

    /// `url` with `name=value` appended to its query.
    static func appendingQuery(_ url: String, name: String, value: String) -> String {
        url + (url.contains("?") ? "&" : "?") + name + "=" + value
    }
}

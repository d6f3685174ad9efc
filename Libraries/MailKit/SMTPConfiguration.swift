/// Where and how an ``SMTPClient`` sends: server URL, TLS, credentials, timeouts.
package struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    package enum Security: String, Sendable, Hashable {
        /// `smtp://` upgraded with STARTTLS before anything else is sent; fails if the server does not offer it.
        case startTLS = "required"
        /// `smtps://`: TLS from the first byte (port 465).
        case implicitTLS = "implicit"
        /// Plain `smtp://` without TLS: only for a local relay or test server.
        case none = "off"
    }

    /// `smtp://host:port` or `smtps://host:port` (no path, credentials or query).
    package var url: String
    /// TLS mode; derived from the URL by default (`smtps` → implicit, `smtp` → STARTTLS required).
    package var security: Security
    /// The AUTH user name; `nil` sends no AUTH.
    package var username: String?
    /// The AUTH password (a secret: never logged or put in errors).
    package var password: String?
    /// A PEM file of CA certificates to trust instead of the system's (a private relay, tests).
    package var caFile: String?
    /// The longest connection set-up. Default 10 s.
    package var connectTimeout: Duration
    /// The longest whole transaction (connect, TLS, AUTH, upload). Default 30 s.
    package var timeout: Duration
    /// The name sent in `EHLO`. Default `paylinks.local`.
    package var heloName: String

    /// Creates a configuration.
    ///
    /// - Parameter security: `nil` derives it from the scheme.
    /// - Throws: ``SMTPError`` (`invalidConfiguration`) for a URL that is not `smtp(s)://host[:port]`, or
    ///   `.none` with `smtps`.
    package init(
        url: String,
        security: Security? = nil,
        username: String? = nil,
        password: String? = nil,
        caFile: String? = nil,
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        heloName: String = "paylinks.local"
    ) throws(SMTPError) {
        let lowered = url.lowercased()
        let isImplicit: Bool
        let rest: Substring
        if lowered.hasPrefix("smtps://") {
            isImplicit = true
            rest = url.dropFirst("smtps://".count)
        } else if lowered.hasPrefix("smtp://") {
            isImplicit = false
            rest = url.dropFirst("smtp://".count)
        } else {
            throw SMTPError(.invalidConfiguration, message: "the SMTP URL must start with smtp:// or smtps://")
        }
        let authority = rest.hasSuffix("/") ? rest.dropLast() : rest
        guard !authority.isEmpty,
            authority.allSatisfy({
                $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" || $0 == "[" || $0 == "]"
            }),
            authority.allSatisfy(\.isASCII)
        else {
            throw SMTPError(.invalidConfiguration, message: "the SMTP URL must be smtp(s)://HOST[:PORT]")
        }
        let resolved = security ?? (isImplicit ? .implicitTLS : .startTLS)
        if isImplicit != (resolved == .implicitTLS) {
            throw SMTPError(
                .invalidConfiguration,
                message: isImplicit
                    ? "smtps:// always uses TLS; STARTTLS settings do not apply"
                    : "implicit TLS needs an smtps:// URL"
            )
        }
        guard heloName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
            !heloName.isEmpty
        else {
            throw SMTPError(.invalidConfiguration, message: "the EHLO name must be a host name")
        }
        self.url = (isImplicit ? "smtps://" : "smtp://") + authority
        self.security = resolved
        self.username = username
        self.password = password
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.heloName = heloName
    }
}

/// The JOSE header members the verifiers look at; all others are ignored.
struct JWTHeader: Decodable, Sendable {
    /// `alg`; `nil` when absent or `null`.
    var algorithm: String?
    /// `typ`, if present.
    var type: String?
    /// `kid`, if present.
    var keyID: String?
    /// Whether a `crit` member is present. We implement no extensions, so RFC 7515 §4.1.11 says reject.
    var hasCriticalExtensions: Bool

    private enum CodingKeys: String, CodingKey {
        case algorithm = "alg"
        case type = "typ"
        case keyID = "kid"
        case critical = "crit"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.algorithm = try container.decodeIfPresent(String.self, forKey: .algorithm)
        self.type = try container.decodeIfPresent(String.self, forKey: .type)
        self.keyID = try container.decodeIfPresent(String.self, forKey: .keyID)
        self.hasCriticalExtensions = container.contains(.critical)
    }
}

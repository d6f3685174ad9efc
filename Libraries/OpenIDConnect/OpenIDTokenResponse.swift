/// The token endpoint's answer to a code exchange: the ID token (and the access token, unused by sign-in).
package struct OpenIDTokenResponse: Sendable, Decodable {
    /// `id_token`, still to be verified. Secret: never logged.
    package var idToken: String
    /// `access_token`, if any. Secret: never logged.
    package var accessToken: String?

    private enum CodingKeys: String, CodingKey {
        case idToken = "id_token"
        case accessToken = "access_token"
    }

    /// Creates a response.
    package init(idToken: String, accessToken: String? = nil) {
        self.idToken = idToken
        self.accessToken = accessToken
    }
}

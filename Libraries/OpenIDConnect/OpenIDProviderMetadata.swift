import Foundation

/// The parts of a provider's discovery document (OpenID Connect Discovery 1.0 §3) that the code flow needs.
package struct OpenIDProviderMetadata: Sendable, Hashable, Decodable {
    /// `issuer`; must equal the configured issuer.
    package var issuer: String
    /// `authorization_endpoint`, where the browser is sent.
    package var authorizationEndpoint: String
    /// `token_endpoint`, where the code is exchanged.
    package var tokenEndpoint: String
    /// `jwks_uri`, the provider's signing keys.
    package var jwksURI: String

    /// Creates metadata from known endpoints.
    package init(issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
    }

    private enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
    }

    /// Parses a discovery document and checks its issuer.
    ///
    /// - Parameters:
    ///   - json: The document's bytes.
    ///   - configuration: Supplies the expected issuer and any endpoint overrides, which win.
    /// - Throws: ``OpenIDConnectError`` `invalidProviderResponse` for bad JSON, a missing endpoint, or an
    ///   `issuer` other than the configured one.
    package init(json: [UInt8], configuration: OpenIDProviderConfiguration) throws(OpenIDConnectError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "discovery document is not valid JSON")
        }
        var issuer = document.issuer ?? ""
        while issuer.hasSuffix("/") { issuer.removeLast() }
        guard issuer == configuration.issuer else {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "discovery document names another issuer")
        }
        guard let authorization = configuration.authorizationEndpoint ?? document.authorization_endpoint,
            let token = configuration.tokenEndpoint ?? document.token_endpoint,
            let jwks = configuration.jwksURI ?? document.jwks_uri
        else {
            throw OpenIDConnectError(.invalidProviderResponse, reason: "discovery document lacks an endpoint")
        }
        self.init(issuer: issuer, authorizationEndpoint: authorization, tokenEndpoint: token, jwksURI: jwks)
    }

    /// The metadata from the overrides alone, when all three endpoints are configured.
    package init?(overridesIn configuration: OpenIDProviderConfiguration) {
        guard let authorization = configuration.authorizationEndpoint, let token = configuration.tokenEndpoint,
            let jwks = configuration.jwksURI
        else { return nil }
        self.init(
            issuer: configuration.issuer,
            authorizationEndpoint: authorization,
            tokenEndpoint: token,
            jwksURI: jwks
        )
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    private struct Document: Decodable {
        var issuer: String?
        var authorization_endpoint: String?
        var token_endpoint: String?
        var jwks_uri: String?
    }
}

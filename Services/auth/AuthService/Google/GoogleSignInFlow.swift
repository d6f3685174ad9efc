import Cryptography
import Foundation
import HTTPCore
import HTTPRouter
import LogKit
import OpenIDConnect
import ServiceRuntime

/// The three Google sign-in endpoints once Google is configured: start (302 to the provider), callback (code
/// exchange, ID token verification, sign-in) and One Tap (credential verification, sign-in).
///
/// Codes, states, verifiers, nonces, ID tokens and our JWTs are never logged.
struct GoogleSignInFlow: Sendable {
    let client: OpenIDConnectClient
    let states: OAuthStateRepository
    let stateTTL: Duration
    let redirects: RedirectPolicy
    let accounts: any SignInAccounts

    /// The One Tap request body; `nonce` is checked only when given.
    struct OneTapRequest: Decodable {
        var credential: String
        var nonce: String?
    }

    /// The One Tap answer: the seed's `{"token","user"}`.
    private struct OneTapResponse: Encodable {
        var token: String
        var user: SignInResult.User
    }

    /// `GET /auth/google/start?redirectTo=`.
    func start(_ request: Request, _ context: ServiceRequestContext) async throws -> HTTPResponse {
        let redirectTo = try request.query["redirectTo"].map(redirects.check)
        let authorization = OpenIDAuthorizationRequest.random()
        let url: String
        do {
            url = try await client.authorizationURL(for: authorization)
        } catch let error as OpenIDConnectError {
            throw Self.unavailable(error, context: context)
        }
        try await states.store(
            stateHash: AuthRouteContext.hash(authorization.state),
            codeVerifier: authorization.codeVerifier,
            nonce: authorization.nonce,
            redirectTo: redirectTo,
            ttl: stateTTL
        )
        return HTTPResponse(
            status: .found,
            headers: ["Location": url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"],
            bytes: []
        )
    }

    /// `GET /auth/google/callback?code=&state=` (or `?error=&state=` when the user declined).
    func callback(_ request: Request, _ context: ServiceRequestContext) async throws -> HTTPResponse {
        let state = request.query["state"] ?? ""
        // A real state is 43 characters; do not hash arbitrarily long input.
        let pending =
            state.isEmpty || state.utf8.count > 256
            ? nil : try await states.consume(stateHash: AuthRouteContext.hash(state))
        if request.query["error"] != nil {
            throw HTTPError(.badRequest, code: .oauthDenied, message: "Google sign-in was cancelled or denied")
        }
        guard let pending else {
            throw HTTPError(.badRequest, code: .invalidState, message: "This sign-in attempt is invalid or has expired")
        }
        guard let code = request.query["code"], !code.isEmpty, code.utf8.count <= 4096 else {
            throw HTTPError.validation("code is required")
        }
        let claims: IDTokenClaims
        do {
            claims = try await client.signIn(code: code, codeVerifier: pending.codeVerifier, nonce: pending.nonce)
        } catch let error as OpenIDConnectError {
            if error.isProviderFailure { throw Self.unavailable(error, context: context) }
            context.logger.warning("Google callback rejected", metadata: ["oidc.error": "\(error.code)"])
            if error.code == .codeRejected {
                throw HTTPError(
                    .badRequest,
                    code: .authorizationCodeRejected,
                    message: "The authorization code was not accepted"
                )
            }
            throw HTTPError(.unauthorized, code: .invalidIDToken, message: "The ID token from Google is not valid")
        }
        let result = try await signIn(claims, context: context)
        guard let redirectTo = pending.redirectTo else {
            return try Self.json(result)
        }
        let location = "\(redirectTo)#token=\(result.token)&needsOnboarding=\(result.needsOnboarding)"
        return HTTPResponse(
            status: .found,
            headers: ["Location": location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"],
            bytes: []
        )
    }

    /// `POST /auth/google/onetap {"credential":"…"}`.
    func oneTap(_ request: Request, _ context: ServiceRequestContext) async throws -> HTTPResponse {
        let body = try request.decode(as: OneTapRequest.self)
        guard !body.credential.isEmpty else { throw HTTPError.validation("credential is required") }
        let claims: IDTokenClaims
        do {
            claims = try await client.verifyIDToken(body.credential, nonce: body.nonce)
        } catch let error as OpenIDConnectError {
            if error.isProviderFailure { throw Self.unavailable(error, context: context) }
            context.logger.warning("Google One Tap credential rejected", metadata: ["oidc.error": "\(error.code)"])
            throw HTTPError(.unauthorized, code: .invalidCredential, message: "The Google credential is not valid")
        }
        let result = try await signIn(claims, context: context)
        return try Self.json(OneTapResponse(token: result.token, user: result.user))
    }

    private func signIn(_ claims: IDTokenClaims, context: ServiceRequestContext) async throws -> SignInResult {
        guard claims.emailVerified, let email = claims.email, !email.isEmpty else {
            throw HTTPError(
                .unauthorized,
                code: .emailNotVerified,
                message: "Google has not verified this account's email address"
            )
        }
        let result = try await accounts.signIn(verifiedEmail: email, displayName: claims.name, method: .google)
        context.logger.info("signed in with Google", metadata: ["user.id": result.user.id])
        return result
    }

    private static func json(_ value: some Encodable) throws -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"],
            bytes: try JSONCoding.encode(value)
        )
    }

    private static func unavailable(_ error: OpenIDConnectError, context: ServiceRequestContext) -> HTTPError {
        context.logger.warning(
            "Google unreachable",
            metadata: ["oidc.error": "\(error.code)", "oidc.reason": error.reason]
        )
        return HTTPError(.badGateway, code: .googleUnavailable, message: "Google sign-in is unavailable; try again")
    }
}

extension HTTPError.Code {
    /// 503: `AUTH_GOOGLE_CLIENT_ID` is not set.
    static let googleNotConfigured = HTTPError.Code("GOOGLE_NOT_CONFIGURED")
    /// 502: Google (discovery, token endpoint or keys) could not be reached.
    static let googleUnavailable = HTTPError.Code("GOOGLE_UNAVAILABLE")
    /// 400: the callback's `state` is unknown, used or expired.
    static let invalidState = HTTPError.Code("INVALID_STATE")
    /// 400: the provider reported an error (the user declined).
    static let oauthDenied = HTTPError.Code("OAUTH_DENIED")
    /// 400: the token endpoint refused the authorization code.
    static let authorizationCodeRejected = HTTPError.Code("INVALID_CODE")
    /// 401: the ID token from the code exchange failed verification (signature, issuer, audience, expiry, nonce).
    static let invalidIDToken = HTTPError.Code("INVALID_ID_TOKEN")
    /// 401: a One Tap credential failed verification.
    static let invalidCredential = HTTPError.Code("INVALID_CREDENTIAL")
    /// 401: the provider did not vouch for the email address.
    static let emailNotVerified = HTTPError.Code("EMAIL_NOT_VERIFIED")
}

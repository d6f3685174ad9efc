import Cryptography
import Foundation
import HTTPCore
import HTTPRouter
import LogKit
import ServiceRuntime

/// `POST /auth/request` and `GET /auth/verify`: sign-in by email link.
enum MagicLinkRoutes {
    private struct LinkRequest: Decodable {
        var email: String
        var redirectTo: String?
    }

    private struct OK: Encodable {
        var ok = true
    }

    private struct Verified: Encodable {
        var token: String
        var needsOnboarding: Bool
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, routes: AuthRouteContext) {
        api.post("/auth/request", options: AuthRouteContext.bodyLimit) { request, context in
            let body = try request.decode(as: LinkRequest.self)
            let email = try AccountValidation.email(body.email)
            let redirectTo = try body.redirectTo.map(routes.redirects.check)
            let token = SecureRandom.token(byteCount: 32)
            let tokenHash = AuthRouteContext.hash(token)
            let configuration = routes.configuration
            let outcome = try await routes.repository.issueMagicLink(
                email: email,
                tokenHash: tokenHash,
                redirectTo: redirectTo,
                ttl: configuration.magicLinkTTL,
                limit: configuration.magicLinkPerEmailLimit,
                window: configuration.magicLinkPerEmailWindow
            )
            if case .limited(let retryAfter) = outcome {
                throw HTTPError(
                    .tooManyRequests,
                    code: .rateLimited,
                    message: "Too many sign-in links requested for this address; try again later",
                    headers: ["Retry-After": "\(retryAfter)"]
                )
            }
            let link =
                redirectTo.map { RedirectPolicy.appendingQuery($0, name: "token", value: token) }
                ?? "\(configuration.publicURL)/api/v1/auth/verify?token=\(token)"
            do {
                let message = signInEmail(to: email, link: link, token: token, ttl: configuration.magicLinkTTL)
                try await routes.mailer.send(message, requestID: context.requestID)
            } catch {
                try? await routes.repository.withdrawMagicLink(tokenHash: tokenHash)
                context.logger.warning("sign-in email not queued", metadata: ["error": "\(error)"])
                throw HTTPError(
                    .serviceUnavailable,
                    code: .emailUnavailable,
                    message: "The sign-in email could not be sent; try again shortly"
                )
            }
            return OK()
        }

        api.get("/auth/verify") { request, context in
            guard let token = request.query["token"], !token.isEmpty else {
                throw HTTPError.validation("token is required")
            }
            let redirectTo = try request.query["redirectTo"].map(routes.redirects.check)
            let invalid = HTTPError(
                .badRequest,
                code: .invalidToken,
                message: "This sign-in link is invalid or has expired"
            )
            // A real token is 43 characters; anything much longer is not worth hashing.
            guard token.utf8.count <= 256 else { throw invalid }
            let configuration = routes.configuration
            guard
                let user = try await routes.repository.redeemMagicLink(
                    tokenHash: AuthRouteContext.hash(token),
                    role: { configuration.role(forEmail: $0) }
                )
            else { throw invalid }
            context.logger.info("signed in by magic link", metadata: ["user.id": user.id])
            let result = try routes.accounts.result(for: user)
            guard let redirectTo else {
                return HTTPResponse(
                    status: .ok,
                    headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"],
                    bytes: try JSONCoding.encode(Verified(token: result.token, needsOnboarding: result.needsOnboarding))
                )
            }
            let location = "\(redirectTo)#token=\(result.token)&needsOnboarding=\(result.needsOnboarding)"
            return HTTPResponse(
                status: .found,
                headers: ["Location": location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"],
                bytes: []
            )
        }
    }

    private static func signInEmail(to address: String, link: String, token: String, ttl: Duration) -> OutgoingEmail {
        let minutes = max(1, ttl.wholeMilliseconds / 60_000)
        let expiry = minutes == 1 ? "1 minute" : "\(minutes) minutes"
        let text = """
            Hello,

            Use this link to sign in to PayLinks:

            \(link)

            The link expires in \(expiry) and works once. If you did not ask for it, you can ignore this email.
            """
        let html = """
            <p>Hello,</p><p>Use this link to sign in to PayLinks:</p>\
            <p><a href="\(escapeHTML(link))">Sign in to PayLinks</a></p>\
            <p>The link expires in \(expiry) and works once. If you did not ask for it, you can ignore this \
            email.</p>
            """
        return OutgoingEmail(
            to: address,
            subject: "Your PayLinks sign-in link",
            text: text,
            html: html,
            category: "magic_link",
            sensitive: true,
            idempotencyKey: Hex.encode(SHA256.hash(Array("paylinks-magic-link-email:\(token)".utf8)))
        )
    }

    private static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

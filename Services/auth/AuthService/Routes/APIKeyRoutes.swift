import Cryptography
import Foundation
import HTTPCore
import HTTPRouter
import LogKit
import ServiceRuntime

/// Programmatic signup, API key exchange, API key management and `logout-all`.
enum APIKeyRoutes {
    private struct SignupRequest: Decodable {
        var email: String
        var name: String
        var keyName: String?
    }

    private struct TokenRequest: Decodable {
        var keyId: String
        var keySecret: String
    }

    private struct CreateKeyRequest: Decodable {
        var name: String
    }

    private struct SignupResponse: Encodable {
        struct User: Encodable {
            var id: String
            var email: String
            var name: String?
            var role: String
        }
        struct Key: Encodable {
            var keyId: String
            var keySecret: String
            var name: String
            var createdAt: Date
        }
        var user: User
        var apiKey: Key
        var token: String
        var tokenType = "Bearer"
        var expiresInSeconds = TokenIssuer.apiLifetime
    }

    private struct TokenResponse: Encodable {
        struct User: Encodable {
            var id: String
            var email: String
            var role: String
        }
        var token: String
        var tokenType = "Bearer"
        var expiresInSeconds = TokenIssuer.apiLifetime
        var user: User
    }

    private struct CreatedKey: Encodable {
        var keyId: String
        var keySecret: String
        var name: String
        var secretHint: String
        var createdAt: Date
    }

    private struct KeyView: Encodable {
        var record: APIKeyRecord

        enum CodingKeys: String, CodingKey {
            case keyId, name, secretHint, createdAt, lastUsedAt, revokedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(record.keyID, forKey: .keyId)
            try container.encode(record.name, forKey: .name)
            try container.encode(record.secretHint, forKey: .secretHint)
            try container.encode(record.createdAt, forKey: .createdAt)
            try container.encode(record.lastUsedAt, forKey: .lastUsedAt)
            try container.encode(record.revokedAt, forKey: .revokedAt)
        }
    }

    private struct KeyList: Encodable {
        var data: [KeyView]
    }

    private struct Revoked: Encodable {
        var keyId: String
        var revoked = true
    }

    private struct OK: Encodable {
        var ok = true
    }

    /// A new key: `plk_` + 24 hex characters, and a `pls_` secret of 256 random bits.
    static func makeKey(name: String) -> (key: NewAPIKey, secret: String) {
        let secret = "pls_" + SecureRandom.token(byteCount: 32)
        let key = NewAPIKey(
            keyID: "plk_" + Hex.encode(SecureRandom.bytes(count: 12)),
            name: name,
            secretHash: AuthRouteContext.hash(secret),
            secretHint: String(secret.prefix(8)) + "…"
        )
        return (key, secret)
    }

    static func register(on api: RouterGroup<ServiceRequestContext>, routes: AuthRouteContext) {
        api.post("/auth/api/signup", options: AuthRouteContext.bodyLimit) { request, context in
            let body = try request.decode(as: SignupRequest.self)
            let email = try AccountValidation.email(body.email)
            let name = try AccountValidation.name(body.name)
            let keyName = try body.keyName.map { try AccountValidation.name($0, field: "keyName") } ?? "Default"
            let (key, secret) = makeKey(name: keyName)
            guard let (user, record) = try await routes.repository.signUp(email: email, name: name, key: key) else {
                throw HTTPError(.conflict, code: .emailTaken, message: "An account with this email already exists")
            }
            context.logger.info("signed up by API", metadata: ["user.id": user.id, "key.id": record.keyID])
            let response = SignupResponse(
                user: .init(id: user.id, email: user.email, name: user.name, role: user.role.rawValue),
                apiKey: .init(keyId: record.keyID, keySecret: secret, name: record.name, createdAt: record.createdAt),
                token: try routes.issuer.token(for: user, lifetime: TokenIssuer.apiLifetime)
            )
            return EditedResponse(status: .created, headers: ["Cache-Control": "no-store"], json: response)
        }

        api.post("/auth/api/token", options: AuthRouteContext.bodyLimit) { request, context in
            let body = try request.decode(as: TokenRequest.self)
            let invalid = HTTPError(.unauthorized, code: .invalidCredentials, message: "Invalid API key credentials")
            let presented = AuthRouteContext.hash(body.keySecret)
            let validID = AccountValidation.isKeyID(body.keyId)
            let credentials = validID ? try await routes.repository.keyCredentials(keyID: body.keyId) : nil
            // Compare even when there is no key, so timing says nothing about which part was wrong.
            let stored = credentials?.secretHash ?? AuthRouteContext.hash("no such key")
            let matches = ConstantTime.equals(stored, presented)
            guard let credentials, matches, !credentials.revoked else { throw invalid }
            try await routes.repository.touchAPIKey(keyID: body.keyId)
            let user = credentials.user
            context.logger.info("API key exchanged", metadata: ["user.id": user.id, "key.id": body.keyId])
            let response = TokenResponse(
                token: try routes.issuer.token(for: user, lifetime: TokenIssuer.apiLifetime),
                user: .init(id: user.id, email: user.email, role: user.role.rawValue)
            )
            return EditedResponse(headers: ["Cache-Control": "no-store"], json: response)
        }

        api.get("/auth/api-keys") { _, context in
            let user = try await routes.currentUser(context)
            return KeyList(data: try await routes.repository.apiKeys(userID: user.id).map(KeyView.init))
        }

        api.post("/auth/api-keys", options: AuthRouteContext.bodyLimit) { request, context in
            let user = try await routes.currentUser(context)
            let body = try request.decode(as: CreateKeyRequest.self)
            let (key, secret) = makeKey(name: try AccountValidation.name(body.name))
            guard let record = try await routes.repository.createAPIKey(userID: user.id, key: key) else {
                throw AuthRouteContext.unauthorized
            }
            context.logger.info("API key created", metadata: ["user.id": user.id, "key.id": record.keyID])
            let created = CreatedKey(
                keyId: record.keyID,
                keySecret: secret,
                name: record.name,
                secretHint: record.secretHint,
                createdAt: record.createdAt
            )
            return EditedResponse(status: .created, headers: ["Cache-Control": "no-store"], json: created)
        }

        api.delete("/auth/api-keys/{keyId}") { _, context in
            let user = try await routes.currentUser(context)
            let keyID = try context.parameters.require("keyId")
            guard AccountValidation.isKeyID(keyID),
                try await routes.repository.revokeAPIKey(userID: user.id, keyID: keyID)
            else { throw HTTPError(.notFound, code: .notFound, message: "API key not found") }
            context.logger.info("API key revoked", metadata: ["user.id": user.id, "key.id": keyID])
            return Revoked(keyId: keyID)
        }

        api.post("/auth/logout-all", options: AuthRouteContext.bodyLimit) { _, context in
            let user = try await routes.currentUser(context)
            guard try await routes.repository.bumpTokenVersion(userID: user.id) != nil else {
                throw AuthRouteContext.unauthorized
            }
            context.logger.info("signed out everywhere", metadata: ["user.id": user.id])
            return OK()
        }
    }
}

import HTTPCore
import HTTPRouter
import ServiceIdentity
package import ServiceRuntime

/// What the gateway knows about a signed-in user between requests: auth's current tokenVersion, role and
/// default currency (contract C2).
package struct Session: Sendable, Hashable, Codable {
    /// The user id (the JWT `sub`).
    package var userId: String
    /// Tokens with another `tv` are refused.
    package var tokenVersion: Int
    /// `USER` or `ADMIN`: the role the services are told, whatever an older token says.
    package var role: String
    /// `RON`, `EUR` or `GBP`; `nil` before onboarding.
    package var defaultCurrency: String?

    /// Creates a session.
    package init(userId: String, tokenVersion: Int, role: String, defaultCurrency: String?) {
        self.userId = userId
        self.tokenVersion = tokenVersion
        self.role = role
        self.defaultCurrency = defaultCurrency
    }
}

/// One page of auth's session change feed.
package struct SessionChanges: Sendable, Codable {
    /// Where the next poll continues (`after=`).
    package var cursor: String
    /// Changed sessions, oldest first.
    package var changes: [Session]

    /// Creates a page.
    package init(cursor: String, changes: [Session]) {
        self.cursor = cursor
        self.changes = changes
    }

    private enum CodingKeys: String, CodingKey {
        case cursor, changes
    }

    /// Decodes a page; the cursor may come as a JSON string (the contract) or a plain number.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int64.self, forKey: .cursor) {
            cursor = String(number)
        } else {
            cursor = try container.decode(String.self, forKey: .cursor)
        }
        changes = try container.decode([Session].self, forKey: .changes)
    }
}

/// Why a session could not be established.
package enum SessionLookupError: Error, Sendable {
    /// Auth could not be asked or did not answer usefully (the request gets a 503).
    case unavailable(String)
}

/// Where sessions come from: auth's internal session API (contract C2), or a fake in tests.
package protocol SessionSource: Sendable {
    /// The user's session, `nil` when auth does not know the user.
    func session(userID: String) async throws(SessionLookupError) -> Session?
    /// Changes after `cursor`; without one, the current cursor and no changes.
    func changes(after cursor: String?) async throws(SessionLookupError) -> SessionChanges
}

/// ``SessionSource`` over auth's `GET /api/v1/internal/sessions/{userId}` and `…/sessions/changes?after=`,
/// called as `CallerIdentity.service("gateway")`.
package struct AuthSessionSource: SessionSource {
    let client: InternalServiceClient

    /// Creates the source over a client for the auth service.
    package init(client: InternalServiceClient) { self.client = client }

    package func session(userID: String) async throws(SessionLookupError) -> Session? {
        // The id comes from a verified JWT, but it still must not be able to change the path.
        guard Self.isPathSafe(userID) else { return nil }
        do {
            return try await client.json(
                .get,
                "/api/v1/internal/sessions/\(userID)",
                as: .service("gateway"),
                decoding: Session.self
            )
        } catch  where error.code == .status && error.status == 404 {
            return nil
        } catch {
            throw .unavailable(error.description)
        }
    }

    package func changes(after cursor: String?) async throws(SessionLookupError) -> SessionChanges {
        var target = "/api/v1/internal/sessions/changes"
        if let cursor {
            guard Self.isPathSafe(cursor) else { throw .unavailable("auth sent an unusable cursor") }
            target += "?after=\(cursor)"
        }
        let page: SessionChanges
        do {
            page = try await client.json(.get, target, as: .service("gateway"), decoding: SessionChanges.self)
        } catch {
            throw .unavailable(error.description)
        }
        guard Self.isPathSafe(page.cursor) else { throw .unavailable("auth sent an unusable cursor") }
        return page
    }

    /// Letters, digits, `-` and `_` only (UUIDs, decimal cursors): no dot segments, no escapes.
    static func isPathSafe(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 255
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }
}

/// Who a request to an internal service is made for, as the gateway established it.
///
/// The gateway authenticates the caller (JWT, API key) and sends this to the owning service inside a signed
/// ``IdentityAssertion``; services trust nothing else about the caller. An anonymous caller (a buyer on the
/// public checkout, a Stripe webhook) has no ``userID``.
package struct CallerIdentity: Sendable, Hashable {
    /// The caller's role.
    package struct Role: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String

        /// Creates a role from its wire name; any upper-case word is accepted so newer gateways can add roles.
        package init?(rawValue: String) {
            guard !rawValue.isEmpty, rawValue.utf8.count <= 32,
                rawValue.utf8.allSatisfy({
                    $0 == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                })
            else { return nil }
            self.rawValue = rawValue
        }

        private init(known: String) { rawValue = known }

        /// No authenticated user.
        package static let anonymous = Role(known: "ANONYMOUS")
        /// A seller or buyer signed in with a token.
        package static let user = Role(known: "USER")
        /// A platform administrator.
        package static let admin = Role(known: "ADMIN")
        /// Another PayLinks service calling on its own behalf (``CallerIdentity/userID`` is its name). Only
        /// services mint it; the gateway never gives it to an outside caller.
        package static let service = Role(known: "SERVICE")

        package var description: String { rawValue }
    }

    /// The authenticated user's id; `nil` for an anonymous caller.
    package var userID: String?
    /// The caller's role (``Role/anonymous`` when there is no user).
    package var role: Role
    /// The currency the request works in (`RON`, `EUR` or `GBP`), as the gateway resolved it from the
    /// `X-Currency` header or the user's default currency (DESIGN §4); `nil` when nobody resolved one (a
    /// service calling on its own behalf, an older gateway).
    package var currency: String?

    /// Creates an identity.
    ///
    /// - Parameters:
    ///   - userID: The user, `nil` for an anonymous caller (then the role is always ``Role/anonymous``).
    ///   - role: The role.
    ///   - currency: The resolved request currency, if any; see ``currency``.
    package init(userID: String?, role: Role, currency: String? = nil) {
        self.userID = userID
        self.role = userID == nil ? .anonymous : role
        self.currency = currency
    }

    /// The identity of a caller nobody authenticated.
    package static let anonymous = CallerIdentity(userID: nil, role: .anonymous)

    /// The identity of PayLinks service `name` calling another service on its own behalf.
    package static func service(_ name: String) -> CallerIdentity {
        CallerIdentity(userID: name, role: .service)
    }

    /// Whether a user is signed in.
    package var isAuthenticated: Bool { userID != nil }
}

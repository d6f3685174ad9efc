import Foundation

/// A row of `auth.users`, as the routes need it.
struct UserRecord: Sendable, Equatable {
    var id: String
    var email: String
    var name: String?
    var businessName: String?
    var country: String?
    var defaultCurrency: AccountCurrency
    var role: UserRole
    var tokenVersion: Int
    var autoPayouts: Bool
    var payoutInterval: PayoutInterval
    var emailNotifications: Bool
    var disputeNotifications: Bool
    var onboardedAt: Date?
    var createdAt: Date

    /// Whether the profile questions (`POST /me/onboarding`) are still to be answered.
    var needsOnboarding: Bool { onboardedAt == nil }
}

/// What the feed of contract C2 says about one user: the facts a gateway needs to accept their tokens.
struct SessionState: Sendable, Equatable, Codable {
    var userId: String
    var tokenVersion: Int
    var role: String
    var defaultCurrency: String
}

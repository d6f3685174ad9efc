import Cryptography

/// Stripe-style identifiers: a type prefix, an underscore and random alphanumerics (`pi_3Qx…`).
package enum IDs {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `prefix_` followed by `length` random characters from [0-9A-Za-z] (unbiased).
    package static func make(_ prefix: String, length: Int = 24) -> String {
        "\(prefix)_\(random(length))"
    }

    /// A client secret for the object `id`: `<id>_secret_<random>`, as payment and setup intents carry.
    package static func secret(for id: String) -> String { "\(id)_secret_\(random(25))" }

    /// `count` random characters from [0-9A-Za-z].
    package static func random(_ count: Int) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(count)
        while characters.count < count {
            for byte in SecureRandom.bytes(count: count * 2) where byte < 248 && characters.count < count {
                characters.append(alphabet[Int(byte) % 62])
            }
        }
        return String(decoding: characters, as: UTF8.self)
    }
}

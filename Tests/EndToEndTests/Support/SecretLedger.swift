import Synchronization

/// Every secret the suite saw (API key secrets, magic-link tokens, JWTs, OAuth states and codes): after the
/// last test the platform's whole log is searched for each of them (DESIGN §6: secrets are never logged).
enum SecretLedger {
    private static let secrets = Mutex<Set<String>>([])

    /// Remembers `secret` (values shorter than 16 characters are too likely to occur by chance and are ignored).
    static func record(_ secret: String?) {
        guard let secret, secret.count >= 16 else { return }
        _ = secrets.withLock { $0.insert(secret) }
    }

    /// How many secrets were recorded.
    static var count: Int { secrets.withLock { $0.count } }

    /// The recorded secrets that occur in `log`, each shortened for the failure message.
    static func leaks(in log: String) -> [String] {
        secrets.withLock { Array($0) }.filter { log.contains($0) }.map { String($0.prefix(12)) + "…" }
    }
}

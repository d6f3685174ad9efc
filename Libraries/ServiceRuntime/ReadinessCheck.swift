/// One dependency `/readyz` checks, such as the database.
package struct ReadinessCheck: Sendable {
    /// The name reported in the `/readyz` body, such as `database`.
    package var name: String
    /// Succeeds when the dependency is usable; throws otherwise.
    package var check: @Sendable () async throws -> Void

    /// Creates a check.
    package init(name: String, check: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.check = check
    }

    /// Runs the check, failing it if it takes longer than `timeout`.
    ///
    /// - Returns: `nil` when the dependency is ready, else a short reason.
    package func evaluate(timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await check()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "timed out after \(timeout)"
            }
            let first = await group.next() ?? "no result"
            group.cancelAll()
            return first
        }
    }
}

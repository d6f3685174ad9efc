import Testing

/// Wraps the whole end-to-end suite: after its last test, stops the shared platform with SIGTERM and fails
/// the suite if any process of it (a service, the gateway, PostgreSQL) is left running.
struct PlatformScope: SuiteTrait, TestScoping {
    @concurrent func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @concurrent @Sendable () async throws -> Void
    ) async throws {
        do {
            try await function()
        } catch {
            try await SharedPlatform.shared.shutdown()
            throw error
        }
        try await SharedPlatform.shared.shutdown()
    }
}

extension Trait where Self == PlatformScope {
    /// Runs the suite against ``SharedPlatform`` and checks a clean shutdown at the end.
    static var sharedPlatform: Self { PlatformScope() }
}

import Foundation
import Launcher
import TestSupport
import Testing

extension PlatformTests {
    /// Stopping `paylinks up` leaves nothing running, and starting it again on the same data directory reuses
    /// the cluster, its data, the roles and the generated secrets.
    @Suite struct DataReuseTests {
        @Test func aSecondStartReusesTheDataDirectory() async throws {
            let platform = try await SharedPlatform.shared.running()
            let marker = "e2e-\(UInt32.random(in: 0...UInt32.max))"
            try await PostgresShell.run(
                "CREATE TABLE IF NOT EXISTS public.e2e_marker (value text); INSERT INTO public.e2e_marker VALUES ('\(marker)')",
                on: platform
            )
            let secretsBefore = try await platform.localSecrets()
            let versionFile = platform.dataDirectory + "/postgres/PG_VERSION"
            let createdBefore = try await Self.modificationDate(versionFile)

            let status = try await platform.stop()
            #expect(status == 0, "\(platform.outputTail(20))")
            let leftovers = try await platform.leftovers()
            #expect(leftovers.isEmpty, "\(leftovers)")

            try await platform.start()
            let secretsAfter = try await platform.localSecrets()
            #expect(secretsAfter == secretsBefore)
            #expect(
                Set(secretsAfter.keys) == [
                    "PAYLINKS_INTERNAL_KEY", "PAYLINKS_JWT_SECRET", "AUTH_DATABASE_PASSWORD",
                    "CATALOG_DATABASE_PASSWORD",
                    "PAYMENTS_DATABASE_PASSWORD", "MESSAGING_DATABASE_PASSWORD", "STRIPE_SANDBOX_DATABASE_PASSWORD",
                    "STRIPE_SANDBOX_WEBHOOK_SECRET",
                ]
            )
            #expect(try await Self.modificationDate(versionFile) == createdBefore)
            let kept = try await PostgresShell.run(
                "SELECT value FROM public.e2e_marker WHERE value = '\(marker)'",
                on: platform
            )
            #expect(kept == marker)
            let roles = try await PostgresShell.run(
                """
                SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles
                WHERE rolname IN ('auth', 'catalog', 'payments', 'messaging') AND rolcanlogin AND NOT rolsuper
                """,
                on: platform
            )
            #expect(roles == "auth,catalog,messaging,payments")
            let owners = try await PostgresShell.run(
                """
                SELECT string_agg(nspname || '=' || pg_get_userbyid(nspowner), ',' ORDER BY nspname) FROM pg_namespace
                WHERE nspname IN ('auth', 'catalog', 'payments', 'messaging')
                """,
                on: platform
            )
            #expect(owners == "auth=auth,catalog=catalog,messaging=messaging,payments=payments")
            let ping = try await PlatformHTTP.get(platform.ports.gateway, "/api/v1/ping")
            #expect(ping.status == 200 && ping.bodyText == "pong")
        }

        private static func modificationDate(_ path: String) async throws -> Date? {
            try await BlockingWork.run {
                try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            }
        }
    }
}

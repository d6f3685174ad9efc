import Launcher
import Testing

@Suite struct LauncherConfigurationTests {
    @Test func everyBackendUsesTheLocalClusterByDefault() {
        #expect(LauncherConfiguration().backendsOnLocalCluster == [.auth, .catalog, .payments, .messaging])
    }

    @Test func aSharedDatabaseURLReplacesTheLocalCluster() {
        let configuration = LauncherConfiguration(databaseURL: "postgres://u:p@db:5432/paylinks")
        #expect(configuration.backendsOnLocalCluster.isEmpty)
    }

    @Test func aServiceWithItsOwnURLLeavesTheLocalClusterToTheOthers() {
        let configuration = LauncherConfiguration(serviceDatabaseURLs: [
            .payments: "postgres://u:p@ledger:5432/payments"
        ])
        #expect(configuration.backendsOnLocalCluster == [.auth, .catalog, .messaging])
    }
}

import StripeSandboxConnect
import StripeSandboxCore
import Testing

@Suite("Stripe sandbox: Connect family")
struct ConnectFamilyTests {
    @Test("the family is named")
    func named() {
        #expect(!ConnectFamily.family.name.isEmpty)
    }
}

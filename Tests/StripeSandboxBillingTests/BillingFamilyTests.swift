import StripeSandboxBilling
import StripeSandboxCore
import Testing

@Suite("Stripe sandbox: Billing family")
struct BillingFamilyTests {
    @Test("the family is named")
    func named() {
        #expect(!BillingFamily.family.name.isEmpty)
    }
}

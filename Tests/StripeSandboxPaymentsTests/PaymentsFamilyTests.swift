import StripeSandboxCore
import StripeSandboxPayments
import Testing

@Suite("Stripe sandbox: Payments family")
struct PaymentsFamilyTests {
    @Test("the family is named")
    func named() {
        #expect(!PaymentsFamily.family.name.isEmpty)
    }
}

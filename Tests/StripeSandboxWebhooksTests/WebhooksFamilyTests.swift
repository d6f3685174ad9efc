import StripeSandboxCore
import StripeSandboxWebhooks
import Testing

@Suite("Stripe sandbox: Webhooks family")
struct WebhooksFamilyTests {
    @Test("the family is named")
    func named() {
        #expect(!WebhooksFamily.family.name.isEmpty)
    }
}

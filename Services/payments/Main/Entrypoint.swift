import PaymentsService
import ServiceRuntime

/// `payments`: checkout payments, transactions, refunds, customers, analytics, Stripe Connect, disputes, subscriptions, purchases, Stripe webhooks. Configuration: `PAYMENTS_*`, `PAYLINKS_INTERNAL_KEY`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: PaymentsService.name, defaultPort: PaymentsService.defaultPort) { environment in
            try PaymentsService.make(environment)
        }
    }
}

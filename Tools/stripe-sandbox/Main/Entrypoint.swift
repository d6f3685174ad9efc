import ServiceRuntime
import StripeSandbox

/// `stripe-sandbox`: a Stripe-compatible API for development and tests. Configuration: `STRIPE_SANDBOX_*`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: StripeSandbox.name, defaultPort: StripeSandbox.defaultPort) { environment in
            try StripeSandbox.make(environment)
        }
    }
}

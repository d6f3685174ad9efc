import GatewayService
import ServiceRuntime

/// `gateway`: the public entry point (authentication, routing to the services). Configuration: `GATEWAY_*`,
/// `PAYLINKS_INTERNAL_KEY`, `PAYLINKS_JWT_SECRET`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: GatewayService.name, defaultPort: GatewayService.defaultPort) { environment in
            try GatewayService.make(environment)
        }
    }
}

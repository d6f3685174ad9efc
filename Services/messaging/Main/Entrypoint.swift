import MessagingService
import ServiceRuntime

/// `messaging`: transactional email and broadcasts. Configuration: `MESSAGING_*`, `PAYLINKS_INTERNAL_KEY`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: MessagingService.name, defaultPort: MessagingService.defaultPort) {
            environment in
            try MessagingService.make(environment)
        }
    }
}

import AuthService
import ServiceRuntime

/// `auth`: users, sign-in (magic link, Google, API keys), tokens, settings. Configuration: `AUTH_*`, `PAYLINKS_INTERNAL_KEY`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: AuthService.name, defaultPort: AuthService.defaultPort) { environment in
            try AuthService.make(environment)
        }
    }
}

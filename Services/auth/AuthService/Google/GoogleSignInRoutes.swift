import HTTPRouter
import ServiceRuntime

/// `GET /auth/google/start`, `GET /auth/google/callback`, `POST /auth/google/onetap`. (Being built.)
enum GoogleSignInRoutes {
    static func register(
        on api: RouterGroup<ServiceRequestContext>,
        environment: ServiceEnvironment,
        accounts: any SignInAccounts
    ) throws {}
}

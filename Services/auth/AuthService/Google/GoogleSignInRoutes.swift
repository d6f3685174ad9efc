import HTTPCore
import HTTPRouter
import LogKit
import OpenIDConnect
import ServiceRuntime

/// `GET /auth/google/start`, `GET /auth/google/callback`, `POST /auth/google/onetap`: sign-in with Google
/// (or any OpenID provider configured in its place) through ``GoogleSignInFlow``.
///
/// Configuration: ``GoogleSignInConfiguration``. Without `AUTH_GOOGLE_CLIENT_ID` the routes exist and answer
/// 503 `GOOGLE_NOT_CONFIGURED`.
enum GoogleSignInRoutes {
    static func register(
        on api: RouterGroup<ServiceRequestContext>,
        environment: ServiceEnvironment,
        routes: AuthRouteContext
    ) throws {
        let configuration = try GoogleSignInConfiguration(
            reader: environment.reader,
            publicURL: routes.configuration.publicURL
        )
        var flow: GoogleSignInFlow?
        if let provider = configuration.provider {
            // The client owns one HTTP thread for the life of the process; it is dropped with the router.
            flow = GoogleSignInFlow(
                client: OpenIDConnectClient(configuration: provider, logger: environment.logger),
                states: OAuthStateRepository(postgres: routes.repository.postgres),
                stateTTL: configuration.stateTTL,
                redirects: routes.redirects,
                accounts: routes.accounts
            )
        } else {
            environment.logger.info("Google sign-in is off: AUTH_GOOGLE_CLIENT_ID is not set")
        }
        let configured = flow
        api.get("/auth/google/start") { request, context in
            try await require(configured).start(request, context)
        }
        api.get("/auth/google/callback") { request, context in
            try await require(configured).callback(request, context)
        }
        api.post("/auth/google/onetap", options: AuthRouteContext.bodyLimit) { request, context in
            try await require(configured).oneTap(request, context)
        }
    }

    private static func require(_ flow: GoogleSignInFlow?) throws -> GoogleSignInFlow {
        guard let flow else {
            throw HTTPError(
                .serviceUnavailable,
                code: .googleNotConfigured,
                message: "Google sign-in is not configured on this server"
            )
        }
        return flow
    }
}

import HTTPRouter
import ServiceRuntime

/// `POST /paylinks/ai-draft`. (Being built.)
enum DraftRoutes {
    static func register(on api: RouterGroup<ServiceRequestContext>, environment: ServiceEnvironment) throws {}
}

import HTTPRouter
import ServiceRuntime

/// `POST /uploads/presign` and the local storage's signed upload/download routes. (Being built.)
enum UploadRoutes {
    static func register(
        on api: RouterGroup<ServiceRequestContext>,
        router: Router<ServiceRequestContext>,
        environment: ServiceEnvironment
    ) throws {}
}

import Foundation
import HTTPCore
import HTTPRouter
import LogKit
import TestSupport

/// A router with a fresh in-memory log, and a client calling it.
struct RouterFixture<Context: RootRequestContext> {
    let log = InMemoryLogHandler()
    let router: Router<Context>

    init(context: Context.Type = BasicRequestContext.self) {
        router = Router(context: context, logger: Logger(label: "router-test", level: .trace, handler: log))
    }

    var client: RouterTestClient<Router<Context>> { RouterTestClient(router) }
}

extension RouterTestResponse {
    /// The body parsed as a JSON object.
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The `error.code` and `error.message` of a JSON error body.
    var error: (code: String, message: String)? {
        guard let error = jsonObject?["error"] as? [String: Any], let code = error["code"] as? String,
            let message = error["message"] as? String
        else { return nil }
        return (code, message)
    }
}

/// A failure whose description must never reach a client.
struct DatabaseExploded: Error, CustomStringConvertible {
    var description: String { "connection to 10.0.0.7:5432 lost while running SELECT secret" }
}

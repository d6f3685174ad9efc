import Foundation
import HTTPCore
import HTTPRouter
import Postgres
import ServiceRuntime

/// The server `make run` starts until the five services exist: the foundations end to end — router, JSON
/// errors, request ids, metrics, health checks, PostgreSQL with migrations, graceful shutdown.
///
/// Routes: `GET /api/v1/hello`, `POST /api/v1/notes {"text"}`, `GET /api/v1/notes`, plus the standard
/// `/healthz`, `/readyz`, `/metrics`.
package enum DemoApplication {
    private struct NewNote: Decodable {
        var text: String
    }

    private struct Note: Codable {
        var id: String
        var text: String
        var createdAt: Date
    }

    private struct NoteList: Encodable {
        var data: [Note]
    }

    /// Runs the demo service with the standard runtime (`DEMO_*` configuration keys).
    package static func main() async -> Never {
        await ServiceRuntime.main(name: "demo", defaultPort: 8080) { environment in
            let router = environment.makeRouter(context: BasicRequestContext.self)
            let api = router.group("/api/v1")
            api.get("/hello") { _, context in ["message": "Hello from PayLinks", "requestId": context.requestID] }
            guard let postgres = environment.postgres else {
                return ServiceApplication(router: router)
            }
            api.post("/notes") { request, _ in
                let input = try request.decode(as: NewNote.self)
                guard (1...500).contains(input.text.count) else {
                    throw HTTPError(.badRequest, code: .validationError, message: "text must be 1 to 500 characters")
                }
                let rows = try await postgres.query(
                    "INSERT INTO demo.notes (text) VALUES (\(input.text)) RETURNING id::text, text, created_at"
                )
                let (id, text, createdAt) = try rows.first!.decode((String, String, Date).self)
                return EditedResponse(status: .created, json: Note(id: id, text: text, createdAt: createdAt))
            }
            api.get("/notes") { _, _ in
                let rows = try await postgres.query(
                    "SELECT id::text, text, created_at FROM demo.notes ORDER BY created_at DESC, id DESC LIMIT 100"
                )
                return NoteList(
                    data: try rows.map { row in
                        let (id, text, createdAt) = try row.decode((String, String, Date).self)
                        return Note(id: id, text: text, createdAt: createdAt)
                    }
                )
            }
            let migrations = try PostgresMigrations(
                schema: "demo",
                migrations: [
                    Migration(
                        version: 1,
                        name: "notes",
                        sql: """
                            CREATE TABLE demo.notes (
                                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                                text text NOT NULL,
                                created_at timestamptz NOT NULL DEFAULT now()
                            );
                            """
                    )
                ]
            )
            return ServiceApplication(router: router, migrations: migrations)
        }
    }
}

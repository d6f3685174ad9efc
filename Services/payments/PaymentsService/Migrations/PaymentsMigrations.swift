import Postgres
import ServiceRuntime

/// The `payments` schema's migrations, in order. Never edit an applied one: add the next version.
enum PaymentsMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: PaymentsService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(PaymentsService.name)
    ]
}

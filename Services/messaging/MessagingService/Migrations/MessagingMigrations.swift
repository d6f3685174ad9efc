import Postgres
import ServiceRuntime

/// The `messaging` schema's migrations, in order. Never edit an applied one: add the next version.
enum MessagingMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: MessagingService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(MessagingService.name)
    ]
}

import Postgres
import ServiceRuntime

/// The `auth` schema's migrations, in order. Never edit an applied one: add the next version.
enum AuthMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: AuthService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(AuthService.name)
    ]
}

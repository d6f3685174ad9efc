import JobQueue
package import Postgres
import ServiceRuntime

/// The `stripe_sandbox` schema: objects, idempotency keys, the clock, webhook secrets and attempts, and the
/// delivery job queue. Never edit an applied migration: add the next version.
package enum SandboxMigrations {
    /// The schema name.
    package static let schema = "stripe_sandbox"

    /// The migration runner.
    package static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: schema, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(schema),
        Migration(
            version: 2,
            name: "objects",
            sql: """
                CREATE TABLE objects (
                    id text PRIMARY KEY,
                    account text NOT NULL,
                    object text NOT NULL,
                    created bigint NOT NULL,
                    seq bigserial NOT NULL UNIQUE,
                    data json NOT NULL
                );
                CREATE INDEX objects_scope ON objects (account, object, seq);
                CREATE INDEX objects_type ON objects (object, seq);
                CREATE TABLE idempotency_keys (
                    account text NOT NULL,
                    key text NOT NULL,
                    request_hash text NOT NULL,
                    status integer,
                    body bytea,
                    request_id text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (account, key)
                );
                CREATE TABLE clock (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    offset_seconds bigint NOT NULL DEFAULT 0
                );
                INSERT INTO clock DEFAULT VALUES;
                CREATE TABLE webhook_secrets (
                    endpoint text PRIMARY KEY,
                    secret text NOT NULL,
                    connect boolean NOT NULL DEFAULT false,
                    startup boolean NOT NULL DEFAULT false
                );
                CREATE TABLE webhook_attempts (
                    id bigserial PRIMARY KEY,
                    event text NOT NULL,
                    endpoint text NOT NULL,
                    url text NOT NULL,
                    attempt integer NOT NULL,
                    status integer,
                    error text,
                    created bigint NOT NULL
                );
                CREATE INDEX webhook_attempts_event ON webhook_attempts (event, id);
                """
        ),
        JobQueue(schema: schema).migration(version: 3),
    ]
}

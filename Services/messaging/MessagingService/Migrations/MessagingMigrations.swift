import JobQueue
import Postgres
import ServiceRuntime

/// The `messaging` schema's migrations, in order. Never edit an applied one: add the next version.
enum MessagingMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: MessagingService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(MessagingService.name),
        Migration(
            version: 2,
            name: "emails_and_jobs",
            sql: """
                CREATE TABLE messaging.emails (
                    id uuid PRIMARY KEY,
                    to_address text NOT NULL CHECK (length(to_address) <= 254),
                    subject text NOT NULL CHECK (length(subject) <= 200),
                    text_body text,
                    html_body text,
                    category text NOT NULL CHECK (category ~ '^[a-z_]{1,40}$'),
                    sensitive boolean NOT NULL DEFAULT false,
                    idempotency_key text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 128),
                    requested_by text,
                    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
                    attempts integer NOT NULL DEFAULT 0,
                    last_error text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    sent_at timestamptz
                );
                COMMENT ON COLUMN messaging.emails.text_body IS 'NULL once a sensitive email (magic link) is delivered';

                """ + JobQueue.tableSQL(schema: MessagingService.name)
        ),
    ]
}

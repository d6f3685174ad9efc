import Postgres
import ServiceRuntime

/// The `catalog` schema's migrations, in order. Never edit an applied one: add the next version.
enum CatalogMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: CatalogService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(CatalogService.name),
        Migration(
            version: 2,
            name: "paylinks",
            sql: """
                CREATE TABLE paylinks (
                    id uuid PRIMARY KEY,
                    seller_id uuid NOT NULL,
                    slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
                    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
                    description text CHECK (length(description) <= 5000),
                    price_type text NOT NULL CHECK (price_type IN ('FIXED', 'PAY_WHAT_YOU_WANT', 'FREE')),
                    service_type text NOT NULL CHECK (service_type IN ('SERVICE', 'DIGITAL_PRODUCT', 'SUBSCRIPTION')),
                    amount bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
                    currency text NOT NULL CHECK (currency IN ('RON', 'EUR', 'GBP')),
                    min_amount bigint CHECK (min_amount >= 0),
                    collect_email boolean NOT NULL DEFAULT true,
                    collect_name boolean NOT NULL DEFAULT false,
                    collect_phone boolean NOT NULL DEFAULT false,
                    collect_address boolean NOT NULL DEFAULT false,
                    require_quantity boolean NOT NULL DEFAULT false,
                    max_quantity integer CHECK (max_quantity >= 1),
                    success_url text,
                    cancel_url text,
                    image_url text,
                    file_url text,
                    thank_you_message text,
                    recurring_interval text CHECK (recurring_interval IN ('month', 'year')),
                    trial_days integer CHECK (trial_days >= 0),
                    active boolean NOT NULL DEFAULT true,
                    archived_at timestamptz,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                -- Slugs are unique across the platform, archived links included (a slug never changes owner).
                CREATE UNIQUE INDEX paylinks_slug_key ON paylinks (slug);
                CREATE INDEX paylinks_seller_page ON paylinks (seller_id, created_at DESC, id DESC);
                """
        ),
        Migration(
            version: 3,
            name: "paylink counters",
            sql: """
                -- Counters kept by the payments service through POST /internal/paylinks/{id}/payments.
                -- total_revenue is in the link's currency (a link's currency is frozen once it has been paid).
                ALTER TABLE paylinks
                    ADD COLUMN total_revenue bigint NOT NULL DEFAULT 0 CHECK (total_revenue >= 0),
                    ADD COLUMN total_transactions bigint NOT NULL DEFAULT 0 CHECK (total_transactions >= 0),
                    ADD COLUMN ever_paid boolean NOT NULL DEFAULT false;
                -- One row per counted payment: a replayed transaction id is counted once.
                CREATE TABLE paylink_counter_events (
                    transaction_id text PRIMARY KEY CHECK (length(transaction_id) BETWEEN 1 AND 255),
                    paylink_id uuid NOT NULL REFERENCES paylinks (id),
                    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
                    currency text NOT NULL CHECK (currency IN ('RON', 'EUR', 'GBP')),
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX paylink_counter_events_paylink ON paylink_counter_events (paylink_id);
                CREATE INDEX paylinks_public_sitemap ON paylinks (updated_at DESC) WHERE active AND archived_at IS NULL;
                """
        ),
    ]
}

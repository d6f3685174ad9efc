import Postgres
import ServiceRuntime

/// The `auth` schema's migrations, in order. Never edit an applied one: add the next version.
enum AuthMigrations {
    static func runner() throws -> PostgresMigrations {
        try PostgresMigrations(schema: AuthService.name, migrations: all)
    }

    static let all: [Migration] = [
        SchemaMigrations.ownedSchema(AuthService.name),
        Migration(
            version: 2,
            name: "accounts",
            sql: """
                CREATE TABLE auth.users (
                    id uuid PRIMARY KEY,
                    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
                    name text CHECK (length(name) BETWEEN 1 AND 100),
                    business_name text CHECK (length(business_name) BETWEEN 1 AND 120),
                    country text CHECK (country ~ '^[A-Z]{2}$'),
                    default_currency text NOT NULL DEFAULT 'RON' CHECK (default_currency IN ('RON', 'EUR', 'GBP')),
                    role text NOT NULL DEFAULT 'USER' CHECK (role IN ('USER', 'ADMIN')),
                    token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0),
                    auto_payouts boolean NOT NULL DEFAULT false,
                    payout_interval text NOT NULL DEFAULT 'weekly'
                        CHECK (payout_interval IN ('daily', 'weekly', 'monthly')),
                    email_notifications boolean NOT NULL DEFAULT true,
                    dispute_notifications boolean NOT NULL DEFAULT true,
                    google_subject text UNIQUE,
                    email_verified_at timestamptz,
                    onboarded_at timestamptz,
                    last_sign_in_at timestamptz,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE UNIQUE INDEX users_email_key ON auth.users (lower(email));

                CREATE TABLE auth.magic_link_tokens (
                    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
                    email text NOT NULL,
                    redirect_to text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL,
                    used_at timestamptz
                );
                CREATE INDEX magic_link_tokens_email_recent ON auth.magic_link_tokens (lower(email), created_at);

                CREATE TABLE auth.api_keys (
                    key_id text PRIMARY KEY CHECK (key_id ~ '^plk_[0-9a-f]{16,64}$'),
                    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
                    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
                    secret_hint text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    last_used_at timestamptz,
                    revoked_at timestamptz
                );
                CREATE INDEX api_keys_user ON auth.api_keys (user_id, created_at DESC);

                -- Contract C2: one row per change of a user's token version, role or default currency. Numbers
                -- are taken under a transaction-scoped advisory lock, so they follow commit order.
                CREATE SEQUENCE auth.session_change_seq;
                CREATE TABLE auth.session_changes (
                    seq bigint PRIMARY KEY,
                    user_id uuid NOT NULL,
                    token_version integer NOT NULL,
                    role text NOT NULL,
                    default_currency text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                );

                CREATE TABLE auth.oauth_states (
                    state_hash bytea PRIMARY KEY,
                    code_verifier text NOT NULL,
                    nonce text NOT NULL,
                    redirect_to text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL,
                    used_at timestamptz
                );
                """
        ),
    ]
}

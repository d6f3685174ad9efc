import ConfigKit

/// What `paylinks up` reads from the environment (all optional: the defaults run everything locally).
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `PAYLINKS_DATA_DIR` | `.data` | local state: PostgreSQL cluster, generated secrets, dev mailbox |
/// | `PAYLINKS_PUBLIC_PORT` | `8080` | the public port (the gateway's) |
/// | `PAYLINKS_POSTGRES_PORT` | `54329` | the local cluster's port (another free one if taken) |
/// | `DATABASE_URL` | unset | use this PostgreSQL instead of a local cluster (superuser URL) |
struct LauncherConfiguration: Sendable {
    var dataDirectory: String
    var publicPort: Int
    var postgresPort: Int
    var databaseURL: String?

    init(reader: ConfigReader) throws {
        dataDirectory = reader.string("PAYLINKS_DATA_DIR", default: ".data")
        publicPort = try reader.int("PAYLINKS_PUBLIC_PORT", default: 8080, range: 1...65535)
        postgresPort = try reader.int("PAYLINKS_POSTGRES_PORT", default: 54329, range: 1...65535)
        databaseURL = reader.optionalString("DATABASE_URL", secret: true)
    }
}

import ConfigKit
import Cryptography
import LogKit
import ObjectStorage
import ServiceRuntime

/// The upload configuration (`CATALOG_…` keys), read once at start.
///
/// | Key | Default | Meaning |
/// |---|---|---|
/// | `CATALOG_UPLOAD_MAX_BYTES` | 26214400 (25 MiB) | largest upload; signed into local URLs (S3: see below) |
/// | `CATALOG_UPLOAD_URL_TTL` | `15m` | how long an upload URL works |
/// | `CATALOG_UPLOAD_DOWNLOAD_TTL` | `8760h` | how long a local `fileUrl` works |
/// | `CATALOG_S3_ENDPOINT` | unset | S3/R2 endpoint; set → SigV4 presigned URLs, else local storage |
/// | `CATALOG_S3_BUCKET`, `CATALOG_S3_ACCESS_KEY_ID`, `CATALOG_S3_SECRET_ACCESS_KEY` (secret) | | required with it |
/// | `CATALOG_S3_REGION` | `auto` | signing region (`auto` for R2) |
/// | `CATALOG_S3_ADDRESSING_STYLE` | `path` | `path` or `virtual` |
/// | `CATALOG_S3_PUBLIC_BASE_URL` | endpoint URL | public base of `fileUrl` (`<base>/<key>`) |
/// | `CATALOG_UPLOAD_DIR` | `.data/uploads` | local storage root |
/// | `CATALOG_PUBLIC_URL` | `http://localhost:8080` | public base (the gateway) of local URLs |
/// | `CATALOG_UPLOAD_SIGNING_KEY` (secret) | `PAYLINKS_INTERNAL_KEY` | local URL signing secret |
///
/// A presigned S3 `PUT` cannot carry a size limit (only POST policies can), so with S3 the limit is
/// documented to the client but only enforced by the bucket's own rules.
struct UploadSettings: Sendable {
    enum Backend: Sendable {
        case s3(S3Presigner, publicBaseURL: String?)
        case local(LocalObjectStore, signer: LocalURLSigner, publicURL: String)
    }

    var backend: Backend
    var maxBytes: Int
    var uploadTTL: Int64
    var downloadTTL: Int64

    init(environment: ServiceEnvironment) throws {
        let reader = environment.reader.scoped("CATALOG")
        maxBytes = try reader.int("UPLOAD_MAX_BYTES", default: 25 << 20, range: 1...(1 << 30))
        uploadTTL = max(1, try reader.duration("UPLOAD_URL_TTL", default: .seconds(900)).components.seconds)
        downloadTTL = max(
            1,
            try reader.duration("UPLOAD_DOWNLOAD_TTL", default: .seconds(365 * 86_400)).components.seconds
        )
        if let endpoint = reader.optionalString("S3_ENDPOINT") {
            let s3 = reader.scoped("S3")
            let styleText = s3.string("ADDRESSING_STYLE", default: "path")
            guard let style = S3Configuration.AddressingStyle(rawValue: styleText) else {
                throw ConfigError(key: s3.fullKey("ADDRESSING_STYLE"), problem: "must be path or virtual")
            }
            guard
                let configuration = S3Configuration(
                    endpoint: endpoint,
                    bucket: try s3.requiredString("BUCKET"),
                    region: s3.string("REGION", default: "auto"),
                    accessKeyID: try s3.requiredString("ACCESS_KEY_ID"),
                    secretAccessKey: try s3.requiredString("SECRET_ACCESS_KEY", secret: true),
                    addressingStyle: style
                )
            else {
                throw ConfigError(key: reader.fullKey("S3_ENDPOINT"), problem: "must be an http(s)://host[:port] URL")
            }
            let base = s3.optionalString("PUBLIC_BASE_URL").map { Self.trimmingSlashes($0) }
            backend = .s3(S3Presigner(configuration: configuration), publicBaseURL: base)
        } else {
            let secret =
                reader.optionalString("UPLOAD_SIGNING_KEY", secret: true)
                ?? environment.reader.optionalString("PAYLINKS_INTERNAL_KEY", secret: true)
            let signer: LocalURLSigner
            if let secret {
                signer = LocalURLSigner(secret: Array(secret.utf8))
            } else {
                environment.logger.warning(
                    "no CATALOG_UPLOAD_SIGNING_KEY or PAYLINKS_INTERNAL_KEY: local upload URLs use a random key"
                        + " and stop working at restart"
                )
                signer = LocalURLSigner(secret: SecureRandom.bytes(count: 32))
            }
            backend = .local(
                LocalObjectStore(directory: reader.string("UPLOAD_DIR", default: ".data/uploads")),
                signer: signer,
                publicURL: Self.trimmingSlashes(reader.string("PUBLIC_URL", default: "http://localhost:8080"))
            )
        }
    }

    private static func trimmingSlashes(_ text: String) -> String {
        var text = text
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

import CatalogService
import Foundation
import LogKit
import ObjectStorage
import ServiceIdentity
import TestSupport
import Testing

@Suite(.enabled(if: PostgresTestEnvironment.isEnabled, "needs PostgreSQL: scripts/with-postgres.sh swift test"))
struct UploadRoutesTests {
    private static let sellerID = "01937a7e-0000-7000-8000-0000000000bb"
    private static let seller = CallerIdentity(userID: sellerID, role: .user)
    private static let signingKey = "upload-test-signing-key-0123456789abcdef"
    private static let publicURL = "http://gateway.test"

    private func withCatalog(
        settings extra: [String: String] = [:],
        _ body: (LiveService, URL) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("uploads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = [
            "CATALOG_UPLOAD_DIR": directory.path,
            "CATALOG_UPLOAD_SIGNING_KEY": Self.signingKey,
            "CATALOG_UPLOAD_MAX_BYTES": "1000",
            "CATALOG_PUBLIC_URL": Self.publicURL + "/",
        ]
        settings.merge(extra) { $1 }
        try await LiveService.withService(
            name: "catalog",
            database: true,
            settings: settings,
            logger: .init(label: "t", level: .error),
            build: CatalogService.make
        ) { try await body($0, directory) }
    }

    private func presign(
        _ catalog: LiveService,
        _ json: String,
        as identity: CallerIdentity? = seller
    )
        async throws -> HTTPTestResponse
    {
        try await catalog.request(
            "POST",
            "/api/v1/uploads/presign",
            as: identity,
            headers: [("Content-Type", "application/json")],
            body: Array(json.utf8)
        )
    }

    private func object(_ response: HTTPTestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    /// The path and query of a local URL (what the gateway would forward).
    private func target(_ url: String) throws -> String {
        try #require(url.hasPrefix(Self.publicURL + "/api/v1/uploads/local/uploads/"), "\(url)")
        return String(url.dropFirst(Self.publicURL.count))
    }

    static let badBodies: [(body: String, status: Int, mentions: String)] = [
        (#"{"contentType":"image/png"}"#, 400, "filename"),
        (#"{"filename":"","contentType":"image/png"}"#, 400, "filename"),
        (#"{"filename":"   ","contentType":"image/png"}"#, 400, "filename"),
        (#"{"filename":123,"contentType":"image/png"}"#, 400, "filename"),
        (#"{"filename":"a\u0000b.png","contentType":"image/png"}"#, 400, "filename"),
        ("{\"filename\":\"\(String(repeating: "a", count: 256))\",\"contentType\":\"image/png\"}", 400, "filename"),
        (#"{"filename":"a.png"}"#, 400, "contentType"),
        (#"{"filename":"a.png","contentType":""}"#, 400, "contentType"),
        (#"{"filename":"a.png","contentType":42}"#, 400, "contentType"),
        (#"{"filename":"a.html","contentType":"text/html"}"#, 400, "contentType"),
        (#"{"filename":"a.svg","contentType":"image/svg+xml"}"#, 400, "contentType"),
        (#"{"filename":"a.exe","contentType":"application/x-msdownload"}"#, 400, "contentType"),
        (#"{"filename":"a.js","contentType":"application/javascript"}"#, 400, "contentType"),
        ("not json", 400, "JSON"),
        ("[]", 400, "object"),
    ]

    @Test func presignValidationTable() async throws {
        try await withCatalog { catalog, _ in
            for (body, status, mentions) in Self.badBodies {
                let response = try await presign(catalog, body)
                #expect(response.status == status, "\(body): \(response.bodyText)")
                #expect(response.bodyText.contains(mentions), "\(body): \(response.bodyText)")
                #expect(response.bodyText.contains("\"code\""), "\(body)")
            }
            let good = #"{"filename":"a.png","contentType":"image/png"}"#
            #expect(try await presign(catalog, good, as: .anonymous).status == 401)
            #expect(try await presign(catalog, good, as: nil).status == 401)
            #expect(try await presign(catalog, good, as: CallerIdentity(userID: "auth", role: .service)).status == 401)
        }
    }

    @Test func localUploadAndDownloadRoundTrip() async throws {
        try await withCatalog { catalog, directory in
            let response = try await presign(
                catalog,
                #"{"filename":"../../My Photo ț.PNG","contentType":"Image/PNG; charset=binary"}"#
            )
            #expect(response.status == 200, "\(response.bodyText)")
            let answer = try object(response)
            let uploadURL = try #require(answer["uploadUrl"] as? String)
            let fileURL = try #require(answer["fileUrl"] as? String)
            let key = try #require(answer["key"] as? String)
            #expect(key.hasPrefix("uploads/\(Self.sellerID)/"))
            #expect(key.hasSuffix("/My-Photo-t.PNG"))
            #expect(uploadURL.contains("ct=image%2Fpng") && uploadURL.contains("max=1000"))

            let content = Array("\u{89}PNG fake image \(UUID().uuidString)".utf8)
            let put = try await catalog.request(
                "PUT",
                try target(uploadURL),
                as: .anonymous,
                headers: [("Content-Type", "image/png")],
                body: content
            )
            #expect(put.status == 200, "\(put.bodyText)")
            let stored = try Data(contentsOf: directory.appendingPathComponent(key))
            #expect([UInt8](stored) == content)

            let get = try await catalog.request("GET", try target(fileURL), as: .anonymous)
            #expect(get.status == 200)
            #expect(get.body == content)
            #expect(get.header("Content-Type") == "image/png")
            #expect(get.header("X-Content-Type-Options") == "nosniff")

            // The upload URL does not download, the download URL does not upload.
            #expect(try await catalog.request("GET", try target(uploadURL), as: .anonymous).status == 403)
            let putWithFileURL = try await catalog.request(
                "PUT",
                try target(fileURL),
                as: .anonymous,
                headers: [("Content-Type", "image/png")],
                body: content
            )
            #expect(putWithFileURL.status == 403)
        }
    }

    @Test func refusesTamperedExpiredWrongTypeAndOversized() async throws {
        try await withCatalog { catalog, directory in
            let response = try await presign(catalog, #"{"filename":"doc.pdf","contentType":"application/pdf"}"#)
            let answer = try object(response)
            let upload = try target(try #require(answer["uploadUrl"] as? String))
            let key = try #require(answer["key"] as? String)
            let pdf = [("Content-Type", "application/pdf")]

            func put(
                _ target: String,
                headers: [(String, String)] = pdf,
                body: [UInt8] = Array("%PDF-1.7".utf8)
            )
                async throws -> HTTPTestResponse
            {
                try await catalog.request("PUT", target, as: .anonymous, headers: headers, body: body)
            }

            // Tampered signature (last hex digit changed), size limit, content type, key.
            let last = upload.last == "0" ? "1" : "0"
            let tampered = try await put(String(upload.dropLast()) + last)
            #expect(tampered.status == 403)
            #expect(tampered.bodyText.contains("FORBIDDEN"))
            #expect(try await put(upload.replacingOccurrences(of: "max=1000", with: "max=99999")).status == 403)
            let retyped = upload.replacingOccurrences(of: "ct=application%2Fpdf", with: "ct=image%2Fpng")
            #expect(try await put(retyped, headers: [("Content-Type", "image/png")]).status == 403)
            #expect(try await put(upload.replacingOccurrences(of: "doc.pdf", with: "other.pdf")).status == 403)
            #expect(try await put(String(upload.prefix { $0 != "?" })).status == 403)

            // Wrong or missing Content-Type on a valid URL.
            let wrongType = try await put(upload, headers: [("Content-Type", "text/html")])
            #expect(wrongType.status == 403)
            #expect(wrongType.bodyText.contains("Content-Type"))
            #expect(try await put(upload, headers: []).status == 403)

            // Oversized: 1001 bytes against a signed limit of 1000.
            let oversized = try await put(upload, body: [UInt8](repeating: 0x41, count: 1001))
            #expect(oversized.status == 413)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(key).path))

            // Expired: correctly signed with the service's key, but in the past.
            let signer = LocalURLSigner(secret: Array(Self.signingKey.utf8))
            let past = Int64(Date().timeIntervalSince1970) - 10
            let sig = signer.signature(
                method: "PUT",
                key: key,
                expires: past,
                contentType: "application/pdf",
                maxBytes: 1000
            )
            let expired = try await put(
                "/api/v1/uploads/local/\(key)?expires=\(past)&ct=application%2Fpdf&max=1000&sig=\(sig)"
            )
            #expect(expired.status == 403)
            #expect(expired.bodyText.contains("expired"))

            // Path traversal: even a correctly signed traversal key is refused, nothing is written outside.
            for evil in [
                "uploads/../../escape.pdf", "uploads/%2e%2e/%2e%2e/escape.pdf", "uploads/.hidden", "etc/passwd",
            ] {
                let future = past + 3600
                let evilSig = signer.signature(
                    method: "PUT",
                    key: evil,
                    expires: future,
                    contentType: "application/pdf",
                    maxBytes: 1000
                )
                let target =
                    "/api/v1/uploads/local/\(evil)?expires=\(future)&ct=application%2Fpdf&max=1000&sig=\(evilSig)"
                let status = try await put(target).status
                #expect(status == 403 || status == 404, "\(evil): \(status)")
            }
            #expect(
                !FileManager.default.fileExists(
                    atPath: directory.deletingLastPathComponent().appendingPathComponent("escape.pdf").path
                )
            )

            // The untouched URL still works afterwards.
            #expect(try await put(upload).status == 200)
        }
    }

    @Test func presignsSigV4WhenS3IsConfigured() async throws {
        let s3 = [
            "CATALOG_S3_ENDPOINT": "https://acct.r2.cloudflarestorage.com",
            "CATALOG_S3_BUCKET": "paylinks-files",
            "CATALOG_S3_REGION": "auto",
            "CATALOG_S3_ACCESS_KEY_ID": "AKIDTEST",
            "CATALOG_S3_SECRET_ACCESS_KEY": "secret-test",
            "CATALOG_S3_PUBLIC_BASE_URL": "https://files.paylinks.test/",
        ]
        try await withCatalog(settings: s3) { catalog, _ in
            let response = try await presign(catalog, #"{"filename":"product.pdf","contentType":"application/pdf"}"#)
            #expect(response.status == 200, "\(response.bodyText)")
            let answer = try object(response)
            let key = try #require(answer["key"] as? String)
            let uploadURL = try #require(answer["uploadUrl"] as? String)
            #expect(uploadURL.hasPrefix("https://acct.r2.cloudflarestorage.com/paylinks-files/\(key)?"))
            #expect(uploadURL.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"))
            #expect(uploadURL.contains("%2Fauto%2Fs3%2Faws4_request"))
            #expect(uploadURL.contains("X-Amz-SignedHeaders=content-type%3Bhost"))
            #expect(uploadURL.contains("X-Amz-Expires=900"))
            #expect(!uploadURL.contains("secret-test"))
            #expect(answer["fileUrl"] as? String == "https://files.paylinks.test/\(key)")
            // No local storage routes in S3 mode.
            let local = try await catalog.request("GET", "/api/v1/uploads/local/\(key)?sig=x", as: .anonymous)
            #expect(local.status == 404 || local.status == 405)
        }
    }
}

import Foundation
import TestSupport
import Testing

extension PlatformTests {
    /// Uploads without a cloud account: presign through the gateway, PUT the bytes to the signed local URL (no
    /// bearer token — the signature is the credential), read them back, and see tampered URLs refused.
    @Suite struct UploadTests {
        @Test func aPresignedLocalUploadRoundTripsThroughTheGateway() async throws {
            let platform = try await SharedPlatform.shared.running()
            let client = EdgeClient(port: platform.ports.gateway)
            let account = try await APIAccount.signUp(
                email: "uploads-\(UUID().uuidString.prefix(8).lowercased())@paylinks.test",
                client: client
            )
            let presigned = try await client.send(
                "POST",
                "/api/v1/uploads/presign",
                json: ["filename": "Ghid complet.pdf", "contentType": "application/pdf"],
                token: account.token
            )
            #expect(presigned.status == 200, "\(presigned.bodyText)")
            let body = EdgeClient.object(presigned)
            let upload = try #require((body["uploadUrl"] as? String).flatMap(URLComponents.init(string:)))
            let file = try #require((body["fileUrl"] as? String).flatMap(URLComponents.init(string:)))
            #expect(upload.port == platform.ports.gateway, "the launcher gives catalog the gateway's origin")
            #expect(upload.path.hasPrefix("/api/v1/uploads/local/uploads/\(account.userID)/"), "\(upload)")
            func target(_ url: URLComponents) -> String {
                url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
            }

            let bytes = Array("%PDF-1.4 paylinks e2e ".utf8) + (0..<50_000).map { UInt8(truncatingIfNeeded: $0) }
            let stored = try await HTTPTestClient.exchange(
                port: platform.ports.gateway,
                "PUT",
                target(upload),
                headers: [("Content-Type", "application/pdf"), ("Connection", "close")],
                body: bytes
            )
            #expect([200, 201, 204].contains(stored.status), "\(stored.status) \(stored.bodyText)")

            let fetched = try await PlatformHTTP.get(platform.ports.gateway, target(file))
            #expect(fetched.status == 200, "\(fetched.bodyText.prefix(200))")
            #expect(fetched.body == bytes, "the bytes come back unchanged")

            var tampered = file
            tampered.percentEncodedQuery = (file.percentEncodedQuery ?? "").replacingOccurrences(
                of: "sig=",
                with: "sig=0"
            )
            let refused = try await PlatformHTTP.get(platform.ports.gateway, target(tampered))
            #expect([401, 403].contains(refused.status), "\(refused.status) \(refused.bodyText)")
            #expect(PlatformHTTP.errorCode(refused) != nil)

            let anonymous = try await client.send(
                "POST",
                "/api/v1/uploads/presign",
                json: ["filename": "a.pdf", "contentType": "application/pdf"]
            )
            #expect(anonymous.status == 401, "\(anonymous.bodyText)")
        }
    }
}

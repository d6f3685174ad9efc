import Cryptography
import Foundation
import HTTPCore
import HTTPRouter
import ObjectStorage
import ServiceIdentity
import ServiceRuntime

/// `POST /uploads/presign` and the local storage's signed upload/download routes.
///
/// With S3/R2 configured the presign answer is a SigV4 presigned `PUT` (see ``S3Presigner``). Without, files
/// live on local disk and the platform serves them: `PUT /uploads/local/<key>?expires&ct&max&sig` stores a
/// body (at most `max` bytes, with exactly the signed `Content-Type`), `GET /uploads/local/<key>?expires&ct&sig`
/// serves it. Both are public at the gateway (a presigned URL carries no token); the signature is the
/// credential. Bad, tampered or expired signatures are 403 `FORBIDDEN`.
enum UploadRoutes {
    /// The content types a seller may upload (images, documents, archives, audio/video).
    static let allowedContentTypes: Set<String> = [
        "image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf", "application/zip",
        "application/epub+zip", "audio/mpeg", "audio/mp4", "video/mp4", "text/plain", "text/csv",
    ]

    static func register(
        on api: RouterGroup<ServiceRequestContext>,
        router: Router<ServiceRequestContext>,
        environment: ServiceEnvironment
    ) throws {
        let settings = try UploadSettings(environment: environment)
        api.post("/uploads/presign") { request, context in
            let seller = try PayLinkRoutes.seller(context)
            let body = try request.decode(as: PresignRequest.self)
            let (filename, contentType) = try body.validated()
            let key = "uploads/\(seller)/\(UUIDv7.make())/\(ObjectKey.sanitizedFileName(filename))"
            let now = Int64(Date().timeIntervalSince1970)
            let answer = presign(key: key, contentType: contentType, settings: settings, now: now)
            return EditedResponse(json: answer)
        }
        guard case .local(let store, let signer, _) = settings.backend else { return }
        let limit = RouteOptions(maxBodyBytes: settings.maxBytes)
        api.put("/uploads/local/**", options: limit) { request, context in
            let key = try signedKey(context)
            let expires = try query(request, "expires", as: Int64.self)
            let contentType = try query(request, "ct", as: String.self)
            let maxBytes = try query(request, "max", as: Int.self)
            try verify(
                signer,
                signature: request.query["sig"],
                method: "PUT",
                key: key,
                expires: expires,
                contentType: contentType,
                maxBytes: maxBytes
            )
            guard let sent = request.headers["Content-Type"], mediaType(sent) == contentType else {
                throw HTTPError(
                    .forbidden,
                    code: .forbidden,
                    message: "Content-Type must be \(contentType), as signed"
                )
            }
            guard request.body.count <= maxBytes else {
                throw HTTPError(.contentTooLarge, code: .contentTooLarge, message: "file exceeds \(maxBytes) bytes")
            }
            try await store.write(request.body, key: key)
            return EditedResponse(json: UploadedObject(key: key, size: request.body.count))
        }
        api.get("/uploads/local/**") { request, context in
            let key = try signedKey(context)
            let expires = try query(request, "expires", as: Int64.self)
            let contentType = try query(request, "ct", as: String.self)
            try verify(
                signer,
                signature: request.query["sig"],
                method: "GET",
                key: key,
                expires: expires,
                contentType: contentType,
                maxBytes: 0
            )
            guard let bytes = try await store.read(key: key) else {
                throw HTTPError(.notFound, code: .notFound, message: "File not found")
            }
            var headers: HTTPFields = [
                "Content-Type": contentType,
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, max-age=3600",
            ]
            if !contentType.hasPrefix("image/") { headers.add("Content-Disposition", "attachment") }
            return HTTPResponse(status: .ok, headers: headers, bytes: bytes)
        }
    }

    /// The presign answer for `key`.
    static func presign(key: String, contentType: String, settings: UploadSettings, now: Int64) -> PresignResponse {
        switch settings.backend {
        case .s3(let presigner, let publicBaseURL):
            let uploadURL = presigner.presignedPut(
                key: key,
                contentType: contentType,
                expiresIn: Int(min(settings.uploadTTL, 604_800)),
                unixSeconds: now
            )
            let fileURL =
                publicBaseURL.map { "\($0)/\(SigV4.uriEncode(key, keepSlash: true))" } ?? presigner.objectURL(key: key)
            return PresignResponse(uploadUrl: uploadURL, fileUrl: fileURL, key: key, maxBytes: settings.maxBytes)
        case .local(_, let signer, let publicURL):
            let base = "\(publicURL)/api/v1/uploads/local/\(key)"
            let type = SigV4.uriEncode(contentType, keepSlash: false)
            let uploadExpires = now + settings.uploadTTL
            let uploadSignature = signer.signature(
                method: "PUT",
                key: key,
                expires: uploadExpires,
                contentType: contentType,
                maxBytes: settings.maxBytes
            )
            let downloadExpires = now + settings.downloadTTL
            let downloadSignature = signer.signature(
                method: "GET",
                key: key,
                expires: downloadExpires,
                contentType: contentType,
                maxBytes: 0
            )
            return PresignResponse(
                uploadUrl:
                    "\(base)?expires=\(uploadExpires)&ct=\(type)&max=\(settings.maxBytes)&sig=\(uploadSignature)",
                fileUrl: "\(base)?expires=\(downloadExpires)&ct=\(type)&sig=\(downloadSignature)",
                key: key,
                maxBytes: settings.maxBytes
            )
        }
    }

    private static func refused(_ message: String) -> HTTPError {
        HTTPError(.forbidden, code: .forbidden, message: message)
    }

    /// The object key of a local URL; only keys this service could have signed pass.
    private static func signedKey(_ context: ServiceRequestContext) throws -> String {
        guard let key = context.parameters.catchAll, key.hasPrefix("uploads/"), ObjectKey.isValid(key) else {
            throw refused("Invalid or expired signed URL")
        }
        return key
    }

    private static func query<T: LosslessStringConvertible>(
        _ request: Request,
        _ name: String,
        as type: T.Type
    )
        throws -> T
    {
        guard let text = request.query[name], let value = T(text) else {
            throw refused("Invalid or expired signed URL")
        }
        return value
    }

    private static func verify(
        _ signer: LocalURLSigner,
        signature: String?,
        method: String,
        key: String,
        expires: Int64,
        contentType: String,
        maxBytes: Int
    ) throws {
        do {
            try signer.verify(
                signature: signature ?? "",
                method: method,
                key: key,
                expires: expires,
                contentType: contentType,
                maxBytes: maxBytes,
                now: Int64(Date().timeIntervalSince1970)
            )
        } catch .expired {
            throw refused("Signed URL expired")
        } catch {
            throw refused("Invalid or expired signed URL")
        }
    }

    /// The media type of a `Content-Type` value, lower-cased, without parameters.
    static func mediaType(_ value: String) -> String {
        (value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// `POST /uploads/presign`'s body.
struct PresignRequest: Decodable {
    var filename: String?
    var contentType: String?

    /// The trimmed file name and the normalised, allowed content type.
    ///
    /// - Throws: a 400 naming the field.
    func validated() throws -> (filename: String, contentType: String) {
        let name = (filename ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw HTTPError.validation("filename is required") }
        guard name.utf8.count <= 255 else { throw HTTPError.validation("filename must be at most 255 bytes") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HTTPError.validation("filename must not contain control characters")
        }
        guard let contentType, !contentType.isEmpty else { throw HTTPError.validation("contentType is required") }
        let type = UploadRoutes.mediaType(contentType)
        guard UploadRoutes.allowedContentTypes.contains(type) else {
            throw HTTPError.validation(
                "contentType must be one of " + UploadRoutes.allowedContentTypes.sorted().joined(separator: ", ")
            )
        }
        return (name, type)
    }
}

/// `POST /uploads/presign`'s answer. With S3 the uploader must send exactly the signed `Content-Type`.
struct PresignResponse: Codable, Sendable {
    var uploadUrl: String
    var fileUrl: String
    var key: String
    var maxBytes: Int
}

/// The answer to a local upload.
struct UploadedObject: Codable, Sendable {
    var key: String
    var size: Int
}

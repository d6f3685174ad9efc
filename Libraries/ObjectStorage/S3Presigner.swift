/// Where and how to reach an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, moto).
package struct S3Configuration: Sendable, Hashable {
    /// How the bucket appears in URLs.
    package enum AddressingStyle: String, Sendable, Hashable {
        /// `https://endpoint/bucket/key` (R2, MinIO, moto, any custom endpoint).
        case path
        /// `https://bucket.endpoint/key` (AWS's default).
        case virtualHosted = "virtual"
    }

    /// `http` or `https`.
    package var scheme: String
    /// The endpoint's host, with `:port` when it is not the scheme's default.
    package var host: String
    /// The bucket.
    package var bucket: String
    /// The signing region (`auto` for R2).
    package var region: String
    /// The access key id.
    package var accessKeyID: String
    /// The secret access key (never logged).
    package var secretAccessKey: String
    /// Path-style or virtual-hosted URLs.
    package var addressingStyle: AddressingStyle

    /// Creates a configuration from an endpoint URL such as `https://acct.r2.cloudflarestorage.com` or
    /// `http://127.0.0.1:9000` (any path on it is ignored).
    ///
    /// - Returns: `nil` when the endpoint is not an `http(s)://host[:port]` URL or the bucket is empty.
    package init?(
        endpoint: String,
        bucket: String,
        region: String,
        accessKeyID: String,
        secretAccessKey: String,
        addressingStyle: AddressingStyle = .path
    ) {
        let scheme: String
        let rest: Substring
        if endpoint.hasPrefix("https://") {
            scheme = "https"
            rest = endpoint.dropFirst("https://".count)
        } else if endpoint.hasPrefix("http://") {
            scheme = "http"
            rest = endpoint.dropFirst("http://".count)
        } else {
            return nil
        }
        var host = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }).lowercased()
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        guard !host.isEmpty, !host.contains("@"), !bucket.isEmpty, !region.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        self.bucket = bucket
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.addressingStyle = addressingStyle
    }
}

/// AWS SigV4 query-string presigning for S3 (`X-Amz-Algorithm=AWS4-HMAC-SHA256`), producing the same URLs
/// as boto3's `generate_presigned_url` for the same credentials, time and request: the key is URI-encoded
/// keeping `/`, the payload is `UNSIGNED-PAYLOAD`, and the signed headers are `host` plus `content-type`
/// when a content type is given (the uploader must then send exactly that `Content-Type`).
///
/// A presigned `PUT` cannot limit the body size (only POST policies can); enforce sizes after the upload.
package struct S3Presigner: Sendable {
    /// The bucket and credentials.
    package let configuration: S3Configuration

    /// Creates a presigner.
    package init(configuration: S3Configuration) { self.configuration = configuration }

    /// The host the request goes to (the bucket prepended for virtual-hosted addressing).
    package var requestHost: String {
        switch configuration.addressingStyle {
        case .path: configuration.host
        case .virtualHosted: "\(configuration.bucket).\(configuration.host)"
        }
    }

    /// The encoded path of `key` (`/bucket/key` or `/key`).
    package func canonicalURI(key: String) -> String {
        let encodedKey = SigV4.uriEncode(key, keepSlash: true)
        switch configuration.addressingStyle {
        case .path: return "/\(SigV4.uriEncode(configuration.bucket, keepSlash: false))/\(encodedKey)"
        case .virtualHosted: return "/\(encodedKey)"
        }
    }

    /// The unsigned URL of `key` (what a public bucket or a CDN in front of it would serve).
    package func objectURL(key: String) -> String {
        "\(configuration.scheme)://\(requestHost)\(canonicalURI(key: key))"
    }

    /// A presigned `PUT` for `key`, valid `expiresIn` seconds (1...604800) from `unixSeconds`.
    package func presignedPut(key: String, contentType: String?, expiresIn: Int, unixSeconds: Int64) -> String {
        presign(method: "PUT", key: key, contentType: contentType, expiresIn: expiresIn, unixSeconds: unixSeconds)
    }

    /// A presigned `GET` for `key`, valid `expiresIn` seconds (1...604800) from `unixSeconds`.
    package func presignedGet(key: String, expiresIn: Int, unixSeconds: Int64) -> String {
        presign(method: "GET", key: key, contentType: nil, expiresIn: expiresIn, unixSeconds: unixSeconds)
    }

    /// A presigned URL for `method` on `key`.
    package func presign(
        method: String,
        key: String,
        contentType: String?,
        expiresIn: Int,
        unixSeconds: Int64
    ) -> String {
        let date = AMZDate(unixSeconds: unixSeconds)
        let scope = SigV4.scope(date: date, region: configuration.region, service: "s3")
        var headers: [(name: String, value: String)] = [("host", requestHost)]
        if let contentType { headers.append(("content-type", contentType)) }
        let signedHeaders = headers.map { $0.name }.sorted().joined(separator: ";")
        // boto3's order in the URL; the canonical query sorts them.
        let parameters: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", SigV4.algorithm),
            ("X-Amz-Credential", "\(configuration.accessKeyID)/\(scope)"),
            ("X-Amz-Date", date.timestamp),
            ("X-Amz-Expires", String(min(max(expiresIn, 1), 604_800))),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        let uri = canonicalURI(key: key)
        let (canonicalRequest, _) = SigV4.canonicalRequest(
            method: method,
            canonicalURI: uri,
            canonicalQuery: SigV4.canonicalQuery(parameters),
            headers: headers,
            payloadHash: "UNSIGNED-PAYLOAD"
        )
        let stringToSign = SigV4.stringToSign(canonicalRequest: canonicalRequest, date: date, scope: scope)
        let key = SigV4.signingKey(
            secret: configuration.secretAccessKey,
            date: date,
            region: configuration.region,
            service: "s3"
        )
        let signature = SigV4.signature(stringToSign: stringToSign, signingKey: key)
        let query = parameters.map { "\($0.name)=\(SigV4.uriEncode($0.value, keepSlash: false))" }
            .joined(separator: "&")
        return "\(configuration.scheme)://\(requestHost)\(uri)?\(query)&X-Amz-Signature=\(signature)"
    }
}

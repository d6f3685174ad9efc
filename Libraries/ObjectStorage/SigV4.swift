import Cryptography

/// The pieces of AWS Signature Version 4 (the `AWS4-HMAC-SHA256` algorithm), exactly as AWS specifies them:
/// URI encoding, the canonical query string, the canonical request, the string to sign and the derived
/// signing key. ``S3Presigner`` builds query-string presigned URLs from them.
package enum SigV4 {
    /// The algorithm name.
    package static let algorithm = "AWS4-HMAC-SHA256"

    /// AWS's URI encoding: every byte of the UTF-8 text except `A-Z a-z 0-9 - _ . ~` becomes `%XY` (upper
    /// case hex); `/` is kept when `keepSlash` is set (object key paths), encoded otherwise (query values).
    package static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical query string: each name and value URI-encoded, sorted by encoded name then value, joined
    /// with `&`.
    package static func canonicalQuery(_ parameters: [(name: String, value: String)]) -> String {
        parameters
            .map { (uriEncode($0.name, keepSlash: false), uriEncode($0.value, keepSlash: false)) }
            .sorted {
                $0.0 == $1.0
                    ? Array($0.1.utf8).lexicographicallyPrecedes(Array($1.1.utf8))
                    : Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8))
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The canonical request. `headers` are lower-cased, value-trimmed and sorted here; `canonicalURI` and
    /// `canonicalQuery` must already be encoded.
    package static func canonicalRequest(
        method: String,
        canonicalURI: String,
        canonicalQuery: String,
        headers: [(name: String, value: String)],
        payloadHash: String
    ) -> (request: String, signedHeaders: String) {
        let normalised = headers.map { header in
            (
                header.name.lowercased(),
                header.value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            )
        }
        .sorted { $0.0 < $1.0 }
        let canonicalHeaders = normalised.map { "\($0.0):\($0.1)\n" }.joined()
        let signedHeaders = normalised.map(\.0).joined(separator: ";")
        let request = [method, canonicalURI, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash]
            .joined(separator: "\n")
        return (request, signedHeaders)
    }

    /// The credential scope `YYYYMMDD/region/service/aws4_request`.
    package static func scope(date: AMZDate, region: String, service: String) -> String {
        "\(date.day)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign for a canonical request.
    package static func stringToSign(canonicalRequest: String, date: AMZDate, scope: String) -> String {
        [algorithm, date.timestamp, scope, Hex.encode(SHA256.hash(Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// The derived signing key: HMAC chain over the day, region, service and `aws4_request`.
    package static func signingKey(secret: String, date: AMZDate, region: String, service: String) -> [UInt8] {
        let day = HMAC.sha256(key: Array("AWS4\(secret)".utf8), data: Array(date.day.utf8))
        let regional = HMAC.sha256(key: day, data: Array(region.utf8))
        let serviced = HMAC.sha256(key: regional, data: Array(service.utf8))
        return HMAC.sha256(key: serviced, data: Array("aws4_request".utf8))
    }

    /// The lowercase hex signature of `stringToSign`.
    package static func signature(stringToSign: String, signingKey: [UInt8]) -> String {
        Hex.encode(HMAC.sha256(key: signingKey, data: Array(stringToSign.utf8)))
    }
}

/// A UTC instant in SigV4's two spellings: `YYYYMMDD` and `YYYYMMDDTHHMMSSZ`.
package struct AMZDate: Sendable, Hashable {
    /// `YYYYMMDD`.
    package let day: String
    /// `YYYYMMDDTHHMMSSZ`.
    package let timestamp: String

    /// The instant `unixSeconds` seconds after the epoch (whole seconds, as SigV4 signs them).
    package init(unixSeconds: Int64) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let seconds = unixSeconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        day = pad(year, 4) + pad(month, 2) + pad(dayOfMonth, 2)
        timestamp =
            day + "T" + pad(seconds / 3600, 2) + pad(seconds % 3600 / 60, 2) + pad(seconds % 60, 2) + "Z"
    }
}

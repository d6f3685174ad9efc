import Foundation
import LogKit

/// The project's JSON settings, shared by request decoding and response encoding.
///
/// Encoding: keys sorted, slashes not escaped, dates as ISO 8601 UTC with milliseconds
/// (`2026-02-17T10:00:00.000Z`). Decoding: dates as ISO 8601 with or without fractional seconds and with
/// `Z` or an offset. The coders are created once and are thread-safe.
package enum JSONCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
            try container.encode(ISO8601.format(milliseconds: Int64(milliseconds)))
        }
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "expected an ISO 8601 date-time such as 2026-02-17T10:00:00.000Z"
                )
            }
            return date
        }
        return decoder
    }()

    /// The JSON bytes of `value`.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded (for example a non-finite `Double`).
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// Decodes `type` from JSON bytes with the project's settings.
    ///
    /// - Throws: Foundation's `DecodingError` unchanged; ``Request/decode(as:)`` maps it to a 400 that names
    ///   the field.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decoder.decode(type, from: Data(bytes))
    }

    /// Decodes through a wrapper that reports number conversion failures with their coding path (Foundation
    /// reports `1.5` for an `Int` field as invalid JSON with an empty path). Slower; only used to explain a
    /// failure.
    static func decodeTrackingPaths<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decoder.decode(PathTrackingDecoder.Root<T>.self, from: Data(bytes)).value
    }

    private static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

import Foundation
import HTTPCore

extension Request {
    /// Decodes the body as JSON into `type`, mapping every failure to a client error.
    ///
    /// - A `Content-Type` other than `application/json` or `…+json` (parameters such as `charset` are
    ///   ignored) is 415 `UNSUPPORTED_MEDIA_TYPE`; a missing `Content-Type` is accepted.
    /// - An empty body or malformed JSON is 400 `INVALID_JSON` ("Request body is not valid JSON").
    /// - Well-formed JSON of the wrong shape is 400 `VALIDATION_ERROR` naming the field path:
    ///   `amount: expected an integer`, `customer.email is required`, `items[2].price: expected a number`.
    /// - Errors a type's own `init(from:)` throws (an ``HTTPError`` say) pass through unchanged.
    ///
    /// - Throws: ``HTTPError`` as above, or the type's own errors.
    package func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        if let contentType = headers["Content-Type"], !Self.isJSON(contentType) {
            throw HTTPError(
                .unsupportedMediaType,
                code: .unsupportedMediaType,
                message: "Content-Type must be application/json"
            )
        }
        do {
            return try JSONCoding.decode(type, from: body)
        } catch let error as DecodingError {
            throw Self.clientError(for: error, type: type, body: body)
        }
    }

    private static func clientError<T: Decodable>(for error: DecodingError, type: T.Type, body: [UInt8]) -> HTTPError {
        guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else {
            return .validation(error.fieldMessage)
        }
        // Foundation reports a number that does not fit its field as invalid JSON with no path: decode again
        // tracking paths to tell that apart from really malformed JSON.
        do {
            _ = try JSONCoding.decodeTrackingPaths(type, from: body)
        } catch let retried as DecodingError {
            if case .dataCorrupted(let context) = retried, context.codingPath.isEmpty {
                return HTTPError(.badRequest, code: .invalidJSON, message: "Request body is not valid JSON")
            }
            return .validation(retried.fieldMessage)
        } catch {
            // The type threw its own error the second time round; the first error still stands.
        }
        return HTTPError(.badRequest, code: .invalidJSON, message: "Request body is not valid JSON")
    }

    private static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIIWhitespace() } ?? ""
        let lowered = mediaType.lowercased()
        return lowered == "application/json" || (lowered.hasPrefix("application/") && lowered.hasSuffix("+json"))
    }
}

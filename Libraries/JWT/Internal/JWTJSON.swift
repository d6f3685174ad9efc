import Foundation

/// JSON decoding of header and payload with the error mapping verification promises.
enum JWTJSON {
    /// One decoder for every call: `JSONDecoder` is `Sendable` and `decode` keeps no state between calls.
    private static let decoder = JSONDecoder()

    /// Which part of the token is being decoded; decides how decoding errors map to codes.
    enum Part: String {
        case header
        case payload
    }

    /// Decodes `bytes`, which must hold a JSON object.
    ///
    /// Header failures are all `malformed`. Payload failures are `malformed` when the JSON itself is bad, or
    /// `missingClaim` / `invalidClaim` with the coding path when a member is absent or unusable.
    static func decodeObject<Value: Decodable>(
        _ type: Value.Type,
        from bytes: [UInt8],
        part: Part
    ) throws(JWTError) -> Value {
        let firstSignificant = bytes.first { !isWhitespace($0) }
        guard firstSignificant == UInt8(ascii: "{") else {
            throw JWTError(.malformed, reason: "\(part.rawValue) is not a JSON object")
        }
        do {
            return try decoder.decode(Value.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw map(error, part: part)
        } catch {
            throw JWTError(.malformed, reason: "\(part.rawValue) is not valid JSON", underlying: error)
        }
    }

    private static func map(_ error: DecodingError, part: Part) -> JWTError {
        let context: DecodingError.Context
        var missingKey: (any CodingKey)?
        switch error {
        case .keyNotFound(let key, let keyContext):
            context = keyContext
            missingKey = key
        case .valueNotFound(_, let valueContext), .typeMismatch(_, let valueContext),
            .dataCorrupted(let valueContext):
            context = valueContext
        @unknown default:
            return JWTError(.malformed, reason: "\(part.rawValue) could not be decoded", underlying: error)
        }
        let path = (context.codingPath + (missingKey.map { [$0] } ?? [])).map(\.stringValue)
        guard part == .payload, !path.isEmpty else {
            return JWTError(.malformed, reason: "\(part.rawValue) could not be decoded", underlying: error)
        }
        let claim = path.joined(separator: ".")
        if missingKey != nil {
            return JWTError(.missingClaim, reason: "a required claim is missing", claim: claim, underlying: error)
        }
        return JWTError(.invalidClaim, reason: "a claim has an invalid type or value", claim: claim, underlying: error)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

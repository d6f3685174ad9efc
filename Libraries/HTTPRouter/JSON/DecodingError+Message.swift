import Foundation

extension DecodingError {
    /// A client-facing message naming the field, such as `amount: expected an integer`,
    /// `customer.email is required` or `items[2].price: expected a number`.
    ///
    /// Never includes Swift type names. A `dataCorrupted` error thrown by a custom `init(from:)` keeps its
    /// `debugDescription`, so services can phrase their own field rules (`currency: must be RON, EUR or GBP`).
    var fieldMessage: String {
        switch self {
        case .typeMismatch(let type, let context):
            return "\(Self.subject(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.subject(context.codingPath)) must be \(Self.describe(type)), not null"
        case .keyNotFound(let key, let context):
            return "\(Self.subject(context.codingPath + [key])) is required"
        case .dataCorrupted(let context):
            let description = context.debugDescription
            // Foundation's RawRepresentable failure names Swift types: replace it with a neutral phrase.
            let detail = description.hasPrefix("Cannot initialize") ? "invalid value" : description
            return "\(Self.subject(context.codingPath)): \(detail)"
        @unknown default:
            return "request body: invalid value"
        }
    }

    /// A coding path in the form `customer.email` or `items[2].price`; `request body` for the top level.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path
    }

    private static func subject(_ codingPath: [any CodingKey]) -> String {
        let path = path(codingPath)
        return path.isEmpty ? "request body" : path
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type, is Decimal.Type: "a number"
        case is String.Type, is Substring.Type, is Character.Type: "a string"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        case is Date.Type: "a date-time string"
        default: "a valid value"
        }
    }
}

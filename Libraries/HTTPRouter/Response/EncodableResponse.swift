package import HTTPCore

/// A JSON response holding any `Encodable` value: 200 and `Content-Type: application/json`.
///
/// Encoded with ``JSONCoding`` (sorted keys, unescaped slashes, dates as `2026-02-17T10:00:00.000Z`).
/// Handlers returning a plain `Encodable` get this automatically; name it to change the status:
/// `EditedResponse(status: .created, response: EncodableResponse(link))`.
package struct EncodableResponse<Value: Encodable>: ResponseGenerator {
    /// The value to encode.
    package var value: Value

    /// Wraps a value.
    package init(_ value: Value) { self.value = value }

    package func response(from request: Request, context: some RequestContext) throws -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], bytes: try JSONCoding.encode(value))
    }
}

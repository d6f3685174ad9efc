package import HTTPCore

/// A value a handler can return, turned into the response.
///
/// Built in: ``HTTPResponse`` itself, `String` (200, `text/plain; charset=utf-8`), ``HTTPStatus`` (empty
/// body), `Optional` (`nil` is 204), ``EditedResponse`` and ``EncodableResponse``. Handlers returning any
/// other `Encodable` are wrapped in ``EncodableResponse`` by the route-registration overloads, so a handler
/// can simply return a DTO or an array of them.
package protocol ResponseGenerator: SendableMetatype {
    /// The response for `request`.
    ///
    /// - Throws: an error to answer instead (an encoding failure becomes a 500).
    func response(from request: Request, context: some RequestContext) throws -> HTTPResponse
}

extension HTTPResponse: ResponseGenerator {
    package func response(from request: Request, context: some RequestContext) -> HTTPResponse { self }
}

extension String: ResponseGenerator {
    package func response(from request: Request, context: some RequestContext) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], bytes: Array(utf8))
    }
}

extension HTTPStatus: ResponseGenerator {
    package func response(from request: Request, context: some RequestContext) -> HTTPResponse {
        HTTPResponse(status: self)
    }
}

extension Optional: ResponseGenerator where Wrapped: ResponseGenerator {
    package func response(from request: Request, context: some RequestContext) throws -> HTTPResponse {
        guard let self else { return HTTPResponse(status: .noContent) }
        return try self.response(from: request, context: context)
    }
}

package import HTTPCore

/// Another generator's response with its status replaced and headers added or replaced.
///
/// ```swift
/// router.post("/paylinks") { request, context in
///     let link = try await service.create(try request.decode(as: CreatePayLink.self))
///     return EditedResponse(status: .created, headers: ["Location": "/api/v1/paylinks/\(link.id)"], json: link)
/// }
/// ```
package struct EditedResponse<Generator: ResponseGenerator>: ResponseGenerator {
    /// The status to use instead of the generator's; `nil` keeps it.
    package var status: HTTPStatus?
    /// Headers that replace same-named headers of the generated response; the others are added.
    package var headers: HTTPFields
    /// The generator producing the body.
    package var generator: Generator

    /// Wraps a generator.
    package init(status: HTTPStatus? = nil, headers: HTTPFields = [:], response generator: Generator) {
        self.status = status
        self.headers = headers
        self.generator = generator
    }

    package func response(from request: Request, context: some RequestContext) throws -> HTTPResponse {
        var response = try generator.response(from: request, context: context)
        if let status { response.status = status }
        for field in headers { response.headers.remove(field.name) }
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}

extension EditedResponse {
    /// Wraps an `Encodable` value as JSON (``EncodableResponse``), typically to answer 201 Created.
    package init<Value: Encodable>(status: HTTPStatus? = nil, headers: HTTPFields = [:], json value: Value)
    where Generator == EncodableResponse<Value> {
        self.init(status: status, headers: headers, response: EncodableResponse(value))
    }
}

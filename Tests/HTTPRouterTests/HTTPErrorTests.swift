import HTTPCore
import HTTPRouter
import Testing

@Suite struct HTTPErrorTests {
    @Test(arguments: [
        (400, "BAD_REQUEST"), (401, "UNAUTHORIZED"), (404, "NOT_FOUND"), (405, "METHOD_NOT_ALLOWED"),
        (413, "CONTENT_TOO_LARGE"), (429, "RATE_LIMITED"), (500, "INTERNAL_ERROR"), (503, "SERVICE_UNAVAILABLE"),
        (299, "HTTP_299"),
    ])
    func defaultCodesFollowTheStatus(status: Int, code: String) {
        #expect(HTTPError(HTTPStatus(code: status)).code.rawValue == code)
    }

    @Test func responseIsTheJSONErrorFormatWithHeaders() {
        let error = HTTPError(.unauthorized, message: "Token \"x\"\nexpired", headers: ["WWW-Authenticate": "Bearer"])
        let response = error.response
        #expect(response.status == .unauthorized)
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        guard case .bytes(let body) = response.body else {
            Issue.record("expected a byte body")
            return
        }
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"error":{"message":"Token \"x\"\nexpired","code":"UNAUTHORIZED"}}"#
        )
        #expect(HTTPError(.notFound).message == "Not Found")
    }
}

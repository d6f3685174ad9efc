import Foundation
import HTTPCore
import HTTPRouter
import Testing

@Suite struct RequestTests {
    struct Customer: Decodable {
        let email: String
        let name: String?
    }

    struct Item: Decodable {
        let price: Double
        let quantity: Int
    }

    struct Currency: RawRepresentable, Decodable {
        let rawValue: String
        init?(rawValue: String) {
            guard ["RON", "EUR", "GBP"].contains(rawValue) else { return nil }
            self.rawValue = rawValue
        }
    }

    struct CreatePayLink: Decodable {
        let amount: Int
        let title: String
        let active: Bool?
        let currency: Currency?
        let customer: Customer?
        let items: [Item]?
        let expiresAt: Date?
    }

    private func request(_ body: String, contentType: String? = "application/json") -> Request {
        var headers: HTTPFields = [:]
        if let contentType { headers["Content-Type"] = contentType }
        return Request(
            HTTPRequest(head: HTTPRequestHead(method: .post, target: "/", headers: headers), body: Array(body.utf8))
        )
    }

    @Test(arguments: [
        (#"{"amount": 12"#, "INVALID_JSON", "Request body is not valid JSON"),
        ("", "INVALID_JSON", "Request body is not valid JSON"),
        ("amount=5", "INVALID_JSON", "Request body is not valid JSON"),
        (#"[1, 2]"#, "VALIDATION_ERROR", "request body: expected an object"),
        (#"{"title": "Tee"}"#, "VALIDATION_ERROR", "amount is required"),
        (#"{"amount": "49.99", "title": "Tee"}"#, "VALIDATION_ERROR", "amount: expected an integer"),
        (#"{"amount": 49.99, "title": "Tee"}"#, "VALIDATION_ERROR", "amount: expected an integer"),
        (#"{"amount": 1e30, "title": "Tee"}"#, "VALIDATION_ERROR", "amount: number out of range"),
        (#"{"amount": null, "title": "Tee"}"#, "VALIDATION_ERROR", "amount must be an integer, not null"),
        (#"{"amount": 100, "title": 5}"#, "VALIDATION_ERROR", "title: expected a string"),
        (#"{"amount": 100, "title": "T", "active": "yes"}"#, "VALIDATION_ERROR", "active: expected a boolean"),
        (#"{"amount": 100, "title": "T", "customer": {}}"#, "VALIDATION_ERROR", "customer.email is required"),
        (#"{"amount": 100, "title": "T", "customer": "bob"}"#, "VALIDATION_ERROR", "customer: expected an object"),
        (
            #"{"amount": 100, "title": "T", "items": [{"price": 1, "quantity": 1}, {"price": 2, "quantity": 1}, {"price": "x", "quantity": 1}]}"#,
            "VALIDATION_ERROR", "items[2].price: expected a number"
        ),
        (
            #"{"amount": 100, "title": "T", "items": [{"price": 1, "quantity": 1.5}]}"#,
            "VALIDATION_ERROR", "items[0].quantity: expected an integer"
        ),
        (#"{"amount": 100, "title": "T", "items": {}}"#, "VALIDATION_ERROR", "items: expected an array"),
        (#"{"amount": 100, "title": "T", "currency": "USD"}"#, "VALIDATION_ERROR", "currency: invalid value"),
        (
            #"{"amount": 100, "title": "T", "expiresAt": "tomorrow"}"#,
            "VALIDATION_ERROR", "expiresAt: expected an ISO 8601 date-time such as 2026-02-17T10:00:00.000Z"
        ),
    ])
    func decodeErrorsNameTheField(body: String, code: String, message: String) throws {
        let error = try #require(throws: HTTPError.self) { try request(body).decode(as: CreatePayLink.self) }
        #expect(error.status == .badRequest)
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
    }

    @Test func decodesValidBodies() throws {
        let body = #"""
            {"amount": 4999.0, "title": "Tee", "currency": "EUR", "customer": {"email": "a@b.ro"},
             "items": [{"price": 1.5, "quantity": 2}], "expiresAt": "2026-02-17T10:00:00.250Z"}
            """#
        let decoded = try request(body).decode(as: CreatePayLink.self)
        #expect(decoded.amount == 4999)
        #expect(decoded.currency?.rawValue == "EUR")
        #expect(decoded.customer?.email == "a@b.ro")
        #expect(decoded.items?.first?.quantity == 2)
        #expect(decoded.expiresAt?.timeIntervalSince1970 == 1_771_322_400.25)
        let withoutFraction = try request(#"{"amount": 1, "title": "T", "expiresAt": "2026-02-17T12:00:00+02:00"}"#)
            .decode(as: CreatePayLink.self)
        #expect(withoutFraction.expiresAt?.timeIntervalSince1970 == 1_771_322_400)
    }

    @Test(arguments: [
        "application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json",
    ])
    func acceptsJSONContentTypes(contentType: String) throws {
        #expect(
            try request(#"{"amount": 1, "title": "T"}"#, contentType: contentType).decode(as: CreatePayLink.self).amount
                == 1
        )
    }

    @Test func acceptsAMissingContentType() throws {
        #expect(
            try request(#"{"amount": 1, "title": "T"}"#, contentType: nil).decode(as: CreatePayLink.self).amount == 1
        )
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    func rejectsOtherContentTypesWith415(contentType: String) throws {
        let error = try #require(throws: HTTPError.self) {
            try request(#"{"amount": 1, "title": "T"}"#, contentType: contentType).decode(as: CreatePayLink.self)
        }
        #expect(error.status == .unsupportedMediaType)
        #expect(error.code == .unsupportedMediaType)
    }

    @Test func errorsThrownByInitFromPassThrough() throws {
        struct Strict: Decodable {
            init(from decoder: any Decoder) throws {
                throw HTTPError.validation("amount is in minor units, e.g. 4999 for 49.99")
            }
        }
        let error = try #require(throws: HTTPError.self) { try request("{}").decode(as: Strict.self) }
        #expect(error.message == "amount is in minor units, e.g. 4999 for 49.99")
    }

    @Test func exposesMethodPathHeadersAndQuery() {
        let request = Request(
            HTTPRequest(
                head: HTTPRequestHead(
                    method: .get,
                    target: "/paylinks/a%20b?limit=5&tag=x&tag=y",
                    headers: ["X-A": "1"]
                )
            )
        )
        #expect(request.method == .get)
        #expect(request.path == "/paylinks/a%20b")
        #expect(request.headers["x-a"] == "1")
        #expect(request.query["limit"] == "5")
        #expect(request.query.values(for: "tag") == ["x", "y"])
    }
}

/// An error answered in Stripe's shape: `{"error": {"type", "code", "message", "param", …}}` with Stripe's
/// status code for its kind.
package struct StripeError: Error, Sendable {
    /// HTTP status: 400 invalid request, 401 authentication, 402 card error, 403 permission, 404 missing, 409
    /// idempotency conflict, 429, 500.
    package var status: Int
    /// `invalid_request_error`, `card_error`, `idempotency_error`, `api_error`.
    package var type: String
    /// The machine code (`resource_missing`, `parameter_missing`, `card_declined`…), if any.
    package var code: String?
    /// The human message.
    package var message: String
    /// The parameter at fault (`amount`, `transfer_data[destination]`), if any.
    package var param: String?
    /// Further members of the error object (`decline_code`, `charge`, `payment_intent`…).
    package var extra: JSONObject
    /// Whether the work done before the error is kept (a declined charge, its events): the transaction
    /// commits and the error is stored for the idempotency key, like a success.
    package var commit: Bool

    /// Creates an error.
    package init(
        status: Int,
        type: String,
        code: String? = nil,
        message: String,
        param: String? = nil,
        extra: JSONObject = JSONObject(),
        commit: Bool = false
    ) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.extra = extra
        self.commit = commit
    }

    /// A 400 `invalid_request_error`.
    package static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> StripeError {
        StripeError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// A 404 for an object that does not exist in the caller's scope: "No such customer: 'cus_…'".
    package static func resourceMissing(_ objectName: String, _ id: String, param: String = "id") -> StripeError {
        StripeError(
            status: 404,
            type: "invalid_request_error",
            code: "resource_missing",
            message: "No such \(objectName): '\(id)'",
            param: param
        )
    }

    /// `Missing required param: amount.`
    package static func missing(_ param: String) -> StripeError {
        invalidRequest("Missing required param: \(param).", param: param, code: "parameter_missing")
    }

    /// A 401 for a missing or wrong API key.
    package static func authentication(_ message: String) -> StripeError {
        StripeError(status: 401, type: "invalid_request_error", message: message)
    }

    /// Stripe's documentation page of an error `code` (`card_declined` → `…/error-codes/card-declined`).
    package static func docURL(code: String) -> String {
        "https://stripe.com/docs/error-codes/\(code.replacing("_", with: "-"))"
    }

    /// The error object as Stripe sends it.
    package var json: JSON {
        var error = JSONObject()
        if let code { error["code"] = .string(code) }
        if let code { error["doc_url"] = .string(Self.docURL(code: code)) }
        error["message"] = .string(message)
        if let param { error["param"] = .string(param) }
        for (key, value) in extra { error[key] = value }
        error["type"] = .string(type)
        return ["error": .object(error)]
    }
}

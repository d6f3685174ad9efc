package import HTTPCore
package import HTTPRouter

/// The `X-Currency` request header (DESIGN §4): `RON`, `EUR` or `GBP`, case-insensitive.
///
/// Absent, the request works in the user's default currency, else `RON`. Anything else — another code, an
/// empty value, the header twice — is a 400 `INVALID_CURRENCY` on every route, before anything is
/// forwarded. The resolved value travels to the services in the identity assertion (`cur=`) and, for
/// services that read headers, as a normalised `X-Currency` that replaces whatever the client sent.
package enum CurrencyHeader {
    /// The header name.
    package static let name = "X-Currency"
    /// The currencies PayLinks works in.
    package static let supported = ["RON", "EUR", "GBP"]
    /// The currency when neither the header nor the user says otherwise.
    package static let fallback = "RON"

    /// The error for an unusable header.
    package static let invalid = HTTPError(
        .badRequest,
        code: HTTPError.Code("INVALID_CURRENCY"),
        message: "X-Currency must be RON, EUR or GBP"
    )

    /// The currency the header asks for, `nil` when it is absent.
    ///
    /// - Throws: ``invalid``.
    package static func requested(in headers: HTTPFields) throws(HTTPError) -> String? {
        let values = headers.values(for: name)
        guard let value = values.first else { return nil }
        guard values.count == 1, let currency = canonical(value) else { throw invalid }
        return currency
    }

    /// The supported code `value` spells, in upper case (a shared constant, no allocation).
    package static func canonical(_ value: String) -> String? {
        var utf8 = value.utf8[...]
        while utf8.first == UInt8(ascii: " ") || utf8.first == UInt8(ascii: "\t") { utf8.removeFirst() }
        while utf8.last == UInt8(ascii: " ") || utf8.last == UInt8(ascii: "\t") { utf8.removeLast() }
        guard utf8.count == 3 else { return nil }
        for currency in supported
        where zip(currency.utf8, utf8).allSatisfy({ expected, byte in expected == byte & 0xDF }) {
            return currency
        }
        return nil
    }
}

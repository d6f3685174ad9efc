import GatewayService
import HTTPCore
import HTTPRouter
import Testing

@Suite struct CurrencyHeaderTests {
    @Test(arguments: [
        ("RON", "RON"), ("ron", "RON"), ("Eur", "EUR"), ("gBp", "GBP"), (" EUR ", "EUR"), ("\tgbp", "GBP"),
    ])
    func acceptsSupportedCodesInAnyCase(value: String, expected: String) throws {
        #expect(try CurrencyHeader.requested(in: HTTPFields([("X-Currency", value)])) == expected)
    }

    @Test(arguments: ["", " ", "USD", "EURO", "EU", "E U", "EUR,GBP", "RON;", "rOn1", "ŔON", "2UR"])
    func refusesAnythingElse(value: String) {
        #expect(throws: HTTPError.self) { try CurrencyHeader.requested(in: HTTPFields([("X-Currency", value)])) }
    }

    @Test func absentIsNilAndRepeatedIsRefused() throws {
        #expect(try CurrencyHeader.requested(in: HTTPFields()) == nil)
        #expect(try CurrencyHeader.requested(in: HTTPFields([("x-currency", "eur")])) == "EUR")
        do {
            _ = try CurrencyHeader.requested(in: HTTPFields([("X-Currency", "EUR"), ("X-Currency", "EUR")]))
            Issue.record("a repeated header was accepted")
        } catch {
            #expect(error.status.code == 400)
            #expect(error.code.rawValue == "INVALID_CURRENCY")
            #expect(error.message == "X-Currency must be RON, EUR or GBP")
        }
    }
}

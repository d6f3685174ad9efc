import Foundation
import StripeSandboxCore
import Testing

@Suite("Stripe sandbox: ordered JSON and object templates")
struct JSONAndTemplateTests {
    @Test("parsing keeps member order; writing escapes; a round trip is lossless")
    func roundTrip() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"y":"\u00e9\n\"q\"","x":-12.5},"big":9007199254740993,"e":"😀"}"#
        let value = try JSON.parse(text)
        #expect(value.objectValue?.memberNames == ["z", "a", "m", "big", "e"])
        #expect(value["big"]?.intValue == 9_007_199_254_740_993)
        #expect(value["m"]?["y"]?.stringValue == "é\n\"q\"")
        #expect(value["m"]?["x"] == .double(-12.5))
        #expect(try JSON.parse(value.encoded()) == value)
        #expect(try JSON.parse(value.compactText) == value)
        #expect(String(decoding: JSON.string("a\u{01}b").encoded(pretty: false), as: UTF8.self) == #""a\u0001b""#)
    }

    @Test(
        "malformed JSON is an error, never a crash",
        arguments: ["", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "[" + String(repeating: "[", count: 100)]
    )
    func malformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test("JSONObject: assigning nil stores null, removeValue removes, order is kept")
    func objectSemantics() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = nil
        object["c"] = "x"
        #expect(object.memberNames == ["a", "b", "c"])
        #expect(object["a"] == .null)
        object.removeValue(forKey: "b")
        #expect(object.memberNames == ["a", "c"])
    }

    @Test("every template has exactly the fixture's members, scalars blank, object kept")
    func templates() throws {
        #expect(Templates.types.count >= 25)
        for type in Templates.types {
            let template = Templates.make(type)
            let example = try #require(Templates.example(type)?.objectValue)
            #expect(template.memberNames == example.memberNames, "\(type)")
            #expect(template["object"] == example["object"], "\(type)")
            if template["livemode"] != nil { #expect(template["livemode"] == false) }
            if template["metadata"] != nil { #expect(template["metadata"] == .object(JSONObject())) }
            #expect(template["id"] == nil || template["id"] == .null, "\(type)")
        }
    }

    @Test("the generated Fixtures.swift holds exactly stripe-fixtures.json")
    func fixturesInSync() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tools/stripe-sandbox/fixtures/stripe-fixtures.json")
        let json = try JSON.parse(Array(try Data(contentsOf: file)))
        for type in Templates.types {
            #expect(json["resources"]?[type] == Templates.example(type), "\(type)")
        }
        #expect(json["resources"]?.objectValue?.count == Templates.types.count)
    }

    @Test("ids look like Stripe's and do not repeat")
    func ids() {
        let ids = (0..<1000).map { _ in IDs.make("pi") }
        #expect(Set(ids).count == 1000)
        #expect(
            ids.allSatisfy {
                $0.hasPrefix("pi_") && $0.count == 27 && $0.dropFirst(3).allSatisfy { $0.isLetter || $0.isNumber }
            }
        )
        let secret = IDs.secret(for: "pi_123")
        #expect(secret.hasPrefix("pi_123_secret_"))
    }

    @Test("test cards: tokens, numbers and fingerprints agree")
    func cards() throws {
        let visa = try #require(TestCards.card(token: "pm_card_visa"))
        #expect(visa.last4 == "4242" && visa.brand == "visa")
        #expect(TestCards.card(token: "tok_visa")?.number == visa.number)
        #expect(TestCards.card(number: "4242 4242 4242 4242")?.fingerprint == visa.fingerprint)
        #expect(TestCards.card(number: "4111111111111111") == nil)
        let declined = try #require(TestCards.card(token: "pm_card_chargeDeclined"))
        #expect(declined.fingerprint != visa.fingerprint)
        if case .declines(let code, let declineCode, _, let attachable) = declined.behaviour {
            #expect(code == "card_declined" && declineCode == "generic_decline" && !attachable)
        } else {
            Issue.record("pm_card_chargeDeclined must decline")
        }
        #expect(TestCards.card(token: "pm_card_createDispute")?.behaviour == .disputes(reason: "fraudulent"))
        #expect(TestCards.card(token: "pm_card_authenticationRequired")?.behaviour == .requiresAuthentication)
        #expect(Ledger.stripeFee(amount: 5000, currency: "ron") == 175)
        #expect(Ledger.stripeFee(amount: 1000, currency: "eur") == 40)
    }
}

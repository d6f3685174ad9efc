import StripeSandboxCore
import Testing

@Suite("Stripe sandbox: form decoding and parameter schemas")
struct FormAndSchemaTests {
    private func decode(_ text: String) throws(StripeError) -> [(String, FormValue)] {
        try FormDecoding.decode(Array(text.utf8))
    }

    private func stripeError(_ body: () throws -> Void) -> StripeError? {
        do {
            try body()
            return nil
        } catch let error as StripeError {
            return error
        } catch {
            return nil
        }
    }

    @Test("bracket nesting: hashes, lists, indexed lists and percent-decoding")
    func nesting() throws {
        let form = try decode(
            "amount=100&metadata%5Border_id%5D=A%2B1&metadata[note]=two+words&expand[]=a&expand[]=b"
                + "&items[0][price]=p1&items[1][price]=p2&items[1][quantity]=3&tags[][k]=1&tags[][k]=2"
        )
        #expect(form.map(\.0) == ["amount", "metadata", "expand", "items", "tags"])
        #expect(form[0].1 == .value("100"))
        #expect(form[1].1 == .map([("order_id", .value("A+1")), ("note", .value("two words"))]))
        #expect(form[2].1 == .list([.value("a"), .value("b")]))
        #expect(
            form[3].1
                == .map([
                    ("0", .map([("price", .value("p1"))])),
                    ("1", .map([("price", .value("p2")), ("quantity", .value("3"))])),
                ])
        )
        #expect(form[4].1 == .list([.map([("k", .value("1"))]), .map([("k", .value("2"))])]))
    }

    @Test(
        "malformed names and conflicting shapes are 400s naming the parameter",
        arguments: [
            ("a[b=1", "a[b"), ("a]=1", "a]"), ("[x]=1", "[x]"), ("a[b]c=1", "a[b]c"), ("a=1&a[b]=2", "a[b]"),
            ("a[b]=1&a=2", "a"), ("a[]=1&a[x]=2", "a[x]"), ("%ZZ=1", nil),
        ] as [(String, String?)]
    )
    func malformed(_ text: String, _ param: String?) {
        let error = stripeError { _ = try decode(text) }
        #expect(error?.status == 400)
        #expect(error?.type == "invalid_request_error")
        if let param { #expect(error?.param == param) }
    }

    @Test("too many pairs and too deep nesting are refused")
    func limits() {
        let many = (0...FormDecoding.maxPairs).map { "k\($0)=v" }.joined(separator: "&")
        #expect(stripeError { _ = try decode(many) }?.status == 400)
        let deep = "a" + String(repeating: "[x]", count: FormDecoding.maxDepth + 1) + "=1"
        #expect(stripeError { _ = try decode(deep) }?.param == "a")
    }

    private let schema = Schema([
        Param("amount", .integer(min: 1), required: true),
        Param("currency", .currency, required: true),
        Param("capture_method", .enumeration(["automatic", "manual"])),
        Param("confirm", .boolean),
        Param("metadata", .metadata),
        Param("transfer_data", .object([Param("destination", .string, required: true), Param("amount", .integer)])),
        Param("items", .array(.object([Param("price", .string, required: true), Param("quantity", .integer)]))),
        Param("description", .string(maxLength: 10)),
    ])

    private func validate(_ text: String) throws(StripeError) -> Params {
        try schema.validate(try decode(text))
    }

    @Test("valid parameters come out typed, in the client's order for nested objects")
    func typed() throws {
        let params = try validate(
            "amount=2500&currency=RON&confirm=true&metadata[b]=2&metadata[a]=1&transfer_data[destination]=acct_1"
                + "&items[1][price]=p2&items[0][price]=p1&items[0][quantity]=2&description=&expand[]=latest_charge"
        )
        #expect(params.int("amount") == 2500)
        #expect(params.string("currency") == "ron")
        #expect(params.bool("confirm") == true)
        #expect(params.object("transfer_data")?.string("destination") == "acct_1")
        #expect(params.objects("items")?.map { $0.string("price") } == ["p1", "p2"])
        #expect(params.objects("items")?.first?.int("quantity") == 2)
        #expect(params.isUnset("description"))
        #expect(params.string("description") == nil)
        #expect(params.strings("expand") == ["latest_charge"])
        var object: JSONObject = ["metadata": ["a": "old", "gone": "x"]]
        try Params(values: validate("amount=1&currency=eur&metadata[gone]=&metadata[new]=v").values, prefix: nil)
            .applyMetadata(to: &object)
        #expect(object["metadata"] == ["a": "old", "new": "v"])
    }

    @Test(
        "each kind of bad parameter gets Stripe's message and names the parameter",
        arguments: [
            ("currency=ron", "amount", "Missing required param: amount."),
            ("amount=abc&currency=ron", "amount", "Invalid integer: abc"),
            ("amount=0&currency=ron", "amount", "This value must be greater than or equal to 1."),
            ("amount=1&currency=xyz", "currency", nil),
            ("amount=1&currency=ron&confirm=yes", "confirm", "Invalid boolean: yes"),
            ("amount=1&currency=ron&capture_method=later", "capture_method", nil),
            ("amount=1&currency=ron&colour=red", "colour", "Received unknown parameter: colour"),
            ("amount=1&currency=ron&transfer_data[amount]=5", "transfer_data[destination]", nil),
            ("amount=1&currency=ron&transfer_data[dest]=x", "transfer_data[dest]", nil),
            ("amount=1&currency=ron&transfer_data=acct_1", "transfer_data", "Invalid object"),
            ("amount=1&currency=ron&items=x", "items", "Invalid array"),
            ("amount=1&currency=ron&items[x][price]=p", "items", "Invalid array"),
            ("amount=1&currency=ron&items[0][quantity]=1", "items[0][price]", nil),
            ("amount[x]=1&currency=ron", "amount", nil),
            ("amount=1&currency=ron&description=01234567890", "description", nil),
            ("amount=1&currency=ron&metadata=x", "metadata", "Invalid object"),
        ] as [(String, String, String?)]
    )
    func invalid(_ text: String, _ param: String, _ message: String?) {
        let error = stripeError { _ = try validate(text) }
        #expect(error?.status == 400, "\(text)")
        #expect(error?.param == param, "\(text)")
        if let message { #expect(error?.message == message) }
    }

    @Test("an over-long metadata key or too many keys are refused")
    func metadataLimits() {
        let long = String(repeating: "k", count: 41)
        #expect(
            stripeError { _ = try validate("amount=1&currency=ron&metadata[\(long)]=v") }?.param == "metadata[\(long)]"
        )
        let many = (0...50).map { "metadata[k\($0)]=v" }.joined(separator: "&")
        #expect(stripeError { _ = try validate("amount=1&currency=ron&" + many) }?.param == "metadata")
    }
}

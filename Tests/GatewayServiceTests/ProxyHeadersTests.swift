import GatewayService
import HTTPCore
import Testing

@Suite struct ProxyHeadersTests {
    @Test func requestFieldsLoseHopByHopIdentityAndForwardingFields() {
        let incoming: HTTPFields = HTTPFields([
            ("Host", "api.paylinks.ro"), ("Connection", "keep-alive, X-Secret-Hop"), ("Keep-Alive", "timeout=5"),
            ("X-Secret-Hop", "1"), ("Transfer-Encoding", "chunked"), ("Content-Length", "3"), ("TE", "trailers"),
            ("Upgrade", "websocket"), ("Authorization", "Bearer abc"), ("X-PayLinks-Identity", "forged"),
            ("x-paylinks-anything", "forged"), ("X-Request-Id", "client"), ("X-Forwarded-For", "6.6.6.6"),
            ("Forwarded", "for=6.6.6.6"), ("Content-Type", "application/json"), ("X-Currency", "EUR"),
            ("Cookie", "a=1"), ("Idempotency-Key", "k1"), ("Stripe-Signature", "t=1,v1=abc"), ("Accept", "a"),
            ("Accept", "b"),
        ])
        let forwarded = ProxyHeaders.request(incoming)
        #expect(
            forwarded.map { "\($0.name): \($0.value)" } == [
                "Content-Type: application/json", "X-Currency: EUR", "Cookie: a=1", "Idempotency-Key: k1",
                "Stripe-Signature: t=1,v1=abc", "Accept: a", "Accept: b",
            ]
        )
    }

    @Test func responseFieldsKeepDuplicatesAndDropFramingAndOwnedFields() {
        let upstream: HTTPFields = HTTPFields([
            ("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
            ("Content-Length", "10"), ("Connection", "close"), ("Date", "yesterday"), ("X-Request-Id", "svc"),
            ("Retry-After", "3"), ("Transfer-Encoding", "chunked"),
        ])
        let relayed = ProxyHeaders.response(upstream)
        #expect(
            relayed.map { "\($0.name): \($0.value)" } == [
                "Content-Type: application/json", "Set-Cookie: a=1", "Set-Cookie: b=2", "Retry-After: 3",
            ]
        )
    }
}

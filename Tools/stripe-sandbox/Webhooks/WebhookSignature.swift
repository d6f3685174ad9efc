import Cryptography

/// Stripe's webhook signature: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256>` where the HMAC key is the
/// whole endpoint secret (`whsec_` included) and the message is `"<t>.<payload>"`, as
/// `stripe.Webhook.construct_event` verifies it.
package enum WebhookSignature {
    /// The hex `v1` signature of `payload` signed at `timestamp` with `secret`.
    package static func v1(payload: [UInt8], secret: String, timestamp: Int64) -> String {
        let message = Array("\(timestamp).".utf8) + payload
        return Hex.encode(HMAC.sha256(key: Array(secret.utf8), data: message))
    }

    /// The `Stripe-Signature` header value: `t=<timestamp>,v1=<signature>`.
    package static func header(payload: [UInt8], secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(v1(payload: payload, secret: secret, timestamp: timestamp))"
    }

    /// Whether `header` carries a `v1` signature of `payload` by `secret` whose `t` is within `tolerance`
    /// seconds of `now` (what a receiver checks; used by tests).
    package static func verify(
        header: String,
        payload: [UInt8],
        secret: String,
        now: Int64,
        tolerance: Int64 = 300
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: " ")
            let value = pair[1].trimmingCharacters(in: " ")
            if key == "t" { timestamp = Int64(value) } else if key == "v1" { signatures.append(value) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(v1(payload: payload, secret: secret, timestamp: timestamp).utf8)
        return signatures.contains { ConstantTime.equals(Array($0.utf8), expected) }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

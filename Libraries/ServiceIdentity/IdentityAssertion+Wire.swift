import Cryptography

extension IdentityAssertion {
    /// The header value for this assertion, signed with `keys`' current key.
    package func encoded(with keys: InternalKeys) -> String {
        // The gateway signs one per forwarded request: build the bytes once, no intermediate strings.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192)
        bytes += "v1;aud=".utf8
        Self.appendEscaped(audience, to: &bytes)
        // Fields are in name order: `cur` sits between `aud` and `exp` (absent when there is no currency).
        if let currency = identity.currency {
            bytes += ";cur=".utf8
            Self.appendEscaped(currency, to: &bytes)
        }
        bytes += ";exp=".utf8
        bytes += String(expiresAt).utf8
        bytes += ";rid=".utf8
        Self.appendEscaped(requestID, to: &bytes)
        bytes += ";role=".utf8
        Self.appendEscaped(identity.role.rawValue, to: &bytes)
        if let userID = identity.userID {
            bytes += ";sub=".utf8
            Self.appendEscaped(userID, to: &bytes)
        }
        let signature = keys.current.authenticationCode(for: bytes)
        bytes += ";sig=".utf8
        bytes += Base64URL.encode(signature).utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses and checks a header value: signature (current or previous key), expiry and audience.
    ///
    /// - Parameters:
    ///   - value: the header value, `nil` when the header was absent.
    ///   - audience: this service's name; an assertion for another service is refused.
    ///   - now: the current Unix time in seconds.
    /// - Throws: ``IdentityAssertionError``.
    package static func verify(
        _ value: String?,
        keys: InternalKeys,
        audience: String,
        now: Int64
    ) throws(IdentityAssertionError) -> IdentityAssertion {
        guard var value else { throw IdentityAssertionError(.missing) }
        guard value.utf8.count <= 2048 else { throw IdentityAssertionError(.malformed) }
        // Every request to a service pays for this, so it works on the header's bytes in place.
        let result = value.withUTF8 { bytes in
            Result { () throws(IdentityAssertionError) in
                try verify(bytes: bytes, keys: keys, audience: audience, now: now)
            }
        }
        return try result.get()
    }

    private static func verify(
        bytes: UnsafeBufferPointer<UInt8>,
        keys: InternalKeys,
        audience: String,
        now: Int64
    ) throws(IdentityAssertionError) -> IdentityAssertion {
        guard let marker = lastSignatureMarker(in: bytes) else { throw IdentityAssertionError(.malformed) }
        let signed = UnsafeBufferPointer(rebasing: bytes[..<marker])
        guard let signature = try? Base64URL.decode(bytes: bytes[(marker + signatureMarker.count)...]) else {
            throw IdentityAssertionError(.malformed)
        }
        guard
            keys.current.isValidAuthenticationCode(signature, for: signed)
                || keys.previous?.isValidAuthenticationCode(signature, for: signed) == true
        else { throw IdentityAssertionError(.badSignature) }
        let fields = try Fields(signed)
        guard let audienceField = fields.audience, let expiry = fields.expiry.flatMap({ Int64($0) }),
            let requestID = fields.requestID, let roleName = fields.role,
            let role = CallerIdentity.Role(rawValue: roleName)
        else { throw IdentityAssertionError(.malformed) }
        guard audienceField == audience else { throw IdentityAssertionError(.wrongAudience) }
        // Expired, or valid for implausibly long (a gateway never issues more than `lifetime` ahead).
        guard expiry >= now, expiry <= now + lifetime + 30 else { throw IdentityAssertionError(.expired) }
        if fields.subject == nil && role != .anonymous { throw IdentityAssertionError(.malformed) }
        if let currency = fields.currency, !isCurrencyCode(currency) { throw IdentityAssertionError(.malformed) }
        return IdentityAssertion(
            identity: CallerIdentity(userID: fields.subject, role: role, currency: fields.currency),
            audience: audienceField,
            requestID: requestID,
            expiresAt: expiry
        )
    }

    private static let signatureMarker = Array(";sig=".utf8)

    /// Three upper-case ASCII letters (ISO 4217 shape); which ones are valid is the gateway's business.
    private static func isCurrencyCode(_ value: String) -> Bool {
        value.utf8.count == 3 && value.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    /// The offset of the last `;sig=`.
    private static func lastSignatureMarker(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let marker = signatureMarker
        var start = bytes.count - marker.count
        while start >= 0 {
            if bytes[start] == marker[0] && bytes[start..<(start + marker.count)].elementsEqual(marker) { return start }
            start -= 1
        }
        return nil
    }

    /// The known fields of a signed text; unknown ones are skipped (newer gateways may add some), a repeated
    /// known one is malformed.
    private struct Fields {
        var audience: String?
        var currency: String?
        var expiry: String?
        var requestID: String?
        var role: String?
        var subject: String?

        init(_ text: UnsafeBufferPointer<UInt8>) throws(IdentityAssertionError) {
            var parts = text.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)[...]
            guard let version = parts.popFirst(), version.elementsEqual("v1".utf8) else {
                throw IdentityAssertionError(.malformed)
            }
            for part in parts {
                guard let equals = part.firstIndex(of: UInt8(ascii: "=")),
                    let value = IdentityAssertion.unescape(part[(equals + 1)...])
                else { throw IdentityAssertionError(.malformed) }
                let key = part[..<equals]
                let slot: WritableKeyPath<Fields, String?>
                if key.elementsEqual("aud".utf8) {
                    slot = \.audience
                } else if key.elementsEqual("cur".utf8) {
                    slot = \.currency
                } else if key.elementsEqual("exp".utf8) {
                    slot = \.expiry
                } else if key.elementsEqual("rid".utf8) {
                    slot = \.requestID
                } else if key.elementsEqual("role".utf8) {
                    slot = \.role
                } else if key.elementsEqual("sub".utf8) {
                    slot = \.subject
                } else {
                    continue
                }
                guard self[keyPath: slot] == nil else { throw IdentityAssertionError(.malformed) }
                self[keyPath: slot] = value
            }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "@"):
            true
        default: false
        }
    }

    static func appendEscaped(_ value: String, to bytes: inout [UInt8]) {
        let hex: StaticString = "0123456789ABCDEF"
        for byte in value.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                hex.withUTF8Buffer { digits in
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0xF)])
                }
            }
        }
    }

    static func unescape(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        guard value.contains(UInt8(ascii: "%")) else {
            return value.allSatisfy(isUnreserved) ? String(decoding: value, as: UTF8.self) : nil
        }
        var bytes: [UInt8] = []
        var iterator = value.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else { return nil }
                bytes.append(high << 4 | low)
            } else if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

import Cryptography

extension IdentityAssertion {
    /// The header value for this assertion, signed with `keys`' current key.
    package func encoded(with keys: InternalKeys) -> String {
        var text = "v1;aud=" + Self.escape(audience) + ";exp=\(expiresAt);rid=" + Self.escape(requestID)
        text += ";role=" + Self.escape(identity.role.rawValue)
        if let userID = identity.userID { text += ";sub=" + Self.escape(userID) }
        let signature = keys.current.authenticationCode(for: text.utf8)
        return text + ";sig=" + Base64URL.encode(signature)
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
        guard let value else { throw IdentityAssertionError(.missing) }
        guard value.utf8.count <= 2048, let marker = value.utf8.lastRange(of: ";sig=".utf8) else {
            throw IdentityAssertionError(.malformed)
        }
        let signed = value.utf8[..<marker.lowerBound]
        guard let signature = try? Base64URL.decode(bytes: value.utf8[marker.upperBound...]) else {
            throw IdentityAssertionError(.malformed)
        }
        guard
            keys.current.isValidAuthenticationCode(signature, for: signed)
                || keys.previous?.isValidAuthenticationCode(signature, for: signed) == true
        else { throw IdentityAssertionError(.badSignature) }
        let fields = try parseFields(Substring(signed))
        guard let audienceField = fields["aud"], let expiry = fields["exp"].flatMap({ Int64($0) }),
            let requestID = fields["rid"], let roleName = fields["role"],
            let role = CallerIdentity.Role(rawValue: roleName)
        else { throw IdentityAssertionError(.malformed) }
        guard audienceField == audience else { throw IdentityAssertionError(.wrongAudience) }
        // Expired, or valid for implausibly long (a gateway never issues more than `lifetime` ahead).
        guard expiry >= now, expiry <= now + lifetime + 30 else { throw IdentityAssertionError(.expired) }
        let userID = fields["sub"]
        if userID == nil && role != .anonymous { throw IdentityAssertionError(.malformed) }
        return IdentityAssertion(
            identity: CallerIdentity(userID: userID, role: role),
            audience: audienceField,
            requestID: requestID,
            expiresAt: expiry
        )
    }

    private static func parseFields(_ text: Substring) throws(IdentityAssertionError) -> [String: String] {
        var parts = text.split(separator: ";", omittingEmptySubsequences: false)[...]
        guard parts.popFirst() == "v1" else { throw IdentityAssertionError(.malformed) }
        var fields: [String: String] = [:]
        for part in parts {
            guard let equals = part.firstIndex(of: "="), let value = unescape(part[part.index(after: equals)...])
            else { throw IdentityAssertionError(.malformed) }
            let key = String(part[..<equals])
            guard fields.updateValue(value, forKey: key) == nil else { throw IdentityAssertionError(.malformed) }
        }
        return fields
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

    static func escape(_ value: String) -> String {
        guard !value.utf8.allSatisfy(isUnreserved) else { return value }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unescape(_ value: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = value.utf8.makeIterator()
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

extension Collection where Element: Equatable {
    /// The range of the last occurrence of `pattern`.
    fileprivate func lastRange(of pattern: some Collection<Element>) -> Range<Index>? {
        var found: Range<Index>?
        var start = startIndex
        while start != endIndex {
            var candidate = start
            var matched = true
            for element in pattern {
                guard candidate != endIndex, self[candidate] == element else {
                    matched = false
                    break
                }
                candidate = index(after: candidate)
            }
            if matched { found = start..<candidate }
            start = index(after: start)
        }
        return found
    }
}

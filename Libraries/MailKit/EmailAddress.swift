/// A validated mailbox address, `local@domain`, in the ASCII subset every SMTP server accepts.
///
/// Accepted: a local part of 1–64 RFC 5322 `atext` characters with single inner dots, and a domain of at least
/// two dot-separated labels of letters, digits and inner hyphens (each 1–63), 254 characters in all. No
/// quoted local parts, comments, IP literals or internationalised addresses; nothing that could smuggle a
/// CR, LF, `<`, `>` or `,` into a header or an SMTP command.
package struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as given (`a@b.c`).
    package let address: String

    /// Validates `address`.
    ///
    /// - Throws: ``SMTPError`` with code ``SMTPError/Code/invalidAddress``.
    package init(_ address: String) throws(SMTPError) {
        guard Self.isValid(address) else {
            throw SMTPError(.invalidAddress, message: "not a valid email address")
        }
        self.address = address
    }

    /// The part after `@`, for logs that must not name the person.
    package var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// The address.
    package var description: String { address }

    /// Whether `text` is an address this type accepts.
    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (3...254).contains(bytes.count), let at = bytes.firstIndex(of: UInt8(ascii: "@")),
            bytes.lastIndex(of: UInt8(ascii: "@")) == at
        else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        return isValidLocalPart(local) && isValidDomain(domain)
    }

    private static func isValidLocalPart(_ local: ArraySlice<UInt8>) -> Bool {
        guard (1...64).contains(local.count), local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".")
        else { return false }
        var previousDot = false
        for byte in local {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAtext(byte) else { return false }
        }
        return true
    }

    private static func isValidDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
}

/// An address with an optional display name: `PayLinks <no-reply@paylinks.local>`.
package struct Mailbox: Sendable, Hashable {
    /// The display name, if any (any Unicode; encoded per RFC 2047 when needed).
    package var name: String?
    /// The address.
    package var address: EmailAddress

    /// Creates a mailbox.
    ///
    /// - Throws: ``SMTPError`` (`headerInjection`) when the name contains control characters.
    package init(name: String? = nil, address: EmailAddress) throws(SMTPError) {
        if let name { try HeaderValue.check(name, field: "display name") }
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
    }

    /// Parses `Name <local@domain>` or a bare `local@domain`.
    ///
    /// - Throws: ``SMTPError`` (`invalidAddress`, `headerInjection`).
    package init(parsing text: String) throws(SMTPError) {
        try HeaderValue.check(text, field: "mailbox")
        let trimmed = text.trimmingSpaces
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = String(trimmed[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            try self.init(name: name.isEmpty ? nil : name, address: try EmailAddress(address))
        } else {
            try self.init(name: nil, address: try EmailAddress(trimmed))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}

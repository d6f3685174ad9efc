import Cryptography
package import Foundation

/// An email to send: sender, recipients, subject and a UTF-8 text body with an optional HTML alternative.
///
/// ``render()`` produces the RFC 5322 bytes (CRLF line endings): `Date`, `From`, `To`, `Subject` (RFC 2047
/// encoded when not ASCII), `Message-ID`, `MIME-Version`, then either one `text/plain; charset=utf-8` part or a
/// `multipart/alternative` with the text and HTML parts, each quoted-printable.
///
/// ```swift
/// let message = try MailMessage(
///     from: Mailbox(parsing: "PayLinks <no-reply@paylinks.local>"),
///     to: [Mailbox(address: EmailAddress("ana@example.com"))],
///     subject: "Your sign-in link", text: "Open https://…")
/// try await client.send(message)
/// ```
package struct MailMessage: Sendable {
    /// The sender (header `From` and SMTP `MAIL FROM`).
    package var from: Mailbox
    /// The recipients (header `To` and SMTP `RCPT TO`), at least one.
    package var to: [Mailbox]
    /// The subject (any Unicode without control characters).
    package var subject: String
    /// The plain-text body.
    package var text: String
    /// The HTML body, sent as the preferred alternative when given.
    package var html: String?
    /// The `Date` header's time. Default now.
    package var date: Date
    /// The `Message-ID` without angle brackets. Default `<random>@<sender's domain>`.
    package var messageID: String

    /// Creates a message.
    ///
    /// - Throws: ``SMTPError``: `headerInjection` for a subject with CR, LF or other control characters,
    ///   `invalidAddress` without recipients.
    package init(
        from: Mailbox,
        to: [Mailbox],
        subject: String,
        text: String,
        html: String? = nil,
        date: Date = Date(),
        messageID: String? = nil
    ) throws(SMTPError) {
        try HeaderValue.check(subject, field: "subject")
        guard !to.isEmpty else { throw SMTPError(.invalidAddress, message: "a message needs a recipient") }
        let id = messageID ?? "\(Hex.encode(SecureRandom.bytes(count: 16)))@\(from.address.domain)"
        try HeaderValue.check(id, field: "Message-ID")
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.messageID = id
    }

    /// The message as RFC 5322 bytes with CRLF line endings.
    package func render() -> [UInt8] {
        var out = ""
        func header(_ name: String, _ value: String) { out += "\(name): \(value)\r\n" }
        header("Date", Self.rfc5322Date(date))
        header("From", HeaderValue.mailbox(from))
        header("To", to.map(HeaderValue.mailbox).joined(separator: ",\r\n "))
        header("Subject", HeaderValue.encodeUnstructured(subject))
        header("Message-ID", "<\(messageID)>")
        header("MIME-Version", "1.0")
        if let html {
            let boundary = "=_paylinks_" + Hex.encode(SecureRandom.bytes(count: 12))
            header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            out += "\r\n"
            out += "This is a multi-part message in MIME format.\r\n"
            for (type, body) in [("text/plain", text), ("text/html", html)] {
                out += "--\(boundary)\r\n"
                out += "Content-Type: \(type); charset=utf-8\r\n"
                out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                out += QuotedPrintable.encode(body)
                out += "\r\n"
            }
            out += "--\(boundary)--\r\n"
        } else {
            header("Content-Type", "text/plain; charset=utf-8")
            header("Content-Transfer-Encoding", "quoted-printable")
            out += "\r\n"
            out += QuotedPrintable.encode(text)
            out += "\r\n"
        }
        return Array(out.utf8)
    }

    /// `Sun, 06 Dec 2026 02:32:23 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}

/// Header value checks and encodings.
package enum HeaderValue {
    /// Refuses CR, LF and other control characters (except tab) in a header value.
    ///
    /// - Throws: ``SMTPError`` with code ``SMTPError/Code/headerInjection`` naming `field`.
    package static func check(_ value: String, field: String) throws(SMTPError) {
        for scalar in value.unicodeScalars where scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
            throw SMTPError(.headerInjection, message: "\(field) must not contain CR, LF or control characters")
        }
    }

    /// `name <address>` with the name quoted or RFC 2047 encoded as needed.
    static func mailbox(_ mailbox: Mailbox) -> String {
        guard let name = mailbox.name else { return mailbox.address.address }
        let isPlainAtoms = name.utf8.allSatisfy { byte in
            (0x20..<0x7F).contains(byte) && !"()<>[]:;@\\,.\"".utf8.contains(byte)
        }
        let rendered: String
        if isPlainAtoms {
            rendered = name
        } else if name.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) {
            rendered = "\"" + name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        } else {
            rendered = encodedWords(name)
        }
        return "\(rendered) <\(mailbox.address.address)>"
    }

    /// Unstructured text (a subject): as is when printable ASCII, otherwise RFC 2047 `=?UTF-8?B?…?=` words
    /// of at most 75 characters, folded onto continuation lines.
    package static func encodeUnstructured(_ text: String) -> String {
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x09 }) && text.utf8.count <= 900 {
            return text
        }
        return encodedWords(text)
    }

    /// Splits `text` at character boundaries into chunks of at most 45 UTF-8 bytes (60 base64 characters,
    /// 72 with the `=?UTF-8?B?` `?=` wrapper) and joins the encoded words with folding white space.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Base64.encode(chunk))?=") }
        return words.joined(separator: "\r\n ")
    }
}

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies.
package enum QuotedPrintable {
    /// Encodes `text`: line breaks (LF or CRLF) become CRLF; bytes outside printable ASCII, `=`, and white
    /// space before a line end become `=XX`; lines are soft-broken (`=` CRLF) to at most 76 characters. A line
    /// that starts with `.` keeps it literally (SMTP dot-stuffing is the transport's job).
    package static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        let normalized = text.replacing("\r\n", with: "\n")
        let lines = normalized.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            if lineIndex > 0 { out += [0x0D, 0x0A] }
            var length = 0
            let bytes = Array(line)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                // Keep room for the soft break's "=" within 76 characters.
                if length + token.count > 75 {
                    out += [UInt8(ascii: "="), 0x0D, 0x0A]
                    length = 0
                }
                out += token
                length += token.count
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

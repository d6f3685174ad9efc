import Foundation
import MailKit
import Testing

struct MailMessageTests {
    private func message(subject: String = "Hello", text: String = "Body", html: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: Mailbox(parsing: "PayLinks <no-reply@paylinks.local>"),
            to: [Mailbox(address: EmailAddress("ana@example.com"))],
            subject: subject,
            text: text,
            html: html,
            date: Date(timeIntervalSince1970: 1_780_000_000),
            messageID: "fixed-id@paylinks.local"
        )
    }

    @Test func plainMessageHasTheStandardHeadersAndAQuotedPrintableBody() throws {
        let rendered = String(decoding: try message(text: "Salut, lume — €5\nline two").render(), as: UTF8.self)
        let (head, body) = try #require(split(rendered))
        #expect(head.contains("From: PayLinks <no-reply@paylinks.local>\r\n"))
        #expect(head.contains("To: ana@example.com\r\n"))
        #expect(head.contains("Subject: Hello\r\n"))
        #expect(head.contains("Message-ID: <fixed-id@paylinks.local>\r\n"))
        #expect(head.contains("MIME-Version: 1.0\r\n"))
        #expect(head.contains("Date: Thu, 28 May 2026 20:26:40 +0000\r\n"))
        #expect(head.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(head.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(body == "Salut, lume =E2=80=94 =E2=82=AC5\r\nline two\r\n")
    }

    @Test func htmlMakesAMultipartAlternative() throws {
        let rendered = String(decoding: try message(html: "<p>Hi</p>").render(), as: UTF8.self)
        #expect(rendered.contains("Content-Type: multipart/alternative; boundary=\"=_paylinks_"))
        #expect(rendered.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(rendered.contains("Content-Type: text/html; charset=utf-8\r\n"))
        #expect(rendered.contains("<p>Hi</p>"))
    }

    @Test func nonASCIISubjectIsRFC2047EncodedAndFolded() throws {
        let subject = String(repeating: "Plată confirmată ✓ ", count: 5)
        let header = HeaderValue.encodeUnstructured(subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            decoded += try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func quotedPrintableSoftBreaksLongLinesAndEncodesTrailingSpace() {
        let encoded = QuotedPrintable.encode(String(repeating: "a", count: 200) + " \n=x")
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
        #expect(encoded.hasSuffix("a=20\r\n=3Dx"))
        #expect(encoded.replacingOccurrences(of: "=\r\n", with: "").hasPrefix(String(repeating: "a", count: 200)))
    }

    @Test(arguments: ["Hi\r\nBcc: victim@example.com", "Hi\nX: y", "Hi\rthere", "nul\u{0}"])
    func headerInjectionInTheSubjectIsRefused(subject: String) throws {
        #expect {
            _ = try message(subject: subject)
        } throws: { error in
            (error as? SMTPError)?.code == .headerInjection
        }
    }

    @Test func headerInjectionInADisplayNameIsRefused() {
        #expect(throws: SMTPError.self) {
            _ = try Mailbox(parsing: "Evil\r\nBcc: x@y.z <a@b.co>")
        }
    }

    @Test(arguments: [
        "", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com", "a@@example.com",
        "a..b@example.com", ".a@example.com", "a.@example.com", "a@-example.com", "a@example..com",
        "a@example.com\r\nRCPT TO:<x@y.z>", "<a@example.com>", "a,b@example.com", "ăna@example.com",
        String(repeating: "a", count: 65) + "@example.com",
        "a@" + String(repeating: "b", count: 64) + ".com",
    ])
    func invalidAddressesAreRefused(address: String) {
        #expect(!EmailAddress.isValid(address))
        #expect(throws: SMTPError.self) { _ = try EmailAddress(address) }
    }

    @Test(arguments: ["a@b.co", "first.last+tag@sub.example.com", "x_y-z@example-mail.ro", "o'neil@example.com"])
    func validAddressesAreAccepted(address: String) throws {
        #expect(try EmailAddress(address).address == address)
    }

    @Test func mailboxParsing() throws {
        let quoted = try Mailbox(parsing: "\"Ana, Pop\" <ana@example.com>")
        #expect(quoted.name == "Ana, Pop")
        #expect(quoted.address.address == "ana@example.com")
        #expect(quoted.address.domain == "example.com")
        let bare = try Mailbox(parsing: " ana@example.com ")
        #expect(bare.name == nil)
    }

    private func split(_ message: String) -> (String, String)? {
        guard let range = message.range(of: "\r\n\r\n") else { return nil }
        return (String(message[..<range.upperBound]), String(message[range.upperBound...]))
    }
}

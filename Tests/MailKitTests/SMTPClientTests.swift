import Foundation
import LogKit
import MailKit
import TestSupport
import Testing

@Suite(.serialized)
struct SMTPClientTests {
    private func client(
        _ peer: SMTPTestPeer,
        password: String? = nil,
        caFile: String? = nil
    ) throws
        -> SMTPClient
    {
        SMTPClient(
            configuration: try SMTPConfiguration(
                url: peer.url,
                username: peer.username,
                password: password ?? peer.password,
                caFile: caFile ?? peer.certificatePath,
                connectTimeout: .seconds(5),
                timeout: .seconds(15)
            ),
            logger: Logger(label: "smtp-test", level: .critical)
        )
    }

    private func message(subject: String, text: String, html: String? = nil) throws -> MailMessage {
        try MailMessage(
            from: Mailbox(parsing: "PayLinks <no-reply@paylinks.local>"),
            to: [Mailbox(name: "Ana Pop", address: EmailAddress("ana@example.com"))],
            subject: subject,
            text: text,
            html: html
        )
    }

    @Test func sendsOverSTARTTLSWithAuthAndTheServerParsesWhatWeBuilt() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        let text = "Bună ziua!\n.hidden line starts with a dot\n.\n..two dots\nLink: https://paylinks.local/m?t=abc=="
        try await client(peer).send(
            try message(subject: "Plată primită — 49,99 lei ✓", text: text, html: "<p>Bună</p>")
        )
        let received = try await peer.waitForMessages(count: 1)
        let mail = try #require(received.first)
        #expect(mail.tls)
        #expect(mail.login == peer.username)
        #expect(mail.mailFrom == "no-reply@paylinks.local")
        #expect(mail.recipients == ["ana@example.com"])
        #expect(mail.subject == "Plată primită — 49,99 lei ✓")
        #expect(mail.fromHeader == "PayLinks <no-reply@paylinks.local>")
        #expect(mail.toHeader == "Ana Pop <ana@example.com>")
        #expect(mail.contentType == "multipart/alternative")
        #expect(mail.text == text)
        #expect(mail.html == "<p>Bună</p>")
        #expect(mail.defects == 0)
        #expect(mail.messageID?.hasSuffix("@paylinks.local>") == true)
    }

    @Test func plainTextOnlyMessage() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        try await client(peer).send(try message(subject: "Your sign-in link", text: "Hello\nBye"))
        let mail = try #require(try await peer.waitForMessages(count: 1).first)
        #expect(mail.contentType == "text/plain")
        #expect(mail.subject == "Your sign-in link")
        #expect(mail.text == "Hello\nBye\n")
    }

    @Test func wrongPasswordIsAnAuthenticationFailure() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        let error = await #expect(throws: SMTPError.self) {
            try await client(peer, password: "wrong").send(try message(subject: "x", text: "y"))
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.description.contains("wrong") == false)
        #expect(peer.messages().isEmpty)
    }

    @Test func untrustedCertificateIsATLSFailure() async throws {
        let peer = try await SMTPTestPeer.start()
        defer { peer.stop() }
        // The system store does not trust the peer's self-signed certificate: verification is never off.
        let error = await #expect(throws: SMTPError.self) {
            try await client(peer, caFile: "/etc/ssl/certs/ca-certificates.crt").send(
                try message(subject: "x", text: "y")
            )
        }
        #expect(error?.code == .tlsFailed)
        #expect(peer.messages().isEmpty)
    }

    @Test func serverDownIsAConnectionFailure() async throws {
        let peer = try await SMTPTestPeer.start()
        let free = peer.port
        peer.stop()
        try await Task.sleep(for: .milliseconds(200))
        let client = SMTPClient(
            configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(free)", connectTimeout: .seconds(2)),
            logger: Logger(label: "smtp-test", level: .critical)
        )
        let error = await #expect(throws: SMTPError.self) {
            try await client.send(try message(subject: "x", text: "y"))
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isTransient == true)
    }

    @Test(arguments: ["http://127.0.0.1:25", "smtp://user:pass@host:25", "smtp://host:25/path?x", "smtp://"])
    func badURLsAreConfigurationErrors(url: String) {
        #expect(throws: SMTPError.self) { _ = try SMTPConfiguration(url: url) }
    }

    @Test func securityFollowsTheScheme() throws {
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:587").security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtps://127.0.0.1:465").security == .implicitTLS)
        #expect(
            try SMTPConfiguration(url: "smtp://127.0.0.1:25", security: SMTPConfiguration.Security.none).security
                == .none
        )
        #expect(throws: SMTPError.self) {
            _ = try SMTPConfiguration(url: "smtps://h:465", security: SMTPConfiguration.Security.none)
        }
    }
}

import Foundation

/// A real SMTP server for tests: aiosmtpd (`TEST-PEERS.md`) on 127.0.0.1 requiring STARTTLS and AUTH
/// (PLAIN/LOGIN) with a self-signed certificate for 127.0.0.1, recording every message it accepts (with
/// Python's `email` parser's reading of it, an independent check of what the client built). Recipients
/// whose address starts with `rejected-` are refused with a permanent `550`.
///
/// A wrong username or password is refused (`535`) and nothing is recorded. With a `certificateDirectory`, the
/// certificate is made there on first use and reused, so a server restarted on the same `port` presents the
/// same certificate (delivery-retry tests).
///
/// ```swift
/// let smtp = try await SMTPTestPeer.start()
/// defer { smtp.stop() }
/// // MESSAGING_SMTP_URL = smtp.url, _USERNAME/_PASSWORD = smtp.username/password, _CA_FILE = smtp.certificatePath
/// let mail = try await smtp.waitForMessages(count: 1, timeout: .seconds(10))
/// ```
package struct SMTPTestPeer: Sendable {
    /// One accepted message.
    package struct Message: Sendable, Decodable {
        /// The envelope sender.
        package var mailFrom: String
        /// The envelope recipients.
        package var recipients: [String]
        /// The message as sent (headers and body, CRLF line ends, transparency dots removed).
        package var data: String
        /// The user that authenticated for it.
        package var login: String?
        /// Whether it came over TLS (after STARTTLS).
        package var tls: Bool
        /// The decoded `Subject` header.
        package var subject: String?
        /// The decoded `From` header.
        package var fromHeader: String?
        /// The decoded `To` header.
        package var toHeader: String?
        /// The `Message-ID` header.
        package var messageID: String?
        /// The `Date` header.
        package var date: String?
        /// The top-level content type, e.g. `text/plain` or `multipart/alternative`.
        package var contentType: String
        /// The decoded `text/plain` body (LF line ends), if any.
        package var text: String?
        /// The decoded `text/html` body (LF line ends), if any.
        package var html: String?
        /// How many defects Python's parser found in the message (0 for a well-formed one).
        package var defects: Int

        private enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case recipients = "rcpt_tos"
            case data, login, tls, subject, fromHeader, toHeader, messageID, date, contentType, text, html, defects
        }
    }

    /// The port it listens on.
    package let port: Int
    /// `smtp://127.0.0.1:PORT`.
    package var url: String { "smtp://127.0.0.1:\(port)" }
    /// The account the server accepts.
    package let username: String
    /// Its password.
    package let password: String
    /// The PEM certificate the server presents after STARTTLS (use it as the CA file).
    package let certificatePath: String
    private let peer: PythonPeer

    /// Starts a server on `port` (0: a free one) accepting `username`/`password`.
    ///
    /// - Parameter certificateDirectory: Where the certificate and key are kept (created if missing; a
    ///   certificate already there is reused). `nil`: the peer's own directory, removed by ``stop()``.
    package static func start(
        port: Int = 0,
        username: String = "paylinks",
        password: String = "smtp-test-password",
        certificateDirectory: String? = nil
    ) async throws -> SMTPTestPeer {
        let peer = try await PythonPeer.start(
            name: "smtp",
            script: script,
            arguments: ["\(port)", username, password, certificateDirectory ?? ""]
        )
        struct Ready: Decodable {
            var port: Int
            var certificate: String
        }
        let ready: Ready
        do {
            ready = try JSONDecoder().decode(Ready.self, from: Data(peer.firstLine.utf8))
        } catch {
            peer.stop()
            throw PythonPeer.StartError(description: "smtp peer printed \(peer.firstLine)")
        }
        return SMTPTestPeer(
            port: ready.port,
            username: username,
            password: password,
            certificatePath: ready.certificate,
            peer: peer
        )
    }

    /// Every message accepted so far, in order.
    package func messages() -> [Message] {
        peer.output().split(separator: "\n").dropFirst().compactMap { line in
            try? JSONDecoder().decode(Message.self, from: Data(line.utf8))
        }
    }

    /// Waits until at least `count` messages arrived (polling), then returns all of them.
    ///
    /// - Throws: when they do not arrive within `timeout` (the message says how many did).
    package func waitForMessages(count: Int, timeout: Duration = .seconds(15)) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = messages()
            if received.count >= count { return received }
            guard ContinuousClock.now < deadline else {
                throw PythonPeer.StartError(
                    description: "SMTP peer received \(received.count) of \(count) messages within \(timeout)"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// What the server wrote to stderr (aiosmtpd's log).
    package func log() -> String { peer.errors() }

    /// Stops the server (its certificate stays when a `certificateDirectory` was given).
    package func stop() { peer.stop() }

    private static let script = #"""
        import asyncio, datetime, email, email.policy, ipaddress, json, os, socket, ssl, sys
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        port, username, password, directory = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] or os.getcwd()
        os.makedirs(directory, exist_ok=True)
        cert_path = os.path.abspath(os.path.join(directory, "smtp-cert.pem"))
        key_path = os.path.abspath(os.path.join(directory, "smtp-key.pem"))
        if not (os.path.exists(cert_path) and os.path.exists(key_path)):
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                            x509.DNSName("localhost")]), critical=False)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
            with open(key_path, "wb") as f:
                f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
            with open(cert_path, "wb") as f:
                f.write(cert.public_bytes(serialization.Encoding.PEM))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_path, key_path)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login == username.encode()
                  and auth_data.password == password.encode())
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

        def header(msg, name):
            value = msg[name]
            return None if value is None else str(value)

        def body(msg, kind):
            part = msg.get_body((kind,))
            return None if part is None else part.get_content().replace("\r\n", "\n")

        class Recorder:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                # A permanent refusal for tests of undeliverable mail: any recipient starting "rejected-".
                if address.startswith("rejected-"):
                    return "550 5.1.1 Mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                login = session.auth_data.decode() if session.authenticated and session.auth_data else None
                msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
                print(json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                                  "data": envelope.original_content.decode("utf-8", "replace"), "login": login,
                                  "tls": session.ssl is not None, "subject": header(msg, "subject"),
                                  "fromHeader": header(msg, "from"), "toHeader": header(msg, "to"),
                                  "messageID": header(msg, "message-id"), "date": header(msg, "date"),
                                  "contentType": msg.get_content_type(), "text": body(msg, "plain"),
                                  "html": body(msg, "html"), "defects": len(msg.defects)}), flush=True)
                return "250 Message accepted for delivery"

        if port == 0:
            s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        controller = Controller(Recorder(), hostname="127.0.0.1", port=port, tls_context=context,
                                require_starttls=True, auth_required=True, auth_require_tls=True,
                                authenticator=authenticator, decode_data=False, ready_timeout=10)
        controller.start()
        print(json.dumps({"port": port, "certificate": cert_path}), flush=True)
        try:
            asyncio.run(asyncio.Event().wait())
        finally:
            controller.stop()
        """#
}

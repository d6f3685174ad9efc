import Foundation
import Synchronization
import TestSupport

/// A client of the platform's gateway that presents itself as one distinct client IP: the platform trusts
/// 127.0.0.1 as a proxy in this suite, so `X-Forwarded-For` gives every test its own per-IP rate-limit buckets.
struct EdgeClient: Sendable {
    private static let counter = Atomic<Int>(0)

    /// The gateway port.
    let port: Int
    /// The client address the gateway sees.
    let ip: String

    /// A client with a fresh address from 198.18.0.0/15 (RFC 2544's benchmarking range).
    init(port: Int) {
        self.port = port
        let n = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        ip = "198.18.\(n / 250 % 250).\(n % 250 + 1)"
    }

    /// Sends a request through the gateway as this client.
    func send(
        _ method: String,
        _ path: String,
        json: Any? = nil,
        rawBody: [UInt8]? = nil,
        token: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> HTTPTestResponse {
        try await PlatformHTTP.send(
            port,
            method,
            path,
            json: json,
            rawBody: rawBody,
            token: token,
            headers: headers + [("X-Forwarded-For", ip)]
        )
    }

    /// The body as a JSON object (empty when it is not one).
    static func object(_ response: HTTPTestResponse) -> [String: Any] {
        PlatformHTTP.object(response) ?? [:]
    }
}

/// Reading mail the platform sent, with Python's `email` package as an independent MIME parser.
enum MailReader {
    struct Parsed: Decodable {
        var subject: String
        var from: String
        var to: String
        var text: String
    }

    /// Parses one message as received by the SMTP peer.
    static func parse(_ data: String) async throws -> Parsed {
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_string(sys.stdin.read(), policy=email.policy.default)
            body = m.get_body(preferencelist=("plain",))
            print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]),
                              "text": body.get_content() if body is not None else ""}))
            """
        let result = try await PythonPeer.run(script: script, standardInput: data)
        guard result.status == 0 else { throw PlatformInstance.Failure(description: "mail parse: \(result.errors)") }
        return try JSONDecoder().decode(Parsed.self, from: Data(result.output.utf8))
    }

    /// The first `http(s)://…token=…` link in `text`.
    static func link(in text: String) -> URLComponents? {
        let pattern = #/https?://[^\s"<>]+[?&]token=[A-Za-z0-9_\-]+[^\s"<>]*/#
        guard let match = text.firstMatch(of: pattern) else { return nil }
        return URLComponents(string: String(match.output))
    }

    /// Waits for the messages sent to `address` until there are `count`, and returns them parsed.
    static func messages(
        to address: String,
        count: Int,
        smtp: SMTPTestPeer,
        timeout: Duration = .seconds(15)
    ) async throws -> [Parsed] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matching = smtp.messages().filter { $0.recipients.contains(address) }
            if matching.count >= count {
                var parsed: [Parsed] = []
                for message in matching { parsed.append(try await parse(message.data)) }
                return parsed
            }
            guard ContinuousClock.now < deadline else {
                throw PlatformInstance.Failure(
                    description: "\(matching.count) of \(count) messages to \(address) within \(timeout)"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

import HTTPCore
import HTTPServer

/// The responder the in-process server tests run against.
///
/// Routes: `/hello`, `/slow?ms=N`, `/echo` (body back), `/small` (body limit 16), `/big?bytes=N`,
/// `/stream?chunks=N&size=M` (chunked stream), `/head-length` (sets its own `Content-Length`), `/empty`
/// (204), anything else 404.
struct TestResponder: HTTPResponder {
    func bodyLimit(for head: HTTPRequestHead) -> Int? { head.path == "/small" ? 16 : nil }

    func respond(to request: HTTPRequest, connection: HTTPConnectionInfo) async -> HTTPResponse {
        let query = Self.query(request.head.query)
        switch request.head.path {
        case "/hello":
            return HTTPResponse(
                status: .ok,
                headers: ["Content-Type": "text/plain"],
                bytes: Array("Hello, World!".utf8)
            )
        case "/slow":
            try? await Task.sleep(for: .milliseconds(query["ms"].flatMap { Int($0) } ?? 100))
            return HTTPResponse(status: .ok, bytes: Array("slow".utf8))
        case "/echo", "/small":
            return HTTPResponse(status: .ok, bytes: request.body)
        case "/big":
            let count = query["bytes"].flatMap { Int($0) } ?? 1 << 20
            return HTTPResponse(status: .ok, bytes: [UInt8](repeating: UInt8(ascii: "b"), count: count))
        case "/stream":
            let chunks = query["chunks"].flatMap { Int($0) } ?? 3
            let size = query["size"].flatMap { Int($0) } ?? 10
            return HTTPResponse(
                status: .ok,
                body: .stream(
                    HTTPBodyStream { writer in
                        for index in 0..<chunks {
                            try await writer.write(
                                [UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: size)
                            )
                        }
                    }
                )
            )
        case "/head-length":
            return HTTPResponse(
                status: .ok,
                headers: ["Content-Length": "999", "Connection": "keep-alive"],
                bytes: Array("abc".utf8)
            )
        case "/empty":
            return HTTPResponse(status: .noContent)
        case "/info":
            return HTTPResponse(status: .ok, bytes: Array("\(connection.remoteAddress) \(connection.localPort)".utf8))
        default:
            return HTTPResponse(status: .notFound)
        }
    }

    static func query(_ query: Substring?) -> [Substring: Substring] {
        var pairs: [Substring: Substring] = [:]
        for item in (query ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1)
            pairs[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return pairs
    }
}

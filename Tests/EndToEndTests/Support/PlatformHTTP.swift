import Foundation
import TestSupport

/// One HTTP request per connection to a platform port, with `Connection: close`, bounded in time.
enum PlatformHTTP {
    /// Sends `GET path` to 127.0.0.1:`port` and reads the whole response.
    ///
    /// - Throws: when nothing listens on the port or the response does not arrive within `timeout`.
    static func get(
        _ port: Int,
        _ path: String,
        headers: [(String, String)] = [],
        timeout: Duration = .seconds(5)
    ) async throws -> HTTPTestResponse {
        try await HTTPTestClient.exchange(
            port: port,
            "GET",
            path,
            headers: headers + [("Connection", "close")],
            timeout: timeout
        )
    }

    /// The body as a JSON object, or `nil` when it is not one.
    static func object(_ response: HTTPTestResponse) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    }

    /// `error.code` of an error body in the platform's format `{"error":{"message":…,"code":…}}`, or `nil` when
    /// the body is not in that format (both fields must be non-empty strings).
    static func errorCode(_ response: HTTPTestResponse) -> String? {
        guard let error = object(response)?["error"] as? [String: Any],
            let message = error["message"] as? String, !message.isEmpty,
            let code = error["code"] as? String, !code.isEmpty
        else { return nil }
        return code
    }

    /// Whether the response declares a JSON body.
    static func isJSON(_ response: HTTPTestResponse) -> Bool {
        response.header("Content-Type")?.lowercased().hasPrefix("application/json") == true
    }
}

extension PlatformHTTP {
    /// Sends `method path` to the gateway with an optional JSON body, bearer token and extra headers.
    static func send(
        _ port: Int,
        _ method: String,
        _ path: String,
        json: Any? = nil,
        rawBody: [UInt8]? = nil,
        token: String? = nil,
        headers: [(String, String)] = [],
        timeout: Duration = .seconds(10)
    ) async throws -> HTTPTestResponse {
        var fields = headers + [("Connection", "close")]
        var body: [UInt8] = rawBody ?? []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
        }
        if json != nil || rawBody != nil { fields.append(("Content-Type", "application/json")) }
        if let token { fields.append(("Authorization", "Bearer \(token)")) }
        return try await HTTPTestClient.exchange(
            port: port,
            method,
            path,
            headers: fields,
            body: body,
            timeout: timeout
        )
    }
}

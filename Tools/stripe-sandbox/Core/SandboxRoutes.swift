import Cryptography
import HTTPCore
package import HTTPRouter
package import LogKit
package import Postgres

/// Who may call a route.
package enum RouteAuth: Sendable {
    /// The secret key only.
    case secret
    /// The secret key, or the publishable key (Stripe.js-style calls; the handler checks the client secret).
    case publishable
}

/// Registers Stripe API routes: each request is authenticated, its parameters decoded and validated against
/// the route's ``Schema``, and its handler run in one database transaction together with the
/// `Idempotency-Key` record, the `expand[]` of the result and the stored response.
package final class SandboxRoutes: Sendable {
    /// A route handler: returns the response object (expanded and serialised by the wrapper).
    package typealias Handler = @Sendable (Call) async throws -> JSON

    /// The underlying router (HTML pages register here directly).
    package let router: Router<BasicRequestContext>
    /// The database.
    package let postgres: PostgresClient
    /// The settings.
    package let config: SandboxConfig
    /// Work that becomes due as time passes.
    package let dueWork: DueWork
    /// The sandbox's logger (families log through it).
    package let logger: Logger

    /// Creates the registry on `router`.
    package init(router: Router<BasicRequestContext>, postgres: PostgresClient, config: SandboxConfig, logger: Logger) {
        self.router = router
        self.postgres = postgres
        self.config = config
        self.dueWork = DueWork()
        self.logger = logger
    }

    /// Registers a `GET` route (parameters from the query).
    package func get(_ path: String, schema: Schema = Schema(), auth: RouteAuth = .secret, _ handler: @escaping Handler)
    {
        register(path, method: .get, schema: schema, auth: auth, handler)
    }

    /// Registers a `POST` route (parameters from the form body; `Idempotency-Key` honoured).
    package func post(
        _ path: String,
        schema: Schema = Schema(),
        auth: RouteAuth = .secret,
        _ handler: @escaping Handler
    ) {
        register(path, method: .post, schema: schema, auth: auth, handler)
    }

    /// Registers a `DELETE` route.
    package func delete(
        _ path: String,
        schema: Schema = Schema(),
        auth: RouteAuth = .secret,
        _ handler: @escaping Handler
    ) {
        register(path, method: .delete, schema: schema, auth: auth, handler)
    }

    /// Runs `body` in a transaction of its own as `account` with no parameters (pages, due work, webhooks).
    package func transaction<Result: Sendable>(
        account: String? = nil,
        publicURL: String? = nil,
        _ body: (Call) async throws -> Result
    ) async throws -> Result {
        try await postgres.withTransaction { connection in
            let call = Call(
                params: Params(values: [:], prefix: nil),
                pathParameters: [:],
                account: account ?? config.platformAccount,
                config: config,
                now: try await SandboxClock.now(on: connection),
                connection: connection,
                requestID: "req_\(IDs.random(14))",
                idempotencyKey: nil,
                publishable: false,
                publicURL: publicURL ?? config.publicURL ?? "http://127.0.0.1:\(SandboxApplication.defaultPort)"
            )
            return try await body(call)
        }
    }

    private func register(
        _ path: String,
        method: HTTPMethod,
        schema: Schema,
        auth: RouteAuth,
        _ handler: @escaping Handler
    ) {
        let names = Self.parameterNames(path)
        router.on(path, method: method) { [self] request, context in
            let requestID = "req_\(IDs.random(14))"
            do {
                return try await handle(
                    request,
                    context: context,
                    names: names,
                    schema: schema,
                    auth: auth,
                    requestID: requestID,
                    handler: handler
                )
            } catch let error as StripeError {
                return Self.response(status: error.status, body: error.json.encoded(), requestID: requestID)
            } catch let error as PostgresError where error.sqlState == "57014" || error.sqlState == "55P03" {
                // Waited too long for a row another request (a long advance_time) holds: Stripe's answer.
                let busy = StripeError(
                    status: 429,
                    type: "invalid_request_error",
                    code: "lock_timeout",
                    message:
                        "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. Please retry."
                )
                return Self.response(status: 429, body: busy.json.encoded(), requestID: requestID)
            } catch {
                context.logger.error("stripe-sandbox: request failed", metadata: ["error": "\(error)"])
                let failure = StripeError(status: 500, type: "api_error", message: "An unexpected error occurred.")
                return Self.response(status: 500, body: failure.json.encoded(), requestID: requestID)
            }
        }
    }

    // swiftlint:disable:next function_body_length
    private func handle(
        _ request: Request,
        context: BasicRequestContext,
        names: [String],
        schema: Schema,
        auth: RouteAuth,
        requestID: String,
        handler: @escaping Handler
    ) async throws -> HTTPResponse {
        var form: [(String, FormValue)]
        if request.method == .post {
            form = try FormDecoding.decode(request.body) + FormDecoding.decode(Array((request.head.query ?? "").utf8))
        } else {
            form = try FormDecoding.decode(Array((request.head.query ?? "").utf8))
        }
        // Stripe.js sends the publishable key as the `key` parameter instead of a header.
        var bodyKey: String?
        if auth == .publishable, request.headers["Authorization"] == nil,
            let index = form.firstIndex(where: { $0.0 == "key" }), case .value(let key) = form[index].1
        {
            bodyKey = key
            form.remove(at: index)
        }
        let publishable = try authenticate(request, auth: auth, bodyKey: bodyKey)
        let requestedAccount = try Self.stripeAccount(request)
        let params = try schema.validate(form)
        var pathParameters: [String: String] = [:]
        for name in names {
            let value = context.parameters.get(name) ?? ""
            // An id is printable ASCII; anything else (a NUL, a control byte, unicode) names no object.
            guard !value.isEmpty, value.utf8.count <= 255, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw StripeError.resourceMissing(
                    "object",
                    value.unicodeScalars.map { $0.isASCII && $0.value > 0x20 ? String($0) : "?" }.joined(),
                    param: name
                )
            }
            pathParameters[name] = value
        }
        let idempotencyKey = request.method == .post ? request.headers["Idempotency-Key"] : nil
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.utf8.count > 255 {
            throw StripeError.invalidRequest(
                "Idempotency-Key must be 1 to 255 characters long.",
                param: "Idempotency-Key"
            )
        }
        let requestHash = Self.hash(method: request.method, path: request.path, form: form)
        let outcome: (status: Int, body: [UInt8], replayed: Bool) = try await postgres.withTransaction { connection in
            let account = requestedAccount ?? config.platformAccount
            if let requestedAccount, requestedAccount != config.platformAccount {
                let owner = try await ObjectStore(connection: connection, now: 0)
                    .find(requestedAccount, account: config.platformAccount, object: "account")
                guard owner != nil else {
                    throw StripeError(
                        status: 403,
                        type: "invalid_request_error",
                        code: "account_invalid",
                        message:
                            "The provided key does not have access to account '\(requestedAccount)' (or that account does not exist). Application access may have been revoked."
                    )
                }
            }
            if let idempotencyKey {
                if let stored = try await Self.claim(
                    key: idempotencyKey,
                    account: account,
                    hash: requestHash,
                    requestID: requestID,
                    on: connection
                ) {
                    return (stored.0, stored.1, true)
                }
            }
            let call = Call(
                params: params,
                pathParameters: pathParameters,
                account: account,
                config: config,
                now: try await SandboxClock.now(on: connection),
                connection: connection,
                requestID: requestID,
                idempotencyKey: idempotencyKey,
                publishable: publishable,
                publicURL: config.publicURL ?? Self.origin(of: request)
            )
            var status = 200
            var body: [UInt8]
            do {
                var result = try await handler(call)
                if let expand = params.strings("expand"), !expand.isEmpty {
                    // A publishable key (public by design) may expand what Stripe.js needs, nothing more.
                    if publishable, let other = expand.first(where: { $0 != "payment_method" }) {
                        throw StripeError.invalidRequest(
                            "This property cannot be expanded with a publishable key (\(other)).",
                            param: "expand"
                        )
                    }
                    result = try await Expansion(store: call.store, account: account, platform: config.platformAccount)
                        .expand(result, paths: expand)
                }
                body = result.encoded()
            } catch let error as StripeError where error.commit {
                status = error.status
                body = error.json.encoded()
            }
            if let idempotencyKey {
                try await connection.execute(
                    """
                    UPDATE stripe_sandbox.idempotency_keys SET status = \(status), body = \(body)
                    WHERE account = \(account) AND key = \(idempotencyKey)
                    """
                )
            }
            return (status, body, false)
        }
        var response = Self.response(status: outcome.status, body: outcome.body, requestID: requestID)
        if let idempotencyKey {
            response.headers.add("Idempotency-Key", idempotencyKey)
            if outcome.replayed { response.headers.add("Idempotent-Replayed", "true") }
        }
        return response
    }

    /// Claims `key` for this request, or returns the stored response of the earlier request with it.
    ///
    /// A concurrent request with the same key waits on the row until the first commits, then replays it.
    private static func claim(
        key: String,
        account: String,
        hash: String,
        requestID: String,
        on connection: PostgresConnection
    ) async throws -> (Int, [UInt8])? {
        let inserted = try await connection.execute(
            """
            INSERT INTO stripe_sandbox.idempotency_keys (account, key, request_hash, request_id)
            VALUES (\(account), \(key), \(hash), \(requestID))
            ON CONFLICT (account, key) DO NOTHING
            """
        )
        if inserted == 1 { return nil }
        let rows = try await connection.query(
            """
            SELECT request_hash, status, body FROM stripe_sandbox.idempotency_keys
            WHERE account = \(account) AND key = \(key)
            """
        )
        guard let row = rows.first else {
            throw StripeError(
                status: 409,
                type: "idempotency_error",
                code: "idempotency_key_in_use",
                message: "There is currently another in-progress request using this Stripe token."
            )
        }
        let (storedHash, status, body) = try row.decode((String, Int?, [UInt8]?).self)
        guard storedHash == hash else {
            throw StripeError(
                status: 400,
                type: "idempotency_error",
                message:
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '\(key)' if you meant to execute a different request."
            )
        }
        guard let status, let body else {
            throw StripeError(
                status: 409,
                type: "idempotency_error",
                code: "idempotency_key_in_use",
                message: "There is currently another in-progress request using this Stripe token."
            )
        }
        return (status, body)
    }

    /// Checks the API key; returns whether it was the publishable key.
    private func authenticate(_ request: Request, auth: RouteAuth, bodyKey: String?) throws(StripeError) -> Bool {
        if let bodyKey {
            guard ConstantTime.equals(Array(bodyKey.utf8), Array(config.publishableKey.utf8)) else {
                throw StripeError.authentication("Invalid API Key provided: \(Self.redact(bodyKey))")
            }
            return true
        }
        guard let header = request.headers["Authorization"] else {
            throw StripeError.authentication(
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
            )
        }
        var key: String
        if header.lowercased().hasPrefix("bearer ") {
            key = String(header.dropFirst(7)).trimmingSpaces
        } else if header.lowercased().hasPrefix("basic "),
            let decoded = try? Base64.decode(String(header.dropFirst(6)).trimmingSpaces)
        {
            key = String(decoding: decoded, as: UTF8.self)
            if let colon = key.firstIndex(of: ":") { key = String(key[..<colon]) }
        } else {
            throw StripeError.authentication(
                "Invalid API Key provided: the Authorization header must use Bearer or Basic auth."
            )
        }
        if ConstantTime.equals(Array(key.utf8), Array(config.secretKey.utf8)) { return false }
        if ConstantTime.equals(Array(key.utf8), Array(config.publishableKey.utf8)) {
            guard auth == .publishable else {
                throw StripeError.authentication(
                    "This API call cannot be made with a publishable API key. Please use a secret API key."
                )
            }
            return true
        }
        throw StripeError.authentication("Invalid API Key provided: \(Self.redact(key))")
    }

    private static func redact(_ key: String) -> String {
        guard key.count > 12 else { return String(repeating: "*", count: key.count) }
        return String(key.prefix(8)) + String(repeating: "*", count: key.count - 12) + String(key.suffix(4))
    }

    private static func stripeAccount(_ request: Request) throws(StripeError) -> String? {
        guard let account = request.headers["Stripe-Account"] else { return nil }
        guard account.hasPrefix("acct_"), account.count <= 64,
            account.dropFirst(5).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else {
            throw StripeError(
                status: 403,
                type: "invalid_request_error",
                code: "account_invalid",
                message: "The Stripe-Account header must be a connected account id such as acct_1234."
            )
        }
        return account
    }

    private static func hash(method: HTTPMethod, path: Substring, form: [(String, FormValue)]) -> String {
        var canonical = "\(method) \(path)\n"
        func append(_ value: FormValue, into text: inout String) {
            switch value {
            case .value(let string): text += "=\(string.utf8.count):\(string)"
            case .list(let elements):
                text += "["
                for element in elements { append(element, into: &text) }
                text += "]"
            case .map(let members):
                text += "{"
                for (key, member) in members.sorted(by: { $0.0 < $1.0 }) {
                    text += "\(key.utf8.count):\(key)"
                    append(member, into: &text)
                }
                text += "}"
            }
        }
        append(.map(form), into: &canonical)
        return Hex.encode(SHA256.hash(Array(canonical.utf8)))
    }

    static func response(status: Int, body: [UInt8], requestID: String) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: status),
            headers: [
                "Content-Type": "application/json", "Request-Id": requestID,
                "Stripe-Version": SandboxConfig.apiVersion, "Cache-Control": "no-cache, no-store",
            ],
            bytes: body
        )
    }

    /// `http://` + the request's `Host` (the sandbox's origin as the caller reached it).
    package static func origin(of request: Request) -> String {
        let host = request.headers["Host"] ?? "127.0.0.1:\(SandboxApplication.defaultPort)"
        let safe = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".:-[]".contains($0)) }
        return "http://" + (safe ? host : "127.0.0.1:\(SandboxApplication.defaultPort)")
    }

    private static func parameterNames(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

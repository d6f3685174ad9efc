package import ConfigKit
import Foundation
package import HTTPClient
import HTTPCore
import HTTPRouter
import LogKit

/// Where the OpenAI-compatible model lives: `CATALOG_LLM_BASE_URL` (e.g. `https://api.openai.com/v1`),
/// `CATALOG_LLM_API_KEY` (secret; sent as `Authorization: Bearer …`, omitted when unset), `CATALOG_LLM_MODEL`,
/// `CATALOG_LLM_TIMEOUT` (default 10s).
package struct LLMConfiguration: Sendable {
    package var baseURL: String
    package var apiKey: String?
    package var model: String
    package var timeout: Duration

    /// The configuration, or `nil` when `CATALOG_LLM_BASE_URL` is unset (the deterministic drafter alone).
    ///
    /// - Throws: ``ConfigError`` for a base URL that is not http(s), a missing model, or a bad timeout.
    package static func load(from reader: ConfigReader) throws(ConfigError) -> LLMConfiguration? {
        let llm = reader.scoped("CATALOG").scoped("LLM")
        let apiKey = llm.optionalString("API_KEY", secret: true)
        let model = llm.optionalString("MODEL")
        let timeout = try llm.duration("TIMEOUT", default: .seconds(10))
        guard let baseURL = llm.optionalString("BASE_URL") else { return nil }
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw ConfigError(key: llm.fullKey("BASE_URL"), problem: "must be an http:// or https:// URL")
        }
        guard let model else {
            throw ConfigError(key: llm.fullKey("MODEL"), problem: "is required when CATALOG_LLM_BASE_URL is set")
        }
        guard timeout > .zero else { throw ConfigError(key: llm.fullKey("TIMEOUT"), problem: "must be positive") }
        var trimmed = Substring(baseURL)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return LLMConfiguration(baseURL: String(trimmed), apiKey: apiKey, model: model, timeout: timeout)
    }
}

/// Asks an OpenAI-compatible chat-completions endpoint for a draft and validates it with ``PayLinkInput``, like a
/// `POST /paylinks` body.
package struct LLMDrafter: Sendable {
    /// Why the model's answer was not used (logged; never contains the key, the prompt or the answer).
    package enum Failure: Error, Equatable, CustomStringConvertible {
        case transport(String)
        case status(Int)
        case malformedResponse
        case invalidDraftJSON
        /// The answer is not a valid create request; the create validator's message (field and rule, no value).
        case invalidDraft(String)

        package var description: String {
            switch self {
            case .transport(let code): "transport: \(code)"
            case .status(let status): "status \(status)"
            case .malformedResponse: "response is not a chat completion"
            case .invalidDraftJSON: "message content is not a draft JSON object"
            case .invalidDraft(let message): "draft is not a valid create request: \(message)"
            }
        }
    }

    static let systemPrompt = """
        You turn a seller's description into a PayLinks payment link draft. Answer with one JSON object and \
        nothing else, with these keys: "title" (short, max 80 characters, in the prompt's language), \
        "description" (one or two sentences), "priceType" ("FIXED", "PAY_WHAT_YOU_WANT" or "FREE"), \
        "serviceType" ("SERVICE", "DIGITAL_PRODUCT" or "SUBSCRIPTION"), "amount" (integer in minor units, \
        e.g. 4999 for 49.99; 0 for FREE), "currency" ("RON", "EUR" or "GBP"; lei means RON), "minAmount" \
        (integer minor units or null; only for PAY_WHAT_YOU_WANT), "recurringInterval" ("month" or "year" for \
        SUBSCRIPTION, otherwise null).
        """

    let configuration: LLMConfiguration
    let client: HTTPClient

    package init(configuration: LLMConfiguration, client: HTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    /// The model's draft for `prompt`, validated like a create request.
    package func draft(prompt: String, defaultCurrency: String) async -> Result<PayLinkDraft, Failure> {
        let body: [UInt8]
        do {
            body = try JSONCoding.encode(
                ChatRequest(
                    model: configuration.model,
                    messages: [
                        .init(role: "system", content: Self.systemPrompt + " Default currency: \(defaultCurrency)."),
                        .init(role: "user", content: prompt),
                    ],
                    responseFormat: .init(type: "json_object"),
                    temperature: 0
                )
            )
        } catch {
            return .failure(.malformedResponse)
        }
        var headers: HTTPFields = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey = configuration.apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(
                HTTPClientRequest(
                    method: .post,
                    url: configuration.baseURL + "/chat/completions",
                    headers: headers,
                    body: body
                ),
                timeout: configuration.timeout
            )
        } catch {
            return .failure(.transport(error.code.description))
        }
        guard response.status.code == 200 else { return .failure(.status(response.status.code)) }
        guard let completion = try? JSONCoding.decode(ChatCompletion.self, from: response.body),
            let content = completion.choices.first?.message.content
        else { return .failure(.malformedResponse) }
        return Self.parse(content: content, defaultCurrency: defaultCurrency)
    }

    /// Validates a message's content (a JSON object, optionally inside a ``` fence) as a `POST /paylinks` body,
    /// with ``PayLinkInput/created(defaultCurrency:)``: the one rule set for a create request.
    static func parse(content: String, defaultCurrency: String) -> Result<PayLinkDraft, Failure> {
        var text = DraftText.trimmed(content)
        if text.hasPrefix("```") {
            text = String(text.drop(while: { $0 != "\n" }))
            if text.hasSuffix("```") { text.removeLast(3) }
            text = DraftText.trimmed(text)
        }
        guard text.hasPrefix("{"),
            let answer = try? JSONCoding.decode(JSONValue.self, from: Array(text.utf8)),
            case .object = answer
        else { return .failure(.invalidDraftJSON) }
        do {
            let fields = try PayLinkInput(answer).created(defaultCurrency: defaultCurrency)
            return .success(PayLinkDraft(fields, source: .llm))
        } catch {
            // PayLinkInput's messages name the field and the rule, never the value sent.
            return .failure(.invalidDraft(error.message))
        }
    }
}

private struct ChatRequest: Encodable {
    struct Message: Encodable {
        var role: String
        var content: String
    }
    struct ResponseFormat: Encodable {
        var type: String
    }
    var model: String
    var messages: [Message]
    var responseFormat: ResponseFormat
    var temperature: Int

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature
        case responseFormat = "response_format"
    }
}

private struct ChatCompletion: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
        }
        var message: Message
    }
    var choices: [Choice]
}

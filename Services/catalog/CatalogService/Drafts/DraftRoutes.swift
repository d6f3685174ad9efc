import HTTPClient
import HTTPCore
import HTTPRouter
import LogKit
import ServiceIdentity
import ServiceRuntime

/// `POST /paylinks/ai-draft {prompt}` → 200 an unsaved paylink draft (``PayLinkDraft``).
///
/// The signed-in seller is required (401 otherwise); `prompt` is 1–2000 characters (400 otherwise). With an
/// OpenAI-compatible model configured (``LLMConfiguration``) the model is asked first and its answer is used when
/// it passes ``PayLinkInput`` (the `POST /paylinks` validator); on any failure, timeout or invalid answer the deterministic
/// ``RuleBasedDrafter`` answers instead. `source` says which one did (`"llm"` or `"rules"`).
enum DraftRoutes {
    static let maximumPromptLength = 2000

    static func register(on api: RouterGroup<ServiceRequestContext>, environment: ServiceEnvironment) throws {
        let llm = try LLMConfiguration.load(from: environment.reader).map { configuration in
            // One client (one thread) for the process; it stops when the router is released.
            LLMDrafter(configuration: configuration, client: HTTPClient(logger: environment.logger))
        }
        let rules = RuleBasedDrafter()
        api.post("/paylinks/ai-draft") { request, context in
            _ = try PayLinkRoutes.seller(context)
            let body = try request.decode(as: DraftRequest.self)
            let prompt = DraftText.trimmed(body.prompt)
            guard (1...maximumPromptLength).contains(prompt.count) else {
                throw HTTPError(
                    .badRequest,
                    code: .validationError,
                    message: "prompt must be 1 to \(maximumPromptLength) characters"
                )
            }
            let currency = context.identity?.currency.flatMap { PayLinkInput.currencies.contains($0) ? $0 : nil }
            let defaultCurrency = currency ?? "RON"
            if let llm {
                switch await llm.draft(prompt: prompt, defaultCurrency: defaultCurrency) {
                case .success(let draft): return draft
                case .failure(let failure):
                    context.logger.warning("ai draft fell back to rules", metadata: ["reason": "\(failure)"])
                }
            }
            return rules.draft(prompt: prompt, defaultCurrency: defaultCurrency)
        }
    }
}

private struct DraftRequest: Decodable {
    var prompt: String
}

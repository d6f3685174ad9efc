package import HTTPCore
package import HTTPRouter

/// The sandbox's small browser pages (onboarding, 3-D Secure challenges, receipts): one page shell, HTML
/// escaping, the 303 back to the caller's site and reading a field of a posted form. Pages are
/// self-contained (no external assets), never cached or framed.
package enum HTMLPage {
    /// `text` with `& < > " '` escaped, safe inside element text and quoted attribute values.
    package static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Registers the browser page at `path` on `router`: `GET` shows it (`respond` gets `submit == false`) and
    /// `POST` (the page's own form) submits it (`submit == true`).
    package static func register(
        _ router: Router<BasicRequestContext>,
        _ path: String,
        respond: @escaping @Sendable (Request, BasicRequestContext, _ submit: Bool) async -> HTTPResponse
    ) {
        router.on(path, method: .get) { request, context in await respond(request, context, false) }
        router.on(path, method: .post) { request, context in await respond(request, context, true) }
    }

    /// A complete HTML page: `title` (escaped here) is the document title and the page's `<h1>`; `body` is
    /// HTML the caller built (and escaped).
    package static func response(_ status: HTTPStatus, title: String, body: String) -> HTTPResponse {
        let text = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a2e}\
            button{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem .3rem 0 0;border:0;border-radius:6px;\
            background:#635bff;color:#fff;cursor:pointer}button.secondary{background:#8a8a9e}\
            .badge{display:inline-block;background:#ffe8a3;padding:.1rem .5rem;border-radius:4px;font-size:.8rem}</style>
            </head><body>
            <p class="badge">Stripe sandbox (test mode)</p>
            <h1>\(escape(title))</h1>
            \(body)
            </body></html>

            """
        return HTTPResponse(
            status: status,
            headers: [
                "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            ],
            bytes: Array(text.utf8)
        )
    }

    /// A 303 See Other to `url` (the caller checked it is safe for a `Location` header), not cached.
    package static func redirect(_ url: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": url, "Cache-Control": "no-store"], bytes: [])
    }

    /// The value of the plain field `name` (`name=value`) of a form-encoded POST `body`; `nil` when the body
    /// is malformed, the field is missing or it is not a plain value (`name[]=…`). The first one counts.
    package static func formField(_ name: String, in body: [UInt8]) -> String? {
        guard let form = try? FormDecoding.decode(body),
            case .value(let value)? = form.first(where: { $0.0 == name })?.1
        else { return nil }
        return value
    }
}

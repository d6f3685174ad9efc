/// A parsed route path such as `/paylinks/{id}`, `/files/*/meta` or `/api/v1/**`.
///
/// Segments are separated by `/`; empty segments are ignored, so `/a//b/` is `/a/b`. A segment is one of:
/// - a literal, matched byte for byte against the still percent-encoded request segment;
/// - `{name}`, a parameter capturing one segment (percent-decoded, see ``RouteParameters``);
/// - `*`, a wildcard matching any one segment without capturing it;
/// - `**`, a catch-all matching one or more remaining segments, only as the last segment; the raw
///   remainder is ``RouteParameters/catchAll``.
///
/// Malformed patterns (an unclosed `{`, an empty or repeated name, `**` before the end) are programming
/// errors and trap.
struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a pattern.
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case wildcard
        case catchAll
    }

    let segments: [Segment]

    init(segments: [Segment]) {
        if let index = segments.firstIndex(of: .catchAll) {
            precondition(index == segments.count - 1, "`**` must be the last segment of \(Self.render(segments))")
        }
        let names = segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
        precondition(Set(names).count == names.count, "\(Self.render(segments)) repeats a parameter name")
        self.segments = segments
    }

    init(_ path: String) {
        self.init(segments: path.split(separator: "/", omittingEmptySubsequences: true).map(Self.segment))
    }

    /// The pattern as written, normalised: `/paylinks/{id}`; the root is `/`.
    var description: String { Self.render(segments) }

    private static func render(_ segments: [Segment]) -> String {
        guard !segments.isEmpty else { return "/" }
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += "/" + literal
            case .parameter(let name): text += "/{" + name + "}"
            case .wildcard: text += "/*"
            case .catchAll: text += "/**"
            }
        }
        return text
    }

    /// The pattern with parameter names erased, so `/a/{id}` and `/a/{slug}` compare equal (they overlap).
    var shape: [Segment] {
        segments.map { if case .parameter = $0 { .parameter("") } else { $0 } }
    }

    /// This pattern followed by `other`, as a group prefix followed by a route.
    func appending(_ other: RoutePattern) -> RoutePattern {
        RoutePattern(segments: segments + other.segments)
    }

    private static func segment(_ text: Substring) -> Segment {
        switch text {
        case "*": return .wildcard
        case "**": return .catchAll
        default: break
        }
        if text.first == "{" || text.last == "}" {
            let name = text.dropFirst().dropLast()
            precondition(
                text.first == "{" && text.last == "}" && !name.isEmpty && !name.contains("{") && !name.contains("}"),
                "malformed route parameter segment \(text)"
            )
            return .parameter(String(name))
        }
        return .literal(String(text))
    }
}

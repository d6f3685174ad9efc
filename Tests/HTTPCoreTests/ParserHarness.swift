import HTTPCore
import Testing

/// What feeding a whole input to a parser produced: the events (consecutive body pieces merged) and the
/// error that stopped it, if any.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var events: [HTTPParserEvent] = []
    var error: HTTPParserError?

    var description: String { "events: \(events), error: \(error.map(String.init(describing:)) ?? "none")" }
}

/// Drives an ``HTTPRequestParser`` the way a connection does, for tests.
enum ParserHarness {
    /// Bound on `nextEvent()` calls per input, so a parser that loops fails the test instead of hanging.
    static let maxIterations = 1_000_000

    /// Feeds `input` in pieces of `pieceSize` bytes (or cut at `cuts`), draining events after each feed.
    ///
    /// - Parameter bodyLimit: when set, applied with `setBodyLimit` right after every `.head`.
    static func parse(
        _ input: [UInt8],
        limits: HTTPParserLimits = .init(),
        pieceSize: Int = .max,
        cuts: [Int] = [],
        bodyLimit: Int? = nil
    ) -> ParseOutcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParseOutcome()
        var boundaries = cuts.filter { $0 > 0 && $0 < input.count }
        if pieceSize < input.count {
            boundaries += Array(stride(from: pieceSize, to: input.count, by: pieceSize))
        }
        boundaries = Array(Set(boundaries + [input.count])).sorted()
        var start = 0
        var iterations = 0
        for end in boundaries {
            parser.feed(Array(input[start..<end]))
            start = end
            do throws(HTTPParserError) {
                while let event = try parser.nextEvent() {
                    iterations += 1
                    guard iterations < maxIterations else {
                        Issue.record("the parser did not make progress after \(iterations) events")
                        return outcome
                    }
                    append(event, to: &outcome.events)
                    if case .head = event, let bodyLimit { parser.setBodyLimit(bodyLimit) }
                }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        return outcome
    }

    /// Appends an event, merging a body piece into a preceding one so feeding patterns compare equal.
    static func append(_ event: HTTPParserEvent, to events: inout [HTTPParserEvent]) {
        if case .body(let more) = event, case .body(let previous)? = events.last {
            events[events.count - 1] = .body(previous + more)
        } else {
            events.append(event)
        }
    }

    /// A head with the given fields, for expected events.
    static func head(
        _ method: HTTPMethod,
        _ target: String,
        version: HTTPVersion = .http1_1,
        _ fields: [(String, String)]
    ) -> HTTPParserEvent {
        .head(HTTPRequestHead(method: method, target: target, version: version, headers: HTTPFields(fields)))
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of a string literal, for raw requests.
    init(raw: String) { self = Array(raw.utf8) }
}

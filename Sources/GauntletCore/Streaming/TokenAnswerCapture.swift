import Foundation

/// Reads one OpenAI-compatible answer for its tokens as its bytes arrive, on the load engine's
/// sending thread: a stream event by event (each chunk with text timed at the arrival of the bytes
/// that completed it), a whole answer at its end. Reused from answer to answer on one connection.
public struct TokenAnswerCapture: Sendable {
    public let reading: TokenReading
    private var parser = ServerSentEventParser()
    private var reader = CompletionStreamReader()
    /// The gaps between consecutive tokens of the current answer, for the ITL histogram.
    public private(set) var gaps: [Nanoseconds] = []
    private var longestGap: Nanoseconds?
    /// A whole answer's body, up to ``wholeBodyLimit``.
    private var body: [UInt8] = []
    private var bodyOverflowed = false
    private var pendingEvents: [ServerSentEventParser.Event] = []

    /// The most of a whole (non-streamed) answer kept to read its `usage`; a longer one reads as
    /// bad JSON rather than memory growing with whatever a server sends.
    public static let wholeBodyLimit = 4 << 20

    public init(reading: TokenReading) {
        precondition(reading != .none, "a capture reads tokens")
        self.reading = reading
    }

    /// The event that broke the stream (bad JSON, an error), for a failure sample.
    public var problemEvent: String? { reader.problemEvent }

    /// Ready for the next answer.
    public mutating func reset() {
        parser.reset()
        reader.reset()
        gaps.removeAll(keepingCapacity: true)
        longestGap = nil
        body.removeAll(keepingCapacity: body.capacity <= 256 << 10)
        bodyOverflowed = false
    }

    /// Bytes of the answer's body that arrived at `time` (any clock, the same for the whole answer).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, at time: Nanoseconds) {
        switch reading {
        case .stream:
            // Events are gathered, then read: the parser and the reader are both parts of `self`.
            // The buffer is kept between pieces, so a chunk allocates no array.
            var events = pendingEvents
            pendingEvents = []
            events.removeAll(keepingCapacity: true)
            parser.feed(bytes) { events.append($0) }
            defer { pendingEvents = events }
            for event in events {
                reader.read(event, at: time) { gap in
                    gaps.append(gap)
                    if gap > (longestGap ?? 0) { longestGap = gap }
                }
            }
        case .whole:
            guard !bodyOverflowed else { return }
            if body.count + bytes.count > Self.wholeBodyLimit {
                bodyOverflowed = true
                body = []
            } else {
                body.append(contentsOf: bytes)
            }
        case .none:
            break
        }
    }

    /// The answer's token figures, and what was wrong with it as a token answer, once its last
    /// byte arrived. Times are from `intended` (the request's intended send time), on the clock
    /// `feed` was given; `finished` is when the answer ended.
    public mutating func finish(intended: Nanoseconds, finished: Nanoseconds) -> (TokenOutcome, ErrorKind?) {
        func since(_ time: Nanoseconds?) -> Nanoseconds? { time.map { $0 >= intended ? $0 - intended : 0 } }
        switch reading {
        case .stream:
            let problem = reader.finish(cut: parser.isInsideAnEvent)
            let outcome = TokenOutcome(
                timeToFirstToken: since(reader.firstTokenAt), timePerOutputToken: reader.timePerOutputToken,
                longestGap: longestGap, outputTokens: reader.outputTokens, inputTokens: reader.promptTokens,
                outputFromUsage: reader.tokensFromUsage)
            return (outcome, problem.map(ErrorKind.init))
        case .whole, .none:
            return readWhole(latency: since(finished) ?? 0)
        }
    }

    /// A whole answer: `usage` for the counts, its text for whether any token came; its first
    /// token arrived with the rest of it.
    private func readWhole(latency: Nanoseconds) -> (TokenOutcome, ErrorKind?) {
        let empty = TokenOutcome(
            timeToFirstToken: nil, timePerOutputToken: nil, longestGap: nil, outputTokens: 0, inputTokens: nil,
            outputFromUsage: false)
        guard !bodyOverflowed, let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return (empty, .streamBadJSON)
        }
        if object["error"] != nil { return (empty, .streamError) }
        let usage = object["usage"] as? [String: Any]
        let completion = usage?["completion_tokens"] as? Int
        let text = (object["choices"] as? [[String: Any]] ?? []).compactMap { choice -> String? in
            (choice["message"] as? [String: Any])?["content"] as? String ?? choice["text"] as? String
        }.joined()
        let outcome = TokenOutcome(
            timeToFirstToken: (completion ?? text.count) > 0 ? latency : nil, timePerOutputToken: nil, longestGap: nil,
            outputTokens: completion ?? 0, inputTokens: usage?["prompt_tokens"] as? Int, outputFromUsage: completion != nil)
        return (outcome, nil)
    }
}

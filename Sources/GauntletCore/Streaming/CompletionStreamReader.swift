import Foundation

/// What an OpenAI-compatible streaming answer (`/v1/completions` or `/v1/chat/completions` with
/// `stream: true`) said, read event by event as it arrives: when each piece of text came, how
/// many tokens the server counted (`usage`, when it sends it), and what was wrong with the stream.
///
/// A chunk carries text in `choices[].text` (completions) or `choices[].delta.content` (chat);
/// each chunk with text is taken as one token, which is what vLLM, TGI and llama.cpp send, and
/// the report says so when the server's own `usage` count is missing.
public struct CompletionStreamReader: Sendable {
    /// Why a stream cannot be trusted, by kind, as the report counts them.
    public enum Problem: String, Sendable, CaseIterable, Codable {
        /// It ended without `data: [DONE]`.
        case noDone = "stream_without_done"
        /// An event's data was not a JSON object.
        case badJSON = "stream_bad_json"
        /// The server sent an error inside the stream (an `error` event or an `error` object).
        case errorEvent = "stream_error"
        /// It stopped inside an event: a line or an event without its end.
        case cutMidEvent = "stream_cut"
    }

    /// When the first chunk with text arrived, and the last.
    public private(set) var firstTokenAt: Nanoseconds?
    public private(set) var lastTokenAt: Nanoseconds?
    /// Chunks that carried text: the token count when the server sends no `usage`.
    public private(set) var textChunks = 0
    /// The server's own counts, from the `usage` object (sent last when asked with
    /// `stream_options: {include_usage: true}`).
    public private(set) var promptTokens: Int?
    public private(set) var completionTokens: Int?
    public private(set) var sawDone = false
    /// The first thing found wrong, if any (a stream is counted once, by its first problem).
    public private(set) var problem: Problem?
    /// The event that showed it (`event: TYPE` and its data), for a failure sample; nil when the
    /// problem is the stream's end.
    public private(set) var problemEvent: String?
    /// The text, reassembled, when asked to keep it.
    public private(set) var text = ""
    private let keepsText: Bool

    public init(keepsText: Bool = false) { self.keepsText = keepsText }

    /// Output tokens: the server's count when it gave one, else the chunks with text.
    public var outputTokens: Int { completionTokens ?? textChunks }
    /// Whether ``outputTokens`` is the server's count (`usage`) rather than counted from chunks.
    public var tokensFromUsage: Bool { completionTokens != nil }

    /// Reads one event that arrived at `time`; `gap` gets the time since the previous chunk with
    /// text (an inter-token latency) for every chunk with text after the first.
    public mutating func read(_ event: ServerSentEventParser.Event, at time: Nanoseconds, gap: (Nanoseconds) -> Void = { _ in }) {
        if event.type == "error" {
            note(.errorEvent, event)
            return
        }
        var data = event.data
        var done = false
        let facts: CompletionChunkScanner.Facts? = data.withUTF8 { bytes in
            // `[DONE]`, spaces around it allowed, is the end; anything else is a JSON chunk.
            var start = 0, end = bytes.count
            while start < end && bytes[start] == 0x20 { start += 1 }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
            if end - start == 6 && memcmp(bytes.baseAddress! + start, "[DONE]", 6) == 0 {
                done = true
                return nil
            }
            return CompletionChunkScanner.scan(bytes)
        }
        if done {
            sawDone = true
            return
        }
        guard let facts else {
            note(.badJSON, event)
            return
        }
        if facts.hasError {
            note(.errorEvent, event)
            return
        }
        if let prompt = facts.promptTokens { promptTokens = prompt }
        if let completion = facts.completionTokens { completionTokens = completion }
        guard facts.textPieces > 0 else { return }
        if let last = lastTokenAt { gap(time >= last ? time - last : 0) }
        if firstTokenAt == nil { firstTokenAt = time }
        lastTokenAt = time
        textChunks += 1
        // The text itself (escapes decoded) only when asked: tests and interop checks, not load.
        if keepsText, let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] {
            text += (object["choices"] as? [[String: Any]] ?? []).compactMap { choice -> String? in
                (choice["delta"] as? [String: Any])?["content"] as? String ?? choice["text"] as? String
            }.joined()
        }
    }

    /// The stream's end: what was wrong with it, if anything. `cut` says the bytes stopped
    /// inside an event (``ServerSentEventParser/isInsideAnEvent``).
    public mutating func finish(cut: Bool) -> Problem? {
        if cut { note(.cutMidEvent) }
        if !sawDone { note(.noDone) }
        return problem
    }

    /// Time per output token after the first: (last − first) / (tokens − 1); nil with fewer than two.
    public var timePerOutputToken: Nanoseconds? {
        guard let first = firstTokenAt, let last = lastTokenAt, outputTokens > 1 else { return nil }
        return (last - first) / UInt64(outputTokens - 1)
    }

    /// Forgets everything, for the next answer on a reused transfer.
    public mutating func reset() { self = CompletionStreamReader(keepsText: keepsText) }

    private mutating func note(_ found: Problem, _ event: ServerSentEventParser.Event? = nil) {
        guard problem == nil else { return }
        problem = found
        problemEvent = event.map { "event: \($0.type)\ndata: \($0.data)" }
    }
}

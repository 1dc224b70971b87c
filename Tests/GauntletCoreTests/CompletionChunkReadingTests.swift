import Foundation
import GauntletCore
import Testing

/// The stream reader's own one-pass JSON reading gives the verdicts Foundation's JSONSerialization
/// gives, chunk by chunk: valid or not, an error in it, text in it, usage counts.
@Suite struct CompletionChunkReadingTests {
    /// What one event's data says, as JSONSerialization reads it.
    static func reference(_ data: String) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] else { return "bad" }
        if object["error"] != nil { return "error" }
        let usage = object["usage"] as? [String: Any]
        let prompt = (usage?["prompt_tokens"] as? NSNumber).flatMap { $0.doubleValue == $0.doubleValue.rounded() ? $0.intValue : nil }
        let completion = (usage?["completion_tokens"] as? NSNumber).flatMap { $0.doubleValue == $0.doubleValue.rounded() ? $0.intValue : nil }
        let texts = (object["choices"] as? [[String: Any]] ?? []).filter { choice in
            let text = (choice["delta"] as? [String: Any])?["content"] as? String ?? choice["text"] as? String
            return !(text ?? "").isEmpty
        }
        return "text \(texts.isEmpty ? 0 : 1) prompt \(prompt.map(String.init) ?? "-") completion \(completion.map(String.init) ?? "-")"
    }

    /// The same, as the reader reads it.
    static func ours(_ data: String) -> String {
        var reader = CompletionStreamReader()
        reader.read(ServerSentEventParser.Event(data: data), at: 0)
        switch reader.finish(cut: false) {
        case .badJSON?: return "bad"
        case .errorEvent?: return "error"
        default:
            return "text \(reader.textChunks) prompt \(reader.promptTokens.map(String.init) ?? "-") completion \(reader.completionTokens.map(String.init) ?? "-")"
        }
    }

    static let chunks: [String] = [
        #"{"choices":[{"index":0,"delta":{"content":"hi"}}]}"#,
        #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
        #"{"choices":[{"index":0,"delta":{"content":null}}]}"#,
        #"{"choices":[{"index":0,"text":" a \"quoted\" \\ \u00e9 word\n"}]}"#,
        #"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}}"#,
        #"{"choices":[],"usage":{"prompt_tokens":1.5,"completion_tokens":2}}"#,
        #"{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"y"}}]}"#,
        #"  {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"t"},"logprobs":null,"finish_reason":null}]}  "#,
        #"{"error":{"message":"overloaded","type":"server_error","code":503}}"#,
        #"{"object":"error","message":"x","error":null}"#,
        #"{"choices":[{"delta":{"content":"a","extra":{"error":1}}}]}"#,
        #"{"nested":[[[[{"a":[true,false,null,-0.5e-3]}]]]]}"#,
        // Not JSON objects.
        #"{"choices": [not json"#, #"{"choices":[]"#, #"["a"]"#, #""text""#, "", "{", #"{"a":1,}"#, #"{"a" 1}"#,
        "{\"a\":\"tab\tinside\"}", #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#,
        #"{"a":tru}"#, #"{"a":1} {"b":2}"#, #"{"a":1}x"#, #"{'a':1}"#, #"{"a":[1,2,]}"#,
    ]

    /// Foundation on Linux accepts a trailing comma; RFC 8259 (and Python's json, and every server's
    /// encoder) does not, and neither does the reader.
    static let trailingCommas = [#"{"a":1,}"#, #"{"a":[1,2,]}"#]

    @Test(arguments: chunks)
    func oneChunkReadsAsJSONSerializationReadsIt(_ data: String) {
        let expected = Self.trailingCommas.contains(data) ? "bad" : Self.reference(data)
        #expect(Self.ours(data) == expected, "\(data)")
    }

    /// Random mutations of a real chunk (a byte dropped, changed or doubled): the verdicts agree.
    @Test func mutatedChunksReadTheSame() {
        var random = Xoshiro256StarStar(seed: 15)
        let sources = [Array(Self.chunks[7].utf8), Array(Self.chunks[4].utf8), Array(Self.chunks[3].utf8)]
        var disagreements: [String] = []
        for trial in 0..<3_000 {
            var bytes = sources[trial % sources.count]
            let position = Int(random.next() % UInt64(bytes.count))
            let symbols = Array(#"{}[]":,\ "0-e.tn"#.utf8)
            switch random.next() % 3 {
            case 0: bytes.remove(at: position)
            case 1: bytes[position] = symbols[Int(random.next() % UInt64(symbols.count))]
            default: bytes.insert(bytes[position], at: position)
            }
            guard let text = String(validating: bytes, as: UTF8.self),
                  !text.contains(",}") && !text.contains(",]") else { continue }
            if Self.ours(text) != Self.reference(text) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

/// A broken stream keeps the event that broke it, for the failure sample.
@Suite struct StreamProblemEventTests {
    @Test func theBreakingEventIsKept() {
        var reader = CompletionStreamReader()
        reader.read(ServerSentEventParser.Event(data: #"{"choices":[{"delta":{"content":"a"}}]}"#), at: 1)
        reader.read(ServerSentEventParser.Event(data: #"{"choices": [not json"#), at: 2)
        reader.read(ServerSentEventParser.Event(data: #"{"error":{"message":"later"}}"#), at: 3)
        #expect(reader.finish(cut: false) == .badJSON)
        #expect(reader.problemEvent == "event: message\ndata: {\"choices\": [not json")
        var ended = CompletionStreamReader()
        #expect(ended.finish(cut: true) == .cutMidEvent && ended.problemEvent == nil)
    }
}

import Foundation
import GauntletCore
import Testing

/// OpenAI-compatible streams read chunk by chunk: token times, counts, and what is wrong (issue 15).
@Suite struct CompletionStreamReaderTests {
    static let ms: UInt64 = 1_000_000

    /// Feeds `stream` in one piece per element, each arriving at its time; returns the reader, the
    /// inter-token gaps it reported, and its verdict.
    static func read(_ pieces: [(String, UInt64)], keepsText: Bool = true)
        -> (reader: CompletionStreamReader, gaps: [UInt64], problem: CompletionStreamReader.Problem?)
    {
        var parser = ServerSentEventParser()
        var reader = CompletionStreamReader(keepsText: keepsText)
        var gaps: [UInt64] = []
        for (piece, time) in pieces {
            parser.feed(piece) { event in reader.read(event, at: time) { gaps.append($0) } }
        }
        let problem = reader.finish(cut: parser.isInsideAnEvent)
        return (reader, gaps, problem)
    }

    static func chat(_ text: String) -> String {
        "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\(json(text))},\"finish_reason\":null}]}\n\n"
    }

    static func completion(_ text: String) -> String {
        "data: {\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\(json(text))}]}\n\n"
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    @Test func aChatStreamGivesFirstTokenGapsAndTimePerToken() {
        // A role-only first chunk (no text), then four tokens 40, 50, 60 ms apart, usage, [DONE].
        let result = Self.read([
            ("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n", 5 * Self.ms),
            (Self.chat("The"), 120 * Self.ms),
            (Self.chat(" quick"), 160 * Self.ms),
            (Self.chat(" brown"), 210 * Self.ms),
            (Self.chat(" fox"), 270 * Self.ms),
            ("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n", 271 * Self.ms),
            ("data: [DONE]\n\n", 272 * Self.ms),
        ])
        #expect(result.problem == nil)
        #expect(result.reader.firstTokenAt == 120 * Self.ms)
        #expect(result.reader.lastTokenAt == 270 * Self.ms)
        #expect(result.gaps == [40 * Self.ms, 50 * Self.ms, 60 * Self.ms])
        #expect(result.reader.timePerOutputToken == 50 * Self.ms)
        #expect(result.reader.outputTokens == 4)
        #expect(result.reader.tokensFromUsage)
        #expect(result.reader.promptTokens == 12)
        #expect(result.reader.text == "The quick brown fox")
    }

    @Test func withoutUsageTokensAreCountedFromChunks() {
        let result = Self.read([
            (Self.completion("Once") + Self.completion(" upon"), 10 * Self.ms),
            (Self.completion(" a") + "data: [DONE]\n\n", 30 * Self.ms),
        ])
        #expect(result.problem == nil)
        #expect(result.reader.outputTokens == 3)
        #expect(!result.reader.tokensFromUsage)
        // Two tokens in one piece arrived together: a gap of 0, honestly.
        #expect(result.gaps == [0, 20 * Self.ms])
        #expect(result.reader.text == "Once upon a")
    }

    @Test(arguments: [
        // No [DONE]: the server closed without saying it was finished.
        ([chat("a"), chat("b")], CompletionStreamReader.Problem.noDone),
        // Bad JSON in an event, even with [DONE] after it.
        ([chat("a"), "data: {\"choices\": [\n\n", "data: [DONE]\n\n"], .badJSON),
        // An error object in the stream (vLLM, OpenAI), and an `event: error` (TGI).
        ([chat("a"), "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n", "data: [DONE]\n\n"], .errorEvent),
        ([chat("a"), "event: error\ndata: {\"message\":\"out of memory\"}\n\n"], .errorEvent),
        // Cut mid-token: the bytes stop inside an event.
        ([chat("a"), "data: {\"choices\":[{\"delta\":{\"content\":\"b"], .cutMidEvent),
    ] as [([String], CompletionStreamReader.Problem)])
    func aMalformedStreamIsCountedByItsFirstProblem(pieces: [String], expected: CompletionStreamReader.Problem) {
        let result = Self.read(pieces.enumerated().map { ($1, UInt64($0 + 1) * Self.ms) })
        #expect(result.problem == expected)
        // What came before the problem is still read.
        #expect(result.reader.firstTokenAt == Self.ms)
    }

    @Test func aResetReaderStartsAfresh() {
        var reader = CompletionStreamReader(keepsText: true)
        var parser = ServerSentEventParser()
        parser.feed(Self.chat("x")) { reader.read($0, at: 7) }
        reader.reset()
        #expect(reader.firstTokenAt == nil && reader.text.isEmpty && reader.textChunks == 0)
        #expect(reader.finish(cut: false) == .noDone)
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import GauntletServer
import Testing

/// The generative model and the OpenAI-compatible endpoints of the reference server.
@Suite(.serialized) struct GenerationTests {
    static let repository = ModelPredictionTests.root.appendingPathComponent("models").path

    static func model() throws -> NGramModel {
        try #require(try ModelRepository(folder: repository).generativeModel(named: "ngram-genesis"))
    }

    /// Greedy decoding follows the book's most frequent continuations, as an independent reading
    /// of the model file in Python gives them (trigram, else bigram, else unigram: an unknown
    /// prompt continues with the book's most frequent words); the same request always gets the
    /// same words, and another seed others.
    @Test func theModelContinuesTheBookDeterministically() throws {
        let model = try Self.model()
        #expect(model.vocabulary.count == 4_392)
        // "the beginning of" twice in Genesis (10:10, 49:3), "the beginning God" once.
        #expect(model.generate(prompt: "In the beginning", count: 6, temperature: 0, seed: 0).joined() == " of his house, and all the")
        #expect(model.generate(prompt: "In the beginning God", count: 6, temperature: 0, seed: 0).joined() == " created and made. These are the")
        #expect(model.generate(prompt: "Zzz qqq", count: 3, temperature: 0, seed: 9).joined() == " the land of")
        let sampled = model.generate(prompt: "And God said,", count: 30, temperature: 1, seed: 7)
        #expect(sampled == model.generate(prompt: "And God said,", count: 30, temperature: 1, seed: 7))
        #expect(sampled != model.generate(prompt: "And God said,", count: 30, temperature: 1, seed: 8))
        #expect(sampled.allSatisfy { $0.hasPrefix(" ") && $0.count > 1 })
    }

    /// A model file with a wrong line is refused with the file and the line.
    @Test func aBrokenModelFileNamesTheLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ngram-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("ngram.txt")
        try "gauntlet.ngram/v1\nname x\nversion 1\nvocabulary 2\na\nb\nu\t0:3 1:x\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try NGramModel(path: file.path) } throws: { error in
            "\(error)".contains("ngram.txt:7: '1:x' is not word:count")
        }
    }

    static func post(_ port: Int, _ path: String, _ body: String) throws -> RawHTTPConnection.Response {
        let connection = try RawHTTPConnection(port: port, receiveTimeout: 20)
        connection.request("POST", path, body: body)
        return try #require(connection.readResponse())
    }

    /// A stream carries the same text as the whole answer for the same request, one event per
    /// token, usage when asked, and `[DONE]`.
    @Test func aStreamReassemblesToTheWholeAnswer() throws {
        try ServingBehaviourTests.withServer({ $0.generation.decodeStep = 1_000_000; $0.generation.decodePerSequence = 0 }) { server in
            let request = #""model":"ngram-genesis","messages":[{"role":"user","content":"And Noah"}],"max_tokens":12,"temperature":0.9,"seed":3"#
            let whole = try Self.post(server.port, "/v1/chat/completions", "{\(request)}")
            #expect(whole.status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(whole.body)) as? [String: Any])
            let message = ((object["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any])?["content"] as? String
            let usage = object["usage"] as? [String: Any]
            #expect(usage?["completion_tokens"] as? Int == 12 && usage?["prompt_tokens"] as? Int == 2)

            let streamed = try Self.post(
                server.port, "/v1/chat/completions", "{\(request),\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
            #expect(streamed.status == 200 && streamed.headers["content-type"] == "text/event-stream")
            var parser = ServerSentEventParser()
            var reader = CompletionStreamReader(keepsText: true)
            parser.feed(String(decoding: streamed.body, as: UTF8.self)) { reader.read($0, at: 0) }
            #expect(reader.finish(cut: parser.isInsideAnEvent) == nil)
            #expect(reader.text == message)
            #expect(reader.textChunks == 12 && reader.completionTokens == 12 && reader.promptTokens == 2)
        }
    }

    /// Errors are OpenAI's, naming the field.
    @Test func badRequestsGetOpenAIErrors() throws {
        try ServingBehaviourTests.withServer({ _ in }) { server in
            let unknown = try Self.post(server.port, "/v1/completions", #"{"model":"gpt-9","prompt":"hi"}"#)
            #expect(unknown.status == 404)
            #expect(String(decoding: unknown.body, as: UTF8.self).contains(#""code":"model_not_found""#))
            let bad = try Self.post(server.port, "/v1/completions", #"{"model":"ngram-genesis","prompt":"hi","max_tokens":0}"#)
            #expect(bad.status == 400)
            #expect(String(decoding: bad.body, as: UTF8.self).contains(#""param":"max_tokens""#))
            let connection = try RawHTTPConnection(port: server.port)
            connection.request("GET", "/v1/models")
            let models = try #require(connection.readResponse())
            #expect(String(decoding: models.body, as: UTF8.self).contains(#""id":"ngram-genesis""#))
        }
    }

    /// Continuous batching: with room for 2 sequences, a third waits for a place, so its first
    /// token comes a whole answer later; a step of 2 sequences takes longer than a step of 1.
    @Test func aFullBatchMakesTheNextAnswerWait() throws {
        try ServingBehaviourTests.withServer({ options in
            options.generation.maxSequences = 2
            options.generation.decodeStep = 20_000_000
            options.generation.decodePerSequence = 0
            options.generation.prefillPerToken = 0
        }) { server in
            let body = #"{"model":"ngram-genesis","prompt":"In the beginning","max_tokens":5,"stream":true}"#
            let connections = try (0..<3).map { _ in try RawHTTPConnection(port: server.port, receiveTimeout: 20) }
            let start = Date()
            for connection in connections { connection.request("POST", "/v1/completions", body: body) }
            let finished = connections.map { connection -> TimeInterval in
                #expect(connection.readResponse()?.status == 200)
                return Date().timeIntervalSince(start)
            }
            // Two answers of 5 steps of 20 ms end near 100 ms; the third starts when one ends.
            #expect(finished[0] >= 0.1 && finished[1] >= 0.1, "\(finished)")
            #expect(finished[2] >= 0.2, "\(finished)")
        }
    }

    /// The generative faults: a slow first token, a stall that holds the decode steps mid-stream,
    /// and a dropped stream.
    @Test func faultsSlowTheFirstTokenStallMidStreamAndDropStreams() throws {
        let body = #"{"model":"ngram-genesis","prompt":"In the beginning","max_tokens":40,"stream":true}"#
        func timed(_ port: Int) throws -> (TimeInterval, RawHTTPConnection.Response?) {
            let connection = try RawHTTPConnection(port: port, receiveTimeout: 20)
            let start = Date()
            connection.request("POST", "/v1/completions", body: body)
            let response = connection.readResponse()
            return (Date().timeIntervalSince(start), response)
        }
        // 40 steps of 5 ms: 0.2 s of decoding without faults.
        func fast(_ options: inout ServingOptions) {
            options.generation.decodeStep = 5_000_000
            options.generation.decodePerSequence = 0
            options.generation.prefillPerToken = 0
        }
        try ServingBehaviourTests.withServer({ fast(&$0); $0.faults.firstTokenDelay = .fixed(300_000_000) }) { server in
            let (seconds, response) = try timed(server.port)
            #expect(response?.status == 200 && seconds >= 0.5, "\(seconds) s: 0.3 s before the first token, then 0.2 s")
        }
        // The last 0.2 s of every 0.4 s is a stall: 0.2 s of steps cannot avoid one, wherever they start.
        try ServingBehaviourTests.withServer({ fast(&$0); $0.faults.stall = .init(every: 400_000_000, duration: 200_000_000) }) { server in
            let (seconds, response) = try timed(server.port)
            #expect(response?.status == 200 && seconds >= 0.33, "\(seconds) s: the stream should have stalled")
            let events = String(decoding: response?.body ?? Data(), as: UTF8.self).components(separatedBy: "\n\n").filter { $0.hasPrefix("data: {") }
            #expect(events.count == 41, "40 tokens and the finish event, whole despite the stall")
        }
        try ServingBehaviourTests.withServer({ fast(&$0); $0.faults.dropRate = 1 }) { server in
            let (_, response) = try timed(server.port)
            #expect(response == nil, "the connection closes before the stream's end")
        }
    }
}

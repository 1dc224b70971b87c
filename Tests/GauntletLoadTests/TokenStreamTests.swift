import Foundation
import GauntletCore
import GauntletFixtures
import NIOCore
import Testing

/// Token figures against a fixture whose timing is known: the first token X after the request
/// arrives, then one every Y. TTFT runs from the intended send time, so it is at least X, and
/// every extra millisecond is the generator's, the network's or a timer's lateness.
@Suite(.serialized) struct TokenStreamTests {
    static func chat(stream: Bool = true, includeUsage: Bool = false) -> Data {
        OpenAIBody(
            model: "fixture", input: .messages([.init(role: "user", content: "Say \"hi\"\nplease")]), maxTokens: 16,
            stream: stream, includeUsage: includeUsage
        ).json
    }

    /// 20 tokens, the first after 60 ms, then one every 12 ms: TTFT's median within 1 ms of X, its
    /// p90 too beyond the generator's own lateness (the schedule lag, which on a busy host reaches
    /// past 1 ms for a few percent of sends and is in TTFT by design), ITL's median within 1 ms of
    /// Y, TPOT's (an average over 19 gaps) within 1 ms at p99 too. After a second's warm-up, so
    /// the first connections' set-up is not in the figures.
    @Test func figuresMatchTheFixturesTiming() throws {
        let plan = TokenStreamPlan(tokens: 20, firstTokenAfter: .milliseconds(60), tokenEvery: .milliseconds(12))
        let server = try StreamingFixtureServer(plan: plan)
        defer { server.shutdown() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/chat/completions", rate: 20, duration: 4, warmup: 1, method: "POST",
            body: Self.chat(), tokenReading: .stream)
        let tokens = try #require(summary.tokens)
        print("ttft \(tokens.ttft.p50)/\(tokens.ttft.p90)/\(tokens.ttft.p99) itl \(tokens.itl.p50)/\(tokens.itl.p90)/\(tokens.itl.p99) tpot \(tokens.tpot.p50)/\(tokens.tpot.p99)")
        #expect(summary.requests.completed == 80 && summary.requests.warmup == 20)
        #expect(summary.requests.errors == 0, "\(summary.requests.errorsByKind)")
        #expect(tokens.requests == 80)
        #expect(tokens.outputTokens == 80 * 20)
        #expect(tokens.outputCountedFrom == "chunks")
        #expect(tokens.ttft.count == 80 && tokens.itl.count == 80 * 19 && tokens.tpot.count == 80)
        // From the intended send: never below X, whatever the host does.
        #expect(tokens.ttft.p50 >= 60 && tokens.ttft.p50 <= 61, "ttft p50 \(tokens.ttft.p50)")
        let lag = summary.scheduleLag.figures.p90
        #expect(tokens.ttft.p90 >= 60 && tokens.ttft.p90 <= 61 + lag, "ttft p90 \(tokens.ttft.p90), schedule lag p90 \(lag)")
        #expect(abs(tokens.itl.p50 - 12) <= 1, "itl p50 \(tokens.itl.p50)")
        #expect(abs(tokens.tpot.p50 - 12) <= 1 && abs(tokens.tpot.p99 - 12) <= 1, "tpot \(tokens.tpot.p50) \(tokens.tpot.p99)")
        // End to end: the last token at X + 19·Y = 288 ms.
        #expect(summary.latency.p50 >= 288 && summary.latency.p50 <= 290, "latency p50 \(summary.latency.p50)")
        #expect(tokens.goodput.requests == 80)
    }

    /// The fixture holds every answer that arrives in the first 500 ms of each 2 s (its first token
    /// comes at the stall's end), and only 20 connections are open, so most arrivals in a stall
    /// wait inside the generator. From the intended send time TTFT shows the whole hold: a quarter
    /// of arrivals wait a uniform (0, 500] ms, so TTFT p90 = 10 + 300 and p99 = 10 + 480 ms.
    @Test func aStallShowsInTimeToFirstToken() throws {
        let plan = TokenStreamPlan(tokens: 3, firstTokenAfter: .milliseconds(10), tokenEvery: .milliseconds(5))
        let server = try StreamingFixtureServer(plan: plan, behaviour: .periodicStall(period: .seconds(2), stall: .milliseconds(500)))
        defer { server.shutdown() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/completions", rate: 100, duration: 8, connections: 20, method: "POST",
            body: OpenAIBody(model: "fixture", input: .prompt("p")).json, tokenReading: .stream)
        let tokens = try #require(summary.tokens)
        print("stall: ttft p50 \(tokens.ttft.p50) p90 \(tokens.ttft.p90) (310) p99 \(tokens.ttft.p99) (490); late sends \(summary.scheduleLag.lateSends)")
        #expect(summary.requests.errors == 0)
        #expect(tokens.requests == 800)
        #expect(abs(tokens.ttft.p90 - 310) <= 31, "ttft p90 \(tokens.ttft.p90), expected 310 ± 10%")
        #expect(abs(tokens.ttft.p99 - 490) <= 49, "ttft p99 \(tokens.ttft.p99), expected 490 ± 10%")
        // The hold sent no arrival late by itself; the queue for connections did.
        #expect(summary.scheduleLag.lateSends > 0)
    }

    /// Each way of breaking a stream is counted by its kind, and none outlives the timeout.
    @Test(arguments: [
        (StreamFault.noDone, ErrorKind.streamWithoutDone), (.badJSON, .streamBadJSON), (.errorEvent, .streamError),
        (.cutMidEvent, .streamCut), (.dropConnection, .truncated), (.hang, .requestTimeout),
    ])
    func brokenStreamsAreCountedByKind(fault: StreamFault, kind: ErrorKind) throws {
        let plan = TokenStreamPlan(tokens: 6, firstTokenAfter: .milliseconds(5), tokenEvery: .milliseconds(5))
        let server = try StreamingFixtureServer(plan: plan)
        defer { server.shutdown() }
        let started = Date()
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/chat/completions?fault=\(fault.rawValue)", rate: 20, duration: 1, timeout: 1.5,
            method: "POST", body: Self.chat(), tokenReading: .stream)
        let elapsed = Date().timeIntervalSince(started)
        #expect(summary.requests.completed == 20)
        #expect(summary.requests.errorsByKind == [kind.rawValue: 20], "\(fault): \(summary.requests.errorsByKind)")
        // Broken answers are failures: none of their partial figures is in the token histograms.
        #expect(summary.tokens?.requests == 0)
        #expect(summary.tokens?.goodput.perSecond == 0)
        // The last request is due at 0.95 s and ends by its 1.5 s timeout at the latest.
        #expect(elapsed < 1 + 1.5 + 2, "took \(elapsed) s")
    }

    /// A whole answer (`stream: false`) is read for its usage; its first token came with it.
    @Test func wholeAnswersAreCountedFromUsage() throws {
        let plan = TokenStreamPlan(tokens: 9, firstTokenAfter: .milliseconds(5), tokenEvery: .milliseconds(2))
        let server = try StreamingFixtureServer(plan: plan)
        defer { server.shutdown() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/chat/completions", rate: 20, duration: 1, method: "POST",
            body: Self.chat(stream: false), tokenReading: .whole)
        let tokens = try #require(summary.tokens)
        #expect(summary.requests.errors == 0)
        #expect(tokens.outputTokens == 20 * 9 && tokens.outputCountedFrom == "usage")
        #expect(tokens.inputTokens == 20 * 7)
        #expect(tokens.ttft.p50 == summary.latency.p50)
        #expect(tokens.itl.count == 0 && tokens.tpot.count == 0)
    }

    /// Asked for usage, a stream's counts are the server's; goodput counts only answers within its limits.
    @Test func usageAndGoodput() throws {
        let plan = TokenStreamPlan(tokens: 5, firstTokenAfter: .milliseconds(30), tokenEvery: .milliseconds(4))
        let server = try StreamingFixtureServer(plan: plan)
        defer { server.shutdown() }
        let tight = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/chat/completions", rate: 20, duration: 1, method: "POST",
            body: Self.chat(includeUsage: true), tokenReading: .stream, goodput: GoodputLimits(ttftMilliseconds: 20))
        #expect(tight.tokens?.outputCountedFrom == "usage")
        #expect(tight.tokens?.inputTokens == 20 * 7)
        #expect(tight.tokens?.goodput.requests == 0, "no answer's first token comes within 20 ms")
        let loose = try LiveEngine.run(
            baseURL: server.baseURL, path: "/v1/chat/completions", rate: 20, duration: 1, method: "POST",
            body: Self.chat(includeUsage: true), tokenReading: .stream,
            goodput: GoodputLimits(ttftMilliseconds: 200, tpotMilliseconds: 50))
        #expect(loose.tokens?.goodput.requests == 20)
        #expect(server.lastRequestBody.contains(#""stream_options":{"include_usage":true}"#))
    }
}

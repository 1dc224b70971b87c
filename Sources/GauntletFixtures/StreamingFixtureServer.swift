import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// How a ``StreamingFixtureServer`` breaks a stream, after ``TokenStreamPlan/faultAfterTokens``
/// good tokens. A request may choose one with `?fault=NAME` on its path.
public enum StreamFault: String, Sendable, CaseIterable {
    /// Every token, then the end of the body without `data: [DONE]`.
    case noDone = "no_done"
    /// An event whose data is not JSON, then the rest as usual.
    case badJSON = "bad_json"
    /// An error object in the stream (as vLLM sends one), then `[DONE]`.
    case errorEvent = "error"
    /// Half an event, then the body ends properly: the stream stops mid-event.
    case cutMidEvent = "cut"
    /// Half an event, then the connection closes: the body itself is cut short.
    case dropConnection = "drop"
    /// Nothing more is sent and the body never ends: the client's timeout must end it.
    case hang
}

/// What a ``StreamingFixtureServer`` sends for each completion or chat request: `tokens` tokens,
/// the first `firstTokenAfter` after the request arrived (plus any hold of its ``FixtureBehaviour``),
/// then one every `tokenEvery`, each at its own deadline from the first so nothing drifts.
public struct TokenStreamPlan: Sendable {
    public var tokens: Int
    public var firstTokenAfter: TimeAmount
    public var tokenEvery: TimeAmount
    /// Every request breaks its stream this way, unless its path asks for another.
    public var fault: StreamFault?
    public var faultAfterTokens: Int
    /// The prompt's token count the server reports in `usage`.
    public var promptTokens: Int

    public init(
        tokens: Int, firstTokenAfter: TimeAmount, tokenEvery: TimeAmount, fault: StreamFault? = nil,
        faultAfterTokens: Int = 2, promptTokens: Int = 7
    ) {
        self.tokens = tokens
        self.firstTokenAfter = firstTokenAfter
        self.tokenEvery = tokenEvery
        self.fault = fault
        self.faultAfterTokens = faultAfterTokens
        self.promptTokens = promptTokens
    }

    /// Token `index`'s text: `t0 `, `t1 `, …, so a test knows the whole answer.
    public static func text(ofToken index: Int) -> String { "t\(index) " }
}

/// An OpenAI-compatible streaming endpoint with known timing, for tests that check token figures
/// against the truth: `POST /v1/completions` and `POST /v1/chat/completions` stream server-sent
/// events (or answer whole JSON when the body says `"stream":false`), `usage` last when the body
/// asks `include_usage`. Started on an ephemeral 127.0.0.1 port.
public final class StreamingFixtureServer: Sendable {
    public let port: Int
    public let plan: TokenStreamPlan
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: StreamingFixtureState

    /// Requests received so far.
    public var requestsReceived: Int { state.requests.load(ordering: .relaxed) }
    /// The body of the last request received.
    public var lastRequestBody: String { state.lastBody.withLock { $0 } }

    public init(plan: TokenStreamPlan, behaviour: FixtureBehaviour = .immediate, threads: Int = 1) throws {
        self.plan = plan
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = StreamingFixtureState()
        channel = try FixtureListener.start(group: group, port: 0) {
            StreamingFixtureHandler(plan: plan, behaviour: behaviour, state: state)
        }
        self.group = group
        self.state = state
        port = channel.localAddress?.port ?? 0
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

final class StreamingFixtureState: Sendable {
    let requests = Atomic<Int>(0)
    let lastBody = Mutex("")
    /// Shared with ``FixtureState``'s rule: stall periods start at the first request.
    let origin = FixtureState()
}

final class StreamingFixtureHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let plan: TokenStreamPlan
    private let behaviour: FixtureBehaviour
    private let state: StreamingFixtureState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(plan: TokenStreamPlan, behaviour: FixtureBehaviour, state: StreamingFixtureState) {
        self.plan = plan
        self.behaviour = behaviour
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.requests.add(1, ordering: .relaxed)
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let text = String(decoding: body, as: UTF8.self)
            state.lastBody.withLock { $0 = text }
            let arrived = NIODeadline.now()
            let hold = behaviour.delay(sinceOrigin: state.origin.sinceOrigin(arrived))
            let answer = Answer(
                chat: head.uri.contains("/chat/"), stream: !text.contains(#""stream":false"#),
                usage: text.contains(#""include_usage":true"#), fault: Self.fault(in: head.uri) ?? plan.fault)
            answer.send(plan: plan, firstAt: arrived + hold + plan.firstTokenAfter, context: context, handler: self)
        }
    }

    static func fault(in uri: String) -> StreamFault? {
        guard let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("fault=") {
            return StreamFault(rawValue: String(pair.dropFirst("fault=".count)))
        }
        return nil
    }

    /// One answer's shape and its sending, event by event at set deadlines.
    struct Answer {
        var chat: Bool
        var stream: Bool
        var usage: Bool
        var fault: StreamFault?

        func chunk(_ text: String) -> String {
            let choice = chat
                ? #"{"index":0,"delta":{"content":"\#(text)"},"finish_reason":null}"#
                : #"{"index":0,"text":"\#(text)","finish_reason":null}"#
            let object = chat ? "chat.completion.chunk" : "text_completion"
            return #"data: {"id":"fixture","object":"\#(object)","model":"fixture","choices":[\#(choice)]}"# + "\n\n"
        }

        func usageChunk(_ plan: TokenStreamPlan, completion: Int) -> String {
            #"data: {"id":"fixture","object":"\#(chat ? "chat.completion.chunk" : "text_completion")","model":"fixture","choices":[],"usage":{"prompt_tokens":\#(plan.promptTokens),"completion_tokens":\#(completion),"total_tokens":\#(plan.promptTokens + completion)}}"# + "\n\n"
        }

        func whole(_ plan: TokenStreamPlan) -> String {
            let text = (0..<plan.tokens).map(TokenStreamPlan.text(ofToken:)).joined()
            let choice = chat
                ? #"{"index":0,"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"length"}"#
                : #"{"index":0,"text":"\#(text)","finish_reason":"length"}"#
            return #"{"id":"fixture","object":"\#(chat ? "chat.completion" : "text_completion")","model":"fixture","choices":[\#(choice)],"usage":{"prompt_tokens":\#(plan.promptTokens),"completion_tokens":\#(plan.tokens),"total_tokens":\#(plan.promptTokens + plan.tokens)}}"#
        }

        func send(plan: TokenStreamPlan, firstAt: NIODeadline, context: ChannelHandlerContext, handler: StreamingFixtureHandler) {
            let loop = context.eventLoop.assumeIsolated()
            let last = firstAt + .nanoseconds(plan.tokenEvery.nanoseconds * Int64(max(0, plan.tokens - 1)))
            guard stream else {
                loop.scheduleTask(deadline: last) { handler.respondWhole(context: context, body: whole(plan)) }
                return
            }
            handler.writeHead(context: context)
            let good = fault == nil ? plan.tokens : min(plan.tokens, plan.faultAfterTokens)
            for index in 0..<good {
                let at = firstAt + .nanoseconds(plan.tokenEvery.nanoseconds * Int64(index))
                loop.scheduleTask(deadline: at) {
                    handler.write(context: context, chunk(TokenStreamPlan.text(ofToken: index)))
                    // A good stream ends with its last token, not an interval later.
                    if fault == nil && index == good - 1 { finish(plan: plan, context: context, handler: handler) }
                }
            }
            // A broken stream breaks where its next token was due.
            if fault != nil || good == 0 {
                let at = firstAt + .nanoseconds(plan.tokenEvery.nanoseconds * Int64(good))
                loop.scheduleTask(deadline: at) { finish(plan: plan, context: context, handler: handler) }
            }
        }

        /// The stream's end: usage and `[DONE]`, or its fault.
        func finish(plan: TokenStreamPlan, context: ChannelHandlerContext, handler: StreamingFixtureHandler) {
            var tail = ""
            switch fault {
            case nil:
                if usage { tail += usageChunk(plan, completion: plan.tokens) }
                tail += "data: [DONE]\n\n"
            case .noDone:
                break
            case .badJSON:
                tail += "data: {\"choices\": [not json\n\n" + "data: [DONE]\n\n"
            case .errorEvent:
                tail += #"data: {"error":{"message":"fixture overloaded","type":"server_error","code":503}}"# + "\n\n" + "data: [DONE]\n\n"
            case .cutMidEvent, .dropConnection:
                tail += String(chunk("half").prefix(30))
            case .hang:
                return
            }
            handler.write(context: context, tail)
            if fault == .dropConnection {
                context.close(promise: nil)
            } else {
                handler.end(context: context)
            }
        }
    }

    func writeHead(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    }

    func write(context: ChannelHandlerContext, _ text: String) {
        guard context.channel.isActive, !text.isEmpty else { return }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
    }

    func end(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func respondWhole(context: ChannelHandlerContext, body: String) {
        guard context.channel.isActive else { return }
        let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(body.utf8.count))])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

import Foundation
import GauntletCore
import NIOCore
import NIOHTTP1
import Synchronization

/// The OpenAI-compatible endpoints: `/v1/models`, `/v1/completions`, `/v1/chat/completions`,
/// streamed as server-sent events token by token from the ``GenerationEngine``, or answered whole.
extension InferenceHandler {
    /// Ids for answers, unique within the server's life.
    private static let answers = Atomic<Int>(0)

    func openAIModels() -> ServerResponder.Response {
        let list = serving.responder.repository.generative.map { model in
            #"{"id":\#(OpenAICompletionText.string(model.name)),"object":"model","created":0,"owned_by":"gauntlet"}"#
        }
        return .init(status: 200, body: Array(#"{"object":"list","data":[\#(list.joined(separator: ","))]}"#.utf8))
    }

    private func openAIError(_ status: Int, _ message: String, type: String, parameter: String? = nil, code: String? = nil)
        -> ServerResponder.Response
    {
        .init(
            status: status, body: Array(OpenAICompletionText.error(message, type: type, parameter: parameter, code: code).utf8),
            retryAfter: status == 503 || status == 429 ? ServerResponder.retryAfterSeconds : nil)
    }

    func generate(chat: Bool, keepAlive: Bool, context: ChannelHandlerContext) {
        let request: OpenAICompletionRequest
        do { request = try OpenAICompletionRequest.parse(body, chat: chat) } catch {
            answer(openAIError(400, error.message, type: "invalid_request_error", parameter: error.parameter), .other,
                   keepAlive: keepAlive, context: context)
            return
        }
        let repository = serving.responder.repository
        guard let engine = serving.generation, let model = repository.generativeModel(named: request.model) else {
            let known = repository.generative.map(\.name)
            let message = known.isEmpty
                ? "this server has no generative model (an ngram.txt in its model repository)"
                : "the model '\(request.model)' does not exist; this server has \(known.map { "'\($0)'" }.joined(separator: ", "))"
            answer(openAIError(404, message, type: "invalid_request_error", parameter: "model", code: "model_not_found"), .other,
                   keepAlive: keepAlive, context: context)
            return
        }
        let account = Account.inference(model: model.name, version: model.version)
        if serving.faults.injectsError() {
            serving.metrics.recordInjectedError()
            answer(openAIError(500, "injected fault: this answer fails on purpose (fault error rate)", type: "server_error"),
                   account, keepAlive: keepAlive, context: context)
            return
        }
        let tokens = model.generate(prompt: request.prompt, count: request.maxTokens, temperature: request.temperature, seed: request.seed)
        let promptTokens = NGramModel.tokens(of: request.prompt).count
        let text = OpenAICompletionText(
            request: request, id: "\(chat ? "chatcmpl" : "cmpl")-\(Self.answers.add(1, ordering: .relaxed).newValue)",
            created: Int(Date().timeIntervalSince1970))
        let now = MonotonicClock.now()
        let faults = serving.faults
        let sequence = GenerationSequence(
            tokens: tokens, promptTokens: promptTokens, enqueuedAt: now, readyAt: now + (faults.firstTokenDelay() ?? 0),
            dropAfter: request.stream ? faults.dropPoint(tokens: tokens.count) : nil,
            deliver: deliver(request: request, text: text, tokens: tokens, promptTokens: promptTokens, account: account,
                             keepAlive: keepAlive, context: context))
        guard engine.submit(sequence) else {
            serving.metrics.recordShed(.queueFull)
            answer(openAIError(503, "overloaded: the generation queue is full; retry later", type: "server_error"), account,
                   keepAlive: keepAlive, context: context)
            return
        }
    }

    /// What the engine's events do to this connection, each on its event loop.
    private func deliver(
        request: OpenAICompletionRequest, text: OpenAICompletionText, tokens: [String], promptTokens: Int,
        account: Account, keepAlive: Bool, context: ChannelHandlerContext
    ) -> @Sendable (GenerationEvent) -> Void {
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        return { event in
            loop.execute {
                let (handler, context) = bound.value
                switch event {
                case .started:
                    if request.stream { handler.writeStreamHead(context: context) }
                case .token(let index, let piece):
                    if request.stream { handler.writeEvent(text.tokenEvent(index: index, text: piece), context: context) }
                case .finished:
                    if request.stream {
                        handler.writeEvent(text.closingEvents(promptTokens: promptTokens, completionTokens: tokens.count), context: context)
                        handler.endStream(account, keepAlive: keepAlive, context: context)
                    } else {
                        let body = text.whole(text: tokens.joined(), promptTokens: promptTokens, completionTokens: tokens.count)
                        handler.answer(.init(status: 200, body: Array(body.utf8)), account, keepAlive: keepAlive, context: context)
                    }
                case .expired:
                    handler.serving.metrics.recordShed(.deadline)
                    handler.answer(
                        handler.openAIError(503, "overloaded: the request waited past the queue deadline; retry later", type: "server_error"),
                        account, keepAlive: keepAlive, context: context)
                case .dropped:
                    handler.serving.inFlight.subtract(1, ordering: .relaxed)
                    context.close(promise: nil)
                }
            }
        }
    }

    private func writeStreamHead(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    }

    private func writeEvent(_ text: String, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
    }

    private func endStream(_ account: Account, keepAlive requested: Bool, context: ChannelHandlerContext) {
        if case .inference(let model, let version) = account {
            serving.metrics.recordInference(model: model, version: version, status: 200, seconds: Double(MonotonicClock.now() &- started) / 1e9)
        }
        let serving = self.serving
        guard context.channel.isActive else {
            serving.inFlight.subtract(1, ordering: .relaxed)
            return
        }
        endResponse(keepAlive: requested && !serving.draining.load(ordering: .relaxed), context: context)
    }
}

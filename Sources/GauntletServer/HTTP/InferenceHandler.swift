import GauntletCore
import NIOCore
import NIOHTTP1

/// One connection: collects a request (refusing bodies over the limit with 413 at once), routes it, and
/// answers. Infer requests go through admission and the batcher; their answers come back from an
/// executor thread to this connection's event loop.
final class InferenceHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let serving: ServingContext
    private var head: HTTPRequestHead?
    private(set) var body: [UInt8] = []
    private var tooLarge = false
    /// When the current request's head arrived (monotonic ns): its answer's latency counts from here.
    private(set) var started: UInt64 = 0

    init(serving: ServingContext) { self.serving = serving }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            started = MonotonicClock.now()
            body.removeAll(keepingCapacity: true)
            tooLarge = false
            // A declared length over the limit is refused at once: waiting for 10 GB to arrive
            // (or for the client to give up) would hold the connection for nothing.
            if (head.headers.first(name: "content-length").flatMap(Int.init) ?? 0) > serving.maxBodyBytes {
                refuseTooLarge(context: context)
            }
        case .body(var buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > serving.maxBodyBytes {
                body.removeAll()
                refuseTooLarge(context: context)
            } else {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head, !tooLarge else { return }
            self.head = nil
            context.triggerUserOutboundEvent(ConnectionTimeoutHandler.Event.requestComplete, promise: nil)
            serving.inFlight.add(1, ordering: .relaxed)
            handle(head, context: context)
        }
    }

    /// Which counter an answer goes to.
    enum Account {
        case other
        case inference(model: String, version: String)
    }

    /// 413 before the body has arrived; the rest of it is not read, so the connection closes.
    private func refuseTooLarge(context: ChannelHandlerContext) {
        tooLarge = true
        head = nil
        context.triggerUserOutboundEvent(ConnectionTimeoutHandler.Event.requestComplete, promise: nil)
        serving.inFlight.add(1, ordering: .relaxed)
        let error = ProtocolError.tooLarge("the body is larger than the limit of \(serving.maxBodyBytes) bytes")
        answer(serving.responder.error(error), .other, keepAlive: false, context: context)
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = head.isKeepAlive
        let responder = serving.responder
        guard let route = Route(method: head.method.rawValue, path: head.uri) else {
            answer(responder.error(.notFound("no route for \(head.method.rawValue) \(head.uri)")), .other, keepAlive: keepAlive, context: context)
            return
        }
        switch route {
        case .metrics:
            let text = serving.metricsText()
            answer(.init(status: 200, body: Array(text.utf8), contentType: PrometheusText.contentType), .other, keepAlive: keepAlive, context: context)
        case .infer(let name, let version):
            infer(name: name, version: version, keepAlive: keepAlive, context: context)
        case .openAIModels:
            answer(openAIModels(), .other, keepAlive: keepAlive, context: context)
        case .openAICompletion(let chat):
            generate(chat: chat, keepAlive: keepAlive, context: context)
        default:
            answer(responder.respond(to: route), .other, keepAlive: keepAlive, context: context)
        }
    }

    private func infer(name: String, version: String?, keepAlive: Bool, context: ChannelHandlerContext) {
        let responder = serving.responder
        let model: DenseModel
        do { model = try responder.model(name, version: version) } catch {
            answer(responder.error(error), .other, keepAlive: keepAlive, context: context)
            return
        }
        let account = Account.inference(model: model.name, version: model.version)
        guard !serving.scheduler.isFull(model) else {
            shed(account, keepAlive: keepAlive, context: context)
            return
        }
        let request: InferRequest
        do { request = try InferRequest.parse(body, for: model) } catch {
            answer(responder.error(error), account, keepAlive: keepAlive, context: context)
            return
        }
        if serving.faults.injectsError() {
            serving.metrics.recordInjectedError()
            answer(responder.error(.injected("injected fault: this answer fails on purpose (fault error rate)")), account,
                   keepAlive: keepAlive, context: context)
            return
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let job = InferenceJob(model: model, request: request) { outcome in
            loop.execute {
                let (handler, context) = bound.value
                let response: ServerResponder.Response
                switch outcome {
                case .answered(let bytes): response = .init(status: 200, body: bytes)
                case .expired:
                    response = responder.error(.unavailable("overloaded: the request waited past the queue deadline; retry later"))
                }
                handler.answer(response, account, keepAlive: keepAlive, context: context)
            }
        }
        guard serving.scheduler.submit(job) else {
            shed(account, keepAlive: keepAlive, context: context)
            return
        }
    }

    func shed(_ account: Account, keepAlive: Bool, context: ChannelHandlerContext) {
        serving.metrics.recordShed(.queueFull)
        answer(serving.responder.error(.unavailable("overloaded: the admission queue is full; retry later")), account,
               keepAlive: keepAlive, context: context)
    }

    /// Writes an answer, held back while an injected stall lasts, and counts it.
    func answer(_ response: ServerResponder.Response, _ account: Account, keepAlive: Bool, context: ChannelHandlerContext) {
        if case .inference = account, let release = serving.faults.stallRelease(at: MonotonicClock.now()) {
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(deadline: .uptimeNanoseconds(release)) {
                let (handler, context) = bound.value
                handler.write(response, account, keepAlive: keepAlive, context: context)
            }
            return
        }
        write(response, account, keepAlive: keepAlive, context: context)
    }

    func write(_ response: ServerResponder.Response, _ account: Account, keepAlive requested: Bool, context: ChannelHandlerContext) {
        switch account {
        case .other: serving.metrics.recordOther(status: response.status)
        case .inference(let model, let version):
            let seconds = Double(MonotonicClock.now() &- started) / 1e9
            serving.metrics.recordInference(model: model, version: version, status: response.status, seconds: seconds)
        }
        let serving = self.serving
        guard context.channel.isActive else {
            serving.inFlight.subtract(1, ordering: .relaxed)
            return
        }
        // A draining server answers, then closes, so clients move to another instance.
        let keepAlive = requested && !serving.draining.load(ordering: .relaxed)
        var headers = HTTPHeaders([("Content-Type", response.contentType), ("Content-Length", String(response.body.count))])
        if let seconds = response.retryAfter { headers.add(name: "Retry-After", value: String(seconds)) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        endResponse(keepAlive: keepAlive, context: context)
    }

    /// Ends the answer being written; once it is out, the request no longer counts in flight and
    /// the connection waits for the next one, or closes.
    func endResponse(keepAlive: Bool, context: ChannelHandlerContext) {
        let serving = self.serving
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            serving.inFlight.subtract(1, ordering: .relaxed)
            if keepAlive {
                context.triggerUserOutboundEvent(ConnectionTimeoutHandler.Event.responseSent, promise: nil)
            } else {
                context.close(promise: nil)
            }
        }
    }
}

import NIOCore
import NIOHTTP1
import NIOPosix

/// One connection: collects a request (refusing bodies over the limit with 413), routes it, and
/// writes the answer; inference goes to the thread pool and comes back to the event loop.
final class InferenceHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: ServerResponder
    private let pool: NIOThreadPool
    private let maxBodyBytes: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(responder: ServerResponder, pool: NIOThreadPool, maxBodyBytes: Int) {
        self.responder = responder
        self.pool = pool
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
            tooLarge = (head.headers.first(name: "content-length").flatMap(Int.init) ?? 0) > maxBodyBytes
        case .body(var buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > maxBodyBytes {
                tooLarge = true
                body.removeAll()
            } else {
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, context: context)
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = head.isKeepAlive
        if tooLarge {
            let error = ProtocolError.tooLarge("the body is larger than the limit of \(maxBodyBytes) bytes")
            // The rest of an oversized body is not read: close after answering.
            write(responder.error(error), keepAlive: false, context: context)
            return
        }
        guard let route = Route(method: head.method.rawValue, path: head.uri) else {
            write(responder.error(.notFound("no route for \(head.method.rawValue) \(head.uri)")), keepAlive: keepAlive, context: context)
            return
        }
        guard case .infer(let name, let version) = route else {
            write(responder.respond(to: route), keepAlive: keepAlive, context: context)
            return
        }
        let model: DenseModel, request: InferRequest
        do {
            (model, request) = try responder.prepareInference(name: name, version: version, body: body)
        } catch {
            write(responder.error(error), keepAlive: keepAlive, context: context)
            return
        }
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        pool.runIfActive(eventLoop: loop) {
            InferResponse.encode(request.rows.map(model.predict), request: request, model: model)
        }.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let answer):
                handler.write(.init(status: 200, body: answer), keepAlive: keepAlive, context: context)
            case .failure:
                handler.write(handler.responder.error(.unavailable("the server is shutting down")), keepAlive: false, context: context)
            }
        }
    }

    private func write(_ response: ServerResponder.Response, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(response.body.count))])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}

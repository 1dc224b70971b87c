import Foundation
import GauntletCore
import GauntletFixtures
import GauntletServer
import Testing

/// The server under pressure and misuse, over real sockets: shedding, deadlines, batching,
/// faults, slow clients, metrics, and the drain on shutdown.
@Suite(.serialized) struct ServingBehaviourTests {
    static let row = Array(repeating: "3", count: 64).joined(separator: ",")
    static let inferBody = #"{"inputs":[{"name":"input-0","shape":[1,64],"datatype":"FP32","data":[\#(row)]}]}"#
    static let inferPath = "/v2/models/digits-mlp/infer"

    static func withServer(_ configure: (inout ServingOptions) -> Void, _ body: (InferenceServer) throws -> Void) throws {
        var options = ServingOptions()
        configure(&options)
        let repository = try ModelRepository(folder: ModelPredictionTests.root.appendingPathComponent("models").path)
        let server = try InferenceServer(repository: repository, configuration: .init(port: 0, serving: options))
        defer { server.shutdown() }
        try body(server)
    }

    /// Sends `count` infer requests at once, each on its own connection; the answers in order.
    static func concurrentInfers(_ count: Int, port: Int, staggered: TimeInterval = 0) throws -> [RawHTTPConnection.Response?] {
        let connections = try (0..<count).map { _ in try RawHTTPConnection(port: port) }
        for connection in connections {
            connection.request("POST", inferPath, body: inferBody)
            if staggered > 0 { Thread.sleep(forTimeInterval: staggered) }
        }
        return connections.map { $0.readResponse() }
    }

    static func metrics(port: Int) throws -> String {
        let connection = try RawHTTPConnection(port: port)
        connection.request("GET", "/metrics")
        let response = try #require(connection.readResponse())
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(decoding: response.body, as: UTF8.self)
    }

    /// The value of one sample line, e.g. `gauntlet_shed_total{reason="queue_full"}`.
    static func sample(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func aFullQueueIsShedAt503WithRetryAfter() throws {
        // One executor held 300 ms per batch of one, two places in the queue: of six at once, one
        // runs, two wait, three are shed at once.
        try Self.withServer({
            $0.inferenceThreads = 1
            $0.maxBatchSize = 1
            $0.queueCapacity = 2
            $0.faults.latency = .fixed(300_000_000)
        }) { server in
            let started = Date()
            let answers = try Self.concurrentInfers(6, port: server.port, staggered: 0.02)
            let statuses = answers.map { $0?.status ?? 0 }
            #expect(statuses.filter { $0 == 200 }.count == 3, "\(statuses)")
            let shed = answers.compactMap { $0 }.filter { $0.status == 503 }
            #expect(shed.count == 3, "\(statuses)")
            for answer in shed {
                #expect(answer.headers["retry-after"] == "1")
                #expect((answer.json?["error"] as? String)?.contains("admission queue is full") == true)
            }
            #expect(Date().timeIntervalSince(started) < 3)
            let text = try Self.metrics(port: server.port)
            #expect(Self.sample(text, #"gauntlet_shed_total{reason="queue_full"}"#) == 3)
            #expect(Self.sample(text, #"gauntlet_inference_requests_total{model="digits-mlp",version="1",status="503"}"#) == 3)
            #expect(server.metrics.shedCount(.queueFull) == 3)
        }
    }

    @Test func aRequestWaitingPastItsDeadlineIs503() throws {
        // Each batch holds the executor 250 ms; the queue deadline is 100 ms: the second and third
        // requests wait too long and are answered 503 instead of run late.
        try Self.withServer({
            $0.maxBatchSize = 1
            $0.queueDeadline = 100_000_000
            $0.faults.latency = .fixed(250_000_000)
        }) { server in
            let answers = try Self.concurrentInfers(3, port: server.port, staggered: 0.02)
            #expect(answers.map { $0?.status ?? 0 } == [200, 503, 503])
            #expect((answers[1]?.json?["error"] as? String)?.contains("queue deadline") == true)
            #expect(answers[1]?.headers["retry-after"] == "1")
            #expect(server.metrics.shedCount(.deadline) == 2)
        }
    }

    @Test func waitingRequestsAreBatchedTogether() throws {
        // While the first batch holds the executor, the next seven wait and leave as one batch.
        try Self.withServer({
            $0.maxBatchSize = 16
            $0.faults.latency = .fixed(200_000_000)
        }) { server in
            let answers = try Self.concurrentInfers(8, port: server.port, staggered: 0.01)
            #expect(answers.allSatisfy { $0?.status == 200 })
            let labels = answers.compactMap { ($0?.json?["outputs"] as? [[String: Any]])?.first?["data"] as? [Int] }
            #expect(labels.count == 8 && Set(labels.map { $0 }).count == 1)
            let text = try Self.metrics(port: server.port)
            #expect(Self.sample(text, "gauntlet_batch_size_count") == 2)
            #expect(Self.sample(text, "gauntlet_batch_size_sum") == 8)
        }
    }

    @Test func aQueueDelayGathersABatchAtLowLoad() throws {
        try Self.withServer({
            $0.maxBatchSize = 4
            $0.maxQueueDelay = 150_000_000
        }) { server in
            let answers = try Self.concurrentInfers(4, port: server.port, staggered: 0.01)
            #expect(answers.allSatisfy { $0?.status == 200 })
            let text = try Self.metrics(port: server.port)
            #expect(Self.sample(text, "gauntlet_batch_size_count") == 1)
        }
    }

    @Test func anInjectedErrorRateFailsThatShareWith500() throws {
        try Self.withServer({ $0.faults.errorRate = 0.25 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            var failures = 0
            for _ in 0..<400 {
                connection.request("POST", Self.inferPath, body: Self.inferBody)
                let answer = try #require(connection.readResponse())
                if answer.status == 500 {
                    failures += 1
                    #expect((answer.json?["error"] as? String)?.contains("injected fault") == true)
                } else {
                    #expect(answer.status == 200)
                }
            }
            // Binomial(400, 0.25): mean 100, standard deviation 8.7.
            #expect((70...130).contains(failures), "\(failures) of 400")
            let text = try Self.metrics(port: server.port)
            #expect(Self.sample(text, "gauntlet_injected_errors_total") == Double(failures))
        }
    }

    @Test func injectedLatencyFollowsItsDistribution() throws {
        try Self.withServer({ $0.faults.latency = try! LatencyDistribution(parsing: "uniform(40ms, 60ms)") }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            var times: [Double] = []
            for _ in 0..<10 {
                let start = Date()
                connection.request("POST", Self.inferPath, body: Self.inferBody)
                #expect(connection.readResponse()?.status == 200)
                times.append(Date().timeIntervalSince(start))
            }
            #expect(times.allSatisfy { $0 >= 0.040 && $0 < 0.2 }, "\(times)")
        }
    }

    @Test func aStallHoldsAnswersUntilItEnds() throws {
        // Every 600 ms, the last 300 ms are a stall: over 1.2 s of back-to-back requests, the
        // longest wait is about the stall, and no answer leaves during one.
        try Self.withServer({ $0.faults.stall = .init(every: 600_000_000, duration: 300_000_000) }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            let start = Date()
            var longest = 0.0
            while Date().timeIntervalSince(start) < 1.2 {
                let sent = Date()
                connection.request("POST", Self.inferPath, body: Self.inferBody)
                #expect(connection.readResponse()?.status == 200)
                longest = max(longest, Date().timeIntervalSince(sent))
            }
            #expect(longest > 0.2 && longest < 0.45, "longest wait \(longest)s")
            // Health answers are not held.
            let health = try RawHTTPConnection(port: server.port)
            health.request("GET", "/v2/health/live")
            #expect(health.readResponse()?.status == 200)
        }
    }

    @Test func aClientThatStopsMidBodyGets408() throws {
        try Self.withServer({ $0.requestTimeout = 300_000_000 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            let started = Date()
            connection.send("POST \(Self.inferPath) HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"inputs\":")
            let answer = try #require(connection.readResponse())
            #expect(answer.status == 408)
            #expect((answer.json?["error"] as? String)?.contains("within 0.3s") == true)
            #expect(answer.headers["connection"] == "close")
            #expect(connection.isClosedByServer())
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }

    @Test func aHeadThatNeverEndsGets408() throws {
        try Self.withServer({ $0.requestTimeout = 300_000_000 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            // A slowloris: header lines trickle in and the blank line never comes.
            connection.send("GET /v2/health/live HTTP/1.1\r\n")
            for index in 0..<4 {
                Thread.sleep(forTimeInterval: 0.1)
                connection.send("X-Slow-\(index): 1\r\n")
            }
            let answer = try #require(connection.readResponse())
            #expect(answer.status == 408)
            #expect(connection.isClosedByServer())
        }
    }

    @Test func aSlowButSteadyClientWithinTheTimeoutIsServed() throws {
        try Self.withServer({ $0.requestTimeout = 2_000_000_000 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            let body = Self.inferBody
            connection.send("POST \(Self.inferPath) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            for piece in body.split(every: 100) {
                Thread.sleep(forTimeInterval: 0.03)
                connection.send(piece)
            }
            #expect(connection.readResponse()?.status == 200)
            // The timer restarts for the next request on the same connection.
            connection.request("GET", "/v2/health/ready")
            #expect(connection.readResponse()?.status == 200)
        }
    }

    @Test func anIdleConnectionIsClosed() throws {
        try Self.withServer({ $0.idleTimeout = 200_000_000 }) { server in
            let connection = try RawHTTPConnection(port: server.port, receiveTimeout: 3)
            connection.request("GET", "/v2/health/live")
            #expect(connection.readResponse()?.status == 200)
            let started = Date()
            #expect(connection.isClosedByServer())
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }

    @Test func metricsCountEveryAnswer() throws {
        try Self.withServer({ _ in }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            for _ in 0..<5 {
                connection.request("POST", Self.inferPath, body: Self.inferBody)
                #expect(connection.readResponse()?.status == 200)
            }
            connection.request("POST", "/v2/models/digits-logreg/versions/1/infer", body: "{}")
            #expect(connection.readResponse()?.status == 400)
            connection.request("GET", "/v2/health/live")
            #expect(connection.readResponse()?.status == 200)
            let text = try Self.metrics(port: server.port)
            #expect(Self.sample(text, #"gauntlet_inference_requests_total{model="digits-mlp",version="1",status="200"}"#) == 5)
            #expect(Self.sample(text, #"gauntlet_inference_requests_total{model="digits-logreg",version="1",status="400"}"#) == 1)
            #expect(Self.sample(text, #"gauntlet_inference_request_duration_seconds_count{model="digits-mlp",version="1"}"#) == 5)
            #expect(Self.sample(text, #"gauntlet_inference_request_duration_seconds_bucket{model="digits-mlp",version="1",le="+Inf"}"#) == 5)
            #expect(Self.sample(text, #"gauntlet_http_requests_total{status="200"}"#) == 1)
            #expect(Self.sample(text, "gauntlet_queue_depth") == 0)
            for family in ["gauntlet_batch_size", "gauntlet_shed_total", "gauntlet_allocator_info", "process_resident_memory_bytes"] {
                #expect(text.contains("# TYPE \(family) "), "\(family) missing")
            }
            // Every sample line is `name{labels} number`.
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(Double(line.split(separator: " ").last ?? "") != nil, "\(line)")
            }
        }
    }

    @Test func jemallocIsInEffectAndReportsItsMemory() throws {
        let allocator = AllocatorStatistics.current()
        try #require(allocator.name == "jemalloc", "built with GAUNTLET_ALLOCATOR=system")
        #expect(allocator.options.hasPrefix("background_thread:true,dirty_decay_ms:1000"))
        #expect(allocator.options.contains("background_thread=true dirty_decay_ms=1000")
            || ProcessInfo.processInfo.environment["MALLOC_CONF"] != nil)
        #expect((allocator.allocated ?? 0) > 0 && (allocator.resident ?? 0) >= (allocator.active ?? 0))
        // jemalloc's size classes: 100 bytes come from the 112-byte class; glibc would give 104.
        let pointer = malloc(100)
        defer { free(pointer) }
        typealias UsableSize = @convention(c) (UnsafeMutableRawPointer?) -> Int
        let usableSize = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_usable_size"), to: UsableSize.self)
        #expect(usableSize(pointer) == 112)
        try Self.withServer({ _ in }) { server in
            let text = try Self.metrics(port: server.port)
            #expect(text.contains(#"gauntlet_allocator_info{allocator="jemalloc""#))
            #expect((Self.sample(text, "gauntlet_jemalloc_resident_bytes") ?? 0) > 0)
        }
    }

    @Test func shutdownAnswersWhatIsInFlightThenStops() throws {
        var options = ServingOptions()
        options.faults.latency = .fixed(400_000_000)
        let repository = try ModelRepository(folder: ModelPredictionTests.root.appendingPathComponent("models").path)
        let server = try InferenceServer(repository: repository, configuration: .init(port: 0, serving: options))
        let port = server.port
        let connections = try (0..<3).map { _ in try RawHTTPConnection(port: port) }
        for connection in connections { connection.request("POST", Self.inferPath, body: Self.inferBody) }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(server.inFlight == 3)
        let stopped = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: InferenceServer.DrainResult?
        Thread.detachNewThread {
            result = server.shutdown()
            stopped.signal()
        }
        Thread.sleep(forTimeInterval: 0.1)
        // No new connections while draining.
        #expect(throws: (any Error).self) { try RawHTTPConnection(port: port) }
        // The three in flight (one batch of three: 0.4 s) are answered, then closed.
        for connection in connections {
            let answer = connection.readResponse()
            #expect(answer?.status == 200)
            #expect(answer?.headers["connection"] == "close")
        }
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(result?.abandoned == 0)
    }
}

extension String {
    func split(every length: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(self)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(length)))
            rest = rest.dropFirst(length)
        }
        return pieces
    }
}

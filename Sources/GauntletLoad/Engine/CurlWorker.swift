import CCurl
import Foundation
import GauntletCore
import Synchronization

/// One worker thread: its own libcurl multi handle, a fixed pool of reusable easy
/// handles (one per connection it may open), its stripe of the schedule and its own
/// recorder. Nothing here is shared with other workers but the stop flag and the
/// per-second collector.
final class CurlWorker: @unchecked Sendable {
    /// A backstop on one poll's sleep: the timer already wakes the worker for its next send and
    /// for each second's close, and a stop wakes it at once.
    static let maximumPollMilliseconds: Int32 = 1_100
    /// How long `waitForStart` sleeps between looks at the stop flag.
    static let startPollMilliseconds: Nanoseconds = 50

    let index: Int
    private let multi: UnsafeMutableRawPointer
    private let timer: DeadlineTimer
    private let transfers: [Transfer]
    private var idle: [Transfer]
    private var queue: WorkQueue
    private let runStart: UInt64
    private let collector: SecondSeriesCollector
    private let stopFlag: StopFlag
    private let requests: [PreparedRequest]
    private let catalog: RequestCatalog
    private let expectations: [ResponseExpectation]
    private let workers: Int
    private let segment: RunSegment
    /// How late a send may go so that it shares a wake-up with others (``LoadConfiguration/sendWindow``).
    private let sendWindow: Nanoseconds
    private let goodput: GoodputLimits
    /// Closed-loop requests sent so far, to pick their payloads deterministically.
    private var closedSends = 0

    /// One recorder per request template.
    private(set) var recorders: [Recorder]
    /// One recorder per load phase, and where each starts.
    private(set) var phaseRecorders: [Recorder]
    private let phaseStarts: [Nanoseconds]
    /// The open-loop arrivals this worker sent.
    private(set) var schedule = ScheduleDigest()
    /// Predictions against labels, in the measurement window.
    private(set) var quality = QualityCounts()
    /// When the target could not be reached, as this worker saw it (warm-up included).
    private(set) var outages = OutageTracker()
    /// A few failed requests per request and failure, in the measurement window.
    private(set) var failures = FailureSamples()
    /// Answers in the measurement window by the HTTP version they came in (`1.1`, `2`).
    var httpVersions: [String: UInt64] { answersByVersionCode.named }
    private var answersByVersionCode = CurlHTTPVersion.Counts()
    private let measurementStart: Nanoseconds
    /// Whether requests are due at set times (open loop), not only when an answer frees a slot.
    private let keepsASchedule: Bool
    private(set) var sent: UInt64 = 0
    private(set) var cancelled: UInt64 = 0
    private(set) var cpuMicroseconds: Int64 = 0
    private(set) var finishedAt: Nanoseconds = 0
    /// The wall-clock time at which this worker's wait for the start ended.
    private(set) var startedAt: Date?
    private var second: WorkerSecond
    /// Requests added to the multi handle and not yet finished.
    private var inFlight = 0

    init(
        index: Int, workers: Int, configuration: LoadConfiguration, requests: [PreparedRequest],
        runStart: UInt64, collector: SecondSeriesCollector, stopFlag: StopFlag
    ) throws(LoadEngineError) {
        self.index = index
        self.workers = workers
        segment = configuration.segment
        sendWindow = configuration.sendWindow
        goodput = configuration.goodput
        self.requests = requests
        catalog = configuration.catalog
        expectations = configuration.expectations
        self.runStart = runStart
        self.collector = collector
        self.stopFlag = stopFlag
        let connections = RunSegment.share(of: configuration.connections, part: index, parts: workers)
        let streams = configuration.streamsPerConnection
        let overTLS = configuration.baseURL.lowercased().hasPrefix("https://")
        guard let multi = curl_multi_init() else { throw .curl("curl_multi_init failed") }
        self.multi = multi
        _ = gauntlet_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, connections)
        _ = gauntlet_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, connections)
        if configuration.http == .http2 {
            _ = gauntlet_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
            _ = gauntlet_multi_setopt_long(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, streams)
        }
        do {
            timer = try DeadlineTimer()
            var pool: [Transfer] = []
            // One handle per request that may be in flight: every connection's streams.
            for _ in 0..<(connections * streams) {
                pool.append(
                    try Transfer(
                        timeout: configuration.timeout, connectTimeout: configuration.connectTimeout,
                        tls: configuration.tls, http: configuration.http, overTLS: overTLS, proxy: configuration.proxy))
            }
            transfers = pool
            for transfer in pool { transfer.runStart = runStart }
        } catch {
            curl_multi_cleanup(multi)
            throw error
        }
        idle = transfers
        queue = WorkQueue(model: configuration.model, worker: index, workers: workers, segment: configuration.segment)
        measurementStart = configuration.warmup
        keepsASchedule = !configuration.model.isClosedLoopOnly
        let tokenReadings = configuration.catalog.tokenReadings
        recorders = tokenReadings.map { Recorder(measurementStart: configuration.warmup, readsTokens: $0 != .none) }
        phaseStarts = configuration.phaseStarts
        phaseRecorders = Array(
            repeating: Recorder(measurementStart: configuration.warmup, readsTokens: tokenReadings.contains { $0 != .none }),
            count: phaseStarts.count)
        second = WorkerSecond(second: 0)
    }

    deinit { curl_multi_cleanup(multi) }

    /// Wakes the worker from its poll (thread-safe), e.g. to notice a stop.
    func wake() { curl_multi_wakeup(multi) }

    /// Runs until the schedule is exhausted and every request has finished, or a stop.
    func run() {
        _ = gauntlet_set_timer_slack_ns(1_000)
        // A send is due at its time even while a server on this host keeps the CPUs busy: with the
        // shortest slice (0.1 ms) the woken worker preempts sooner; its share of CPU is unchanged.
        if keepsASchedule { _ = gauntlet_set_thread_slice_ns(100_000) }
        let cpuAtStart = MonotonicClock.threadCPUMicroseconds()
        waitForStart()
        startedAt = Date()
        var running: Int32 = 0
        var waitDescriptor = curl_waitfd(fd: timer.fileDescriptor, events: Int16(CURL_WAIT_POLLIN), revents: 0)

        while true {
            if stopFlag.isSet {
                cancelled = UInt64(inFlight)
                abandonInFlight()
                inFlight = 0
                break
            }
            var now = elapsed()
            // Start everything that is due, while connections are free (a send window's as one batch).
            var batch = false
            while !idle.isEmpty, let (due, origin, arrival) = queue.next(at: now, window: sendWindow, batch: &batch) {
                let transfer = idle.removeLast()
                queue.take(origin)
                transfer.origin = origin
                let requestIndex = catalog.requestIndex(forArrival: arrival ?? nextClosedArrival())
                let request = requests[requestIndex]
                transfer.apply(request)
                transfer.prepareForAnswer(
                    keepsBody: request.keepsBody, checks: expectations[request.template].checks, template: request.template,
                    tokenReading: catalog.tokenReadings[request.template])
                transfer.intended = due
                transfer.sent = now
                if let arrival { schedule.add(index: arrival, intended: due) }
                curl_multi_add_handle(multi, transfer.easy)
                inFlight += 1
                sent += 1
                advanceSecond(to: now)
                second.countSend(scheduleLag: now - due)
                now = elapsed()
            }
            if inFlight == 0 && queue.isExhausted { break }

            curl_multi_perform(multi, &running)
            inFlight -= collectCompletions()
            // The last answer ends the run now, not at the next second's close.
            if inFlight == 0 && queue.isExhausted { break }

            // Sleep until the next send may go (more may have become due, or in closed loop ready,
            // while handling completions; an open-loop batch when its oldest has waited the window,
            // a closed-loop slot when due), or the next second closes, whichever is first; answers
            // wake the poll too.
            let wakeAt = elapsed() / TimeUnit.nanosecondsPerSecond * TimeUnit.nanosecondsPerSecond
                + TimeUnit.nanosecondsPerSecond
            var sendAt = Nanoseconds.max
            if !idle.isEmpty, let release = queue.nextRelease(window: sendWindow) {
                sendAt = release
                if Int64(bitPattern: runStart &+ sendAt) - Int64(bitPattern: MonotonicClock.now()) <= 0 { continue }
            }
            timer.arm(at: runStart + min(sendAt, wakeAt))
            var ready: Int32 = 0
            waitDescriptor.revents = 0
            curl_multi_poll(multi, &waitDescriptor, 1, Self.maximumPollMilliseconds, &ready)
            if waitDescriptor.revents != 0 { timer.expired() }
            advanceSecond(to: elapsed())
        }
        finishedAt = elapsed()
        closeSecond()
        cpuMicroseconds = MonotonicClock.threadCPUMicroseconds() - cpuAtStart
    }

    /// Sleeps until the schedule's offset 0, waking at least every `startPollMilliseconds`
    /// to notice a stop: nothing may go out before the start, however far ahead it was set.
    private func waitForStart() {
        while !stopFlag.isSet {
            let now = MonotonicClock.now()
            guard now < runStart else { return }
            let step = min(runStart - now, Self.startPollMilliseconds * TimeUnit.nanosecondsPerMillisecond)
            var pause = timespec(tv_sec: Int(step / TimeUnit.nanosecondsPerSecond), tv_nsec: Int(step % TimeUnit.nanosecondsPerSecond))
            nanosleep(&pause, nil)
        }
    }

    /// Reads finished transfers, records them and returns their handles to the pool.
    private func collectCompletions() -> Int {
        var finished = 0
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = gauntlet_msg_result(message)
            let now = elapsed()
            let transfer = Transfer.owning(easy)
            let status = easy.curlInfo(CURLINFO_RESPONSE_CODE)
            let template = transfer.request?.template ?? 0
            // An HTTP answer is judged by the scenario's expectations; anything else by libcurl's result.
            let answered = code == CURLE_OK && (100..<600).contains(status)
            let tokens = transfer.finishTokens(finished: now)
            var error = answered
                ? expectations[template].judge(status: status, checksHold: transfer.checkScan?.holds ?? true)
                : CurlOutcomeClassifier.classify(
                    code: code, status: status, requestBytesSent: easy.curlInfo(CURLINFO_REQUEST_SIZE),
                    message: transfer.errorMessage)
            // An answer whose token stream (or whole JSON) was broken failed, by its first problem.
            if error == nil, let problem = tokens?.1 { error = problem }
            if let error, transfer.intended >= measurementStart {
                let name = catalog.templateNames[template]
                let at = Double(transfer.intended) / Double(TimeUnit.nanosecondsPerSecond)
                if failures.wants(request: name, kind: error, status: status, atSeconds: at) {
                    failures.add(transfer.failureSample(request: name, kind: error, status: status, atSeconds: at))
                }
            }
            curl_multi_remove_handle(multi, easy)
            idle.append(transfer)
            finished += 1

            let completion = Completion(
                intended: transfer.intended, sent: transfer.sent, finished: now, status: status, error: error)
            recorders[template].record(completion, tokens: tokens?.0, gaps: transfer.tokenGaps, limits: goodput)
            outages.record(completion)
            if status > 0 && transfer.intended >= measurementStart {
                answersByVersionCode.count(easy.curlInfo(CURLINFO_HTTP_VERSION))
            }
            if !phaseRecorders.isEmpty {
                phaseRecorders[phase(of: transfer.intended)].record(completion, tokens: tokens?.0, gaps: transfer.tokenGaps, limits: goodput)
            }
            if error == nil, let request = transfer.request, !request.labels.isEmpty, transfer.intended >= measurementStart {
                quality.record(
                    template: catalog.templateNames[template], rows: request.rows, expected: request.labels,
                    // A body past the kept limit reads as no predictions: counted unreadable.
                    predicted: PredictionParser.predictedClasses(
                        fromV2Response: transfer.bodyOverflowed ? [] : transfer.responseBody, rows: request.labels.count,
                        reading: catalog.predictionReadings[template]))
            }
            advanceSecond(to: now)
            second.record(completion)
            if error == nil, let (outcome, _) = tokens { second.recordTokens(outcome, gaps: transfer.tokenGaps) }
            queue.finished(transfer.origin, at: now)
        }
        return finished
    }

    /// A global-looking arrival number for a closed-loop send: this worker's stripe of the
    /// integers within its segment's stripe, so no two senders pick the same sequence.
    private func nextClosedArrival() -> Int {
        defer { closedSends += 1 }
        return closedSends * workers * segment.count + index * segment.count + (segment.index - 1)
    }

    /// The phase whose span holds `intended`: the last one starting at or before it.
    private func phase(of intended: Nanoseconds) -> Int {
        var phase = phaseStarts.count - 1
        while phase > 0 && phaseStarts[phase] > intended { phase -= 1 }
        return phase
    }

    private func abandonInFlight() {
        for transfer in transfers where !idle.contains(where: { $0 === transfer }) {
            curl_multi_remove_handle(multi, transfer.easy)
        }
        idle = transfers
    }

    @inline(__always)
    private func elapsed() -> Nanoseconds {
        let now = MonotonicClock.now()
        return now > runStart ? now - runStart : 0
    }

    /// Closes the current second (and any empty ones skipped) once `time` lies past it.
    private func advanceSecond(to time: Nanoseconds) {
        let target = Int(time / TimeUnit.nanosecondsPerSecond)
        while second.second < target {
            second.inFlight = UInt64(inFlight)
            collector.add(second)
            second.restart(at: second.second + 1)
        }
    }

    private func closeSecond() {
        second.inFlight = UInt64(inFlight)
        collector.add(second)
    }
}

/// Set once, from any thread, to make every worker stop.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}

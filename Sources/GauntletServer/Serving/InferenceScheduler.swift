import Foundation
import GauntletCore

/// Executor threads pulling batches from one `BatchingQueue` per model version: the threads do
/// the waiting and running, the queue value decides what is due. Admission answers at once, so
/// the event loop never blocks on a full queue.
final class InferenceScheduler: @unchecked Sendable {  // all mutable state is guarded by `condition`
    private let condition = NSCondition()
    private var queues: [BatchingQueue<InferenceJob>]
    private let queueIndex: [String: Int]
    private var cursor = 0
    private var stopping = false
    private var threads: [Thread] = []
    private let threadsDone: DispatchGroup
    private let metrics: ServerMetrics
    private let faults: FaultPlan

    init(models: [DenseModel], options: ServingOptions, metrics: ServerMetrics, faults: FaultPlan) {
        let configuration = BatchingQueue<InferenceJob>.Configuration(
            maxBatchSize: options.maxBatchSize, maxQueueDelay: options.maxQueueDelay,
            capacity: options.queueCapacity, deadline: options.queueDeadline)
        queues = models.map { _ in BatchingQueue(configuration: configuration) }
        queueIndex = Dictionary(uniqueKeysWithValues: models.enumerated().map { (Self.key($1), $0) })
        self.metrics = metrics
        self.faults = faults
        threadsDone = DispatchGroup()
        for number in 0..<options.inferenceThreads {
            threadsDone.enter()
            let thread = Thread { [self] in
                executorLoop()
                threadsDone.leave()
            }
            thread.name = "gauntlet-inference-\(number)"
            threads.append(thread)
        }
        for thread in threads { thread.start() }
    }

    static func key(_ model: DenseModel) -> String { "\(model.name)/\(model.version)" }

    /// Queues `job`, or refuses it when its model's queue is full (or the server is stopping).
    func submit(_ job: InferenceJob) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, let index = queueIndex[Self.key(job.model)],
              queues[index].enqueue(job, at: MonotonicClock.now())
        else { return false }
        condition.signal()
        return true
    }

    /// Whether `model`'s queue is full right now: checked before a body is parsed, so shedding
    /// costs the server almost nothing when it is most overloaded. `submit` still decides.
    func isFull(_ model: DenseModel) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let index = queueIndex[Self.key(model)] else { return true }
        return stopping || queues[index].count >= queues[index].configuration.capacity
    }

    /// Requests waiting for an executor, across models.
    var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return queues.reduce(0) { $0 + $1.count }
    }

    /// Runs what is queued, then stops the executors and waits for them.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        threadsDone.wait()
    }

    private func executorLoop() {
        condition.lock()
        while true {
            let now = MonotonicClock.now()
            var batch: [InferenceJob] = []
            var expired: [InferenceJob] = []
            var wakeAt: UInt64?
            // Round-robin over the models, so a busy one cannot starve the others.
            for offset in 0..<queues.count {
                let index = (cursor + offset) % queues.count
                let step = queues[index].step(at: now, executorFree: batch.isEmpty)
                expired += step.expired
                if batch.isEmpty && !step.batch.isEmpty {
                    batch = step.batch
                    cursor = index + 1
                }
                if let wake = step.wakeAt { wakeAt = min(wakeAt ?? wake, wake) }
            }
            if batch.isEmpty && expired.isEmpty {
                if stopping && queues.allSatisfy({ $0.count == 0 }) { break }
                if let wakeAt, wakeAt > now {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(wakeAt - now) / 1e9))
                } else if wakeAt == nil {
                    condition.wait()
                }
                continue
            }
            // Another executor may be free for the rest.
            if queues.contains(where: { $0.count > 0 }) { condition.signal() }
            condition.unlock()
            if !expired.isEmpty { metrics.recordShed(.deadline, count: expired.count) }
            for job in expired { job.complete(.expired) }
            if !batch.isEmpty { run(batch) }
            condition.lock()
        }
        condition.unlock()
    }

    /// A forward pass per row of every request in the batch, and the answers encoded here, off the
    /// event loop; the fault's added latency once per batch, as a slower model would take.
    private func run(_ batch: [InferenceJob]) {
        let model = batch[0].model
        metrics.recordBatch(size: batch.count)
        var answers: [[UInt8]] = []
        answers.reserveCapacity(batch.count)
        for job in batch {
            answers.append(InferResponse.encode(job.request.rows.map(model.predict), request: job.request, model: model))
        }
        if let delay = faults.batchDelay() { ExactDelay.hold(for: delay) }
        for (job, answer) in zip(batch, answers) { job.complete(.answered(answer)) }
    }
}

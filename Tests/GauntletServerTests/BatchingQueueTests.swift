import GauntletServer
import Testing

@Suite struct BatchingQueueTests {
    static let us: UInt64 = 1_000
    static func queue(batch: Int = 4, delay: UInt64 = 500 * us, capacity: Int = 8, deadline: UInt64 = 10_000 * us)
        -> BatchingQueue<Int>
    {
        BatchingQueue(configuration: .init(maxBatchSize: batch, maxQueueDelay: delay, capacity: capacity, deadline: deadline))
    }

    /// Rows of (arrival times in µs, step time in µs, executor free, expected batch, expected wake-up in µs).
    @Test(arguments: [
        // A full batch leaves at once.
        ([0, 10, 20, 30], 30, true, [0, 1, 2, 3], nil),
        // Not full: it waits for the oldest's queue delay…
        ([0, 10], 100, true, [], 500),
        // …and leaves when the delay is up, however few.
        ([0, 10], 500, true, [0, 1], nil),
        // No free executor: nothing leaves; a full batch waits only for the deadline.
        ([0, 10, 20, 30], 600, false, [], 10_000),
        // More than a batch waiting: one batch leaves, the rest wait on their own oldest.
        ([0, 1, 2, 3, 4, 5], 5, true, [0, 1, 2, 3], 504),
    ] as [([UInt64], UInt64, Bool, [Int], UInt64?)])
    func batchesFollowSizeAndDelay(arrivals: [UInt64], at now: UInt64, free: Bool, batch: [Int], wake: UInt64?) {
        var queue = Self.queue()
        for (index, arrival) in arrivals.enumerated() {
            let admitted = queue.enqueue(index, at: arrival * Self.us)
            #expect(admitted)
        }
        let step = queue.step(at: now * Self.us, executorFree: free)
        #expect(step.batch == batch)
        #expect(step.expired.isEmpty)
        #expect(step.wakeAt == wake.map { $0 * Self.us })
    }

    @Test func aFullQueueShedsAtOnce() {
        var queue = Self.queue(capacity: 3)
        let admitted = [queue.enqueue(1, at: 0), queue.enqueue(2, at: 0), queue.enqueue(3, at: 0), queue.enqueue(4, at: 0)]
        #expect(admitted == [true, true, true, false])
        _ = queue.step(at: 500 * Self.us, executorFree: true)
        #expect(queue.count == 0)
        let later = queue.enqueue(5, at: 600 * Self.us)
        #expect(later)
    }

    @Test func requestsPastTheirDeadlineExpireInsteadOfRunningLate() {
        var queue = Self.queue(deadline: 2_000 * Self.us)
        _ = queue.enqueue(1, at: 0)
        _ = queue.enqueue(2, at: 1_500 * Self.us)
        // The executor was busy all along; at 2 ms the first has waited its deadline.
        let step = queue.step(at: 2_000 * Self.us, executorFree: false)
        #expect(step.expired == [1])
        #expect(step.batch.isEmpty)
        #expect(step.wakeAt == 2_000 * Self.us)  // the second's delay (1.5 ms + 0.5 ms) is due now
        let next = queue.step(at: 2_000 * Self.us, executorFree: true)
        #expect(next.batch == [2])
    }

    @Test func orderIsKeptOverManyBatches() {
        var queue = Self.queue(batch: 3, capacity: 1_000)
        var served: [Int] = []
        for index in 0..<500 {
            _ = queue.enqueue(index, at: UInt64(index) * Self.us)
            served += queue.step(at: UInt64(index) * Self.us, executorFree: true).batch
        }
        // The last two wait out the queue delay of the older one, then leave together.
        served += queue.step(at: (498 + 500) * Self.us, executorFree: true).batch
        #expect(served == Array(0..<500))
        #expect(queue.count == 0)
    }
}

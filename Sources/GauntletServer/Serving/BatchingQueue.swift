/// The admission queue and dynamic batcher of the reference server, as a value driven by an
/// injected clock: it holds no threads and no timers, it answers what to do now.
///
/// Batching follows Triton's dynamic batcher: a batch leaves as soon as `maxBatchSize` requests
/// wait, or when the oldest has waited `maxQueueDelay`, whichever comes first, and only while an
/// executor is free. Admission is bounded: with `capacity` requests waiting, the next is refused
/// at once (load shedding, a 503 with Retry-After) rather than queued into a latency nobody wants;
/// a request still waiting at its deadline is expired (also a 503) instead of being run late.
public struct BatchingQueue<Item> {
    public struct Configuration: Sendable, Equatable {
        public var maxBatchSize: Int
        /// Nanoseconds the oldest request may wait for a fuller batch.
        public var maxQueueDelay: UInt64
        /// Requests that may wait at once.
        public var capacity: Int
        /// Nanoseconds a request may wait in all before it is expired.
        public var deadline: UInt64

        public init(maxBatchSize: Int, maxQueueDelay: UInt64, capacity: Int, deadline: UInt64) {
            precondition(maxBatchSize >= 1 && capacity >= 1)
            self.maxBatchSize = maxBatchSize
            self.maxQueueDelay = maxQueueDelay
            self.capacity = capacity
            self.deadline = deadline
        }
    }

    /// What the caller does next.
    public struct Step {
        /// Run these together, on a free executor.
        public var batch: [Item]
        /// Answer these 503: they waited past their deadline.
        public var expired: [Item]
        /// Call `step` again at this instant (ns) if nothing else happens first.
        public var wakeAt: UInt64?
    }

    public let configuration: Configuration
    private var waiting: [(item: Item, arrived: UInt64)] = []
    private var head = 0

    public init(configuration: Configuration) { self.configuration = configuration }

    public var count: Int { waiting.count - head }

    /// Admits `item` arriving at `now`, or refuses it when the queue is full.
    public mutating func enqueue(_ item: Item, at now: UInt64) -> Bool {
        guard count < configuration.capacity else { return false }
        waiting.append((item, now))
        return true
    }

    /// Expires what waited too long and, when an executor is free, takes the batch that is due.
    public mutating func step(at now: UInt64, executorFree: Bool) -> Step {
        var expired: [Item] = []
        while head < waiting.count, now >= waiting[head].arrived &+ configuration.deadline {
            expired.append(waiting[head].item)
            head += 1
        }
        var batch: [Item] = []
        if executorFree, count > 0 {
            let oldest = waiting[head].arrived
            if count >= configuration.maxBatchSize || now >= oldest &+ configuration.maxQueueDelay {
                let size = min(count, configuration.maxBatchSize)
                batch = waiting[head..<(head + size)].map(\.item)
                head += size
            }
        }
        compact()
        var wakeAt: UInt64?
        if count > 0 {
            let oldest = waiting[head].arrived
            let expiry = oldest &+ configuration.deadline
            // A full batch waits only for an executor; otherwise the oldest's delay decides.
            let dispatch = count >= configuration.maxBatchSize ? nil : oldest &+ configuration.maxQueueDelay
            wakeAt = [expiry, dispatch].compactMap { $0 }.min()
        }
        return Step(batch: batch, expired: expired, wakeAt: wakeAt)
    }

    private mutating func compact() {
        if head > 64 && head * 2 > waiting.count {
            waiting.removeFirst(head)
            head = 0
        } else if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
    }
}

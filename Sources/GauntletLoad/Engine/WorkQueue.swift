import GauntletCore

/// What a worker sends next and when: its stripe of the open-loop schedule, and the
/// closed-loop slots that become due as their windows open and as earlier requests finish.
struct WorkQueue {
    /// Where a request came from, so its completion can free a closed-loop slot.
    enum Origin: Equatable {
        case open
        case closed(window: Int)
    }

    private var arrivals: ArrivalSchedule.Arrivals
    /// The next open-loop arrival, drawn ahead so its time can be peeked.
    private var nextArrival: Arrival?
    private let windows: [LoadModel.ClosedWindow]
    /// Closed-loop slots by due time.
    private var slots = SlotHeap()

    init(model: LoadModel, worker: Int, workers: Int, segment: RunSegment = .whole) {
        arrivals = model.schedule.arrivals(worker: worker, of: workers, in: segment)
        nextArrival = arrivals.next()
        windows = model.closedWindows
        for (index, window) in windows.enumerated() {
            let share = RunSegment.share(of: window.concurrency, part: worker, parts: workers)
            for _ in 0..<share { slots.push(Slot(due: window.start, window: index)) }
        }
    }

    /// When the next request is due and where it comes from, or nil when nothing is pending;
    /// `arrival` is the open-loop arrival's index in the whole schedule.
    var next: (due: Nanoseconds, origin: Origin, arrival: Int?)? {
        let slot = slots.first
        switch (nextArrival, slot) {
        case (nil, nil): return nil
        case (let arrival?, nil): return (arrival.intended, .open, arrival.index)
        case (nil, let slot?): return (slot.due, .closed(window: slot.window), nil)
        case (let arrival?, let slot?):
            return arrival.intended <= slot.due
                ? (arrival.intended, .open, arrival.index) : (slot.due, .closed(window: slot.window), nil)
        }
    }

    /// The request to send at `now`, or nil when none may go yet. With a send `window`, open-loop
    /// arrivals go as one batch: none until the oldest has waited the window, then every one due
    /// (`batch` remembers, for the caller's sends at this wake-up, that the batch has begun), not one
    /// by one whenever an answer wakes the worker. A send on its own costs the server a wake-up too:
    /// at 40,000/s with a 400 µs window, batching cut the worker's CPU per request from 24.5 to
    /// 13.7 µs (Benchmarks/results/open-loop-cost-20261203T192240Z and -20261204T044750Z). A
    /// closed-loop slot never waits for a batch: waiting would lower its rate.
    func next(at now: Nanoseconds, window: Nanoseconds, batch: inout Bool) -> (due: Nanoseconds, origin: Origin, arrival: Int?)? {
        guard let next, next.due <= now else { return nil }
        guard next.origin == .open, !batch else { return next }
        if next.due + window <= now {
            batch = true
            return next
        }
        guard let slot = slots.first, slot.due <= now else { return nil }
        return (slot.due, .closed(window: slot.window), nil)
    }

    /// When the next request may go by ``next(at:window:batch:)``: a closed-loop slot when due, an
    /// open-loop batch when its oldest has waited the window; nil when nothing is pending.
    func nextRelease(window: Nanoseconds) -> Nanoseconds? {
        let open = nextArrival.map { $0.intended + window }
        guard let slot = slots.first else { return open }
        return min(open ?? .max, slot.due)
    }

    /// Whether nothing more will ever be sent, once in-flight requests have finished.
    var isExhausted: Bool { nextArrival == nil && slots.isEmpty }

    /// Takes the request `next` returned.
    mutating func take(_ origin: Origin) {
        switch origin {
        case .open: nextArrival = arrivals.next()
        case .closed: slots.pop()
        }
    }

    /// A request finished at `time`; a closed-loop slot is due again after its think time,
    /// while its window lasts.
    mutating func finished(_ origin: Origin, at time: Nanoseconds) {
        guard case .closed(let index) = origin else { return }
        let due = time + windows[index].thinkTime
        if due < windows[index].end { slots.push(Slot(due: due, window: index)) }
    }
}

struct Slot {
    var due: Nanoseconds
    var window: Int
}

/// A binary min-heap of slots by due time.
struct SlotHeap {
    private var items: [Slot] = []

    var first: Slot? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ slot: Slot) {
        items.append(slot)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].due < items[parent].due else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> Slot? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left].due < items[smallest].due { smallest = left }
            if right < items.count && items[right].due < items[smallest].due { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

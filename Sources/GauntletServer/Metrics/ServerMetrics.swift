import Foundation
import Synchronization

/// What the server counts while it serves, for `/metrics`: every figure is updated under one
/// lock (a few additions per request) and read out as a consistent snapshot.
public final class ServerMetrics: Sendable {
    /// Seconds; from half a millisecond (a fast forward pass) to 10 s (a stalled server).
    static let latencyBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Requests per batch.
    static let batchBounds: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    public enum ShedReason: String, Sendable, CaseIterable {
        /// The admission queue was full.
        case queueFull = "queue_full"
        /// It waited past the queue deadline.
        case deadline
    }

    struct Histogram: Sendable {
        var counts: [UInt64]
        var overflow: UInt64 = 0
        var sum: Double = 0

        init(bounds: Int) { counts = Array(repeating: 0, count: bounds) }

        mutating func observe(_ value: Double, bounds: [Double]) {
            sum += value
            if let index = bounds.firstIndex(where: { value <= $0 }) { counts[index] += 1 } else { overflow += 1 }
        }
    }

    struct ModelKey: Hashable, Sendable, Comparable {
        var model: String
        var version: String
        static func < (a: Self, b: Self) -> Bool { (a.model, a.version) < (b.model, b.version) }
    }

    struct State: Sendable {
        var requests: [ModelKey: [Int: UInt64]] = [:]
        var latency: [ModelKey: Histogram] = [:]
        var otherRequests: [Int: UInt64] = [:]
        var batches = Histogram(bounds: ServerMetrics.batchBounds.count)
        var shed: [ShedReason: UInt64] = [:]
        var injectedErrors: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// An answered infer request: its model, status and seconds from arrival to answer.
    func recordInference(model: String, version: String, status: Int, seconds: Double) {
        let key = ModelKey(model: model, version: version)
        state.withLock { state in
            state.requests[key, default: [:]][status, default: 0] += 1
            state.latency[key, default: Histogram(bounds: Self.latencyBounds.count)].observe(seconds, bounds: Self.latencyBounds)
        }
    }

    /// Any other answered request (health, metadata, errors before a model was known).
    func recordOther(status: Int) { state.withLock { $0.otherRequests[status, default: 0] += 1 } }

    func recordBatch(size: Int) { state.withLock { $0.batches.observe(Double(size), bounds: Self.batchBounds) } }

    func recordShed(_ reason: ShedReason, count: Int = 1) { state.withLock { $0.shed[reason, default: 0] += UInt64(count) } }

    func recordInjectedError() { state.withLock { $0.injectedErrors += 1 } }

    var snapshot: State { state.withLock { $0 } }

    /// Requests shed so far, for tests and logs.
    public func shedCount(_ reason: ShedReason) -> UInt64 { snapshot.shed[reason] ?? 0 }
}

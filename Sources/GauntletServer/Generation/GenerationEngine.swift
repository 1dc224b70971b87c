import Foundation
import GauntletCore

/// What happens to one answer being generated, as its connection hears it (on the engine's thread).
enum GenerationEvent: Sendable {
    /// It left the queue and joined the running batch: its prefill is in this step.
    case started
    case token(index: Int, text: String)
    case finished
    /// It waited in the queue past the deadline; nothing was generated.
    case expired
    /// An injected fault: its connection is to close mid-answer.
    case dropped
}

/// One answer to generate: its words are drawn when it is admitted (the n-gram model is cheap);
/// its time is spent here, step by step, as a GPU's would be.
final class GenerationSequence: @unchecked Sendable {
    let tokens: [String]
    let promptTokens: Int
    let enqueuedAt: UInt64
    /// It may not join a batch before this (an injected slow first token).
    let readyAt: UInt64
    /// With an injected drop: tokens sent before its connection closes.
    let dropAfter: Int?
    let deliver: @Sendable (GenerationEvent) -> Void
    /// Touched only by the engine's thread.
    var emitted = 0

    init(tokens: [String], promptTokens: Int, enqueuedAt: UInt64, readyAt: UInt64, dropAfter: Int?,
         deliver: @escaping @Sendable (GenerationEvent) -> Void) {
        self.tokens = tokens
        self.promptTokens = promptTokens
        self.enqueuedAt = enqueuedAt
        self.readyAt = readyAt
        self.dropAfter = dropAfter
        self.deliver = deliver
    }
}

/// Continuous batching on one thread (``GenerationOptions``): each step, waiting sequences join
/// the batch while there is room, the step takes its time (longer with more sequences and with
/// the prompts joining), then every sequence in the batch gets its next token. A periodic stall
/// fault holds the steps, so every stream stalls mid-answer.
final class GenerationEngine: @unchecked Sendable {
    private let options: GenerationOptions
    private let queueCapacity: Int
    private let queueDeadline: UInt64
    private let faults: FaultPlan
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var waiting: [GenerationSequence] = []
    private var stopping = false
    /// Owned by the engine's thread.
    private var running: [GenerationSequence] = []
    private var thread: Thread?

    init(options: ServingOptions, faults: FaultPlan) {
        self.options = options.generation
        queueCapacity = options.queueCapacity
        queueDeadline = options.queueDeadline
        self.faults = faults
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "gauntlet-generation"
        self.thread = thread
        thread.start()
    }

    /// Sequences waiting for a place in the batch.
    var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting.count
    }

    /// Queues `sequence`; false when the queue is full (the caller sheds it).
    func submit(_ sequence: GenerationSequence) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, waiting.count < queueCapacity else { return false }
        waiting.append(sequence)
        condition.signal()
        return true
    }

    func shutdown() {
        condition.lock()
        stopping = true
        let abandoned = waiting
        waiting = []
        condition.broadcast()
        condition.unlock()
        for sequence in abandoned { sequence.deliver(.expired) }
    }

    private func loop() {
        while true {
            guard let joined = admit() else { break }
            let prompt = joined.reduce(0) { $0 + $1.promptTokens }
            running += joined
            for sequence in joined { sequence.deliver(.started) }
            let start = MonotonicClock.now()
            var end = start + options.stepTime(sequences: running.count, promptTokens: prompt)
            if let release = faults.stallRelease(at: end) { end = release }
            ExactDelay.hold(for: end > MonotonicClock.now() ? end - MonotonicClock.now() : 0)
            running.removeAll { sequence in
                if let drop = sequence.dropAfter, sequence.emitted >= drop {
                    sequence.deliver(.dropped)
                    return true
                }
                sequence.deliver(.token(index: sequence.emitted, text: sequence.tokens[sequence.emitted]))
                sequence.emitted += 1
                guard sequence.emitted == sequence.tokens.count else { return false }
                sequence.deliver(.finished)
                return true
            }
        }
    }

    /// The sequences joining the next step; waits while there is nothing to run. Nil once stopping.
    private func admit() -> [GenerationSequence]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopping { return nil }
            let now = MonotonicClock.now()
            var joined: [GenerationSequence] = []
            var expired: [GenerationSequence] = []
            var earliestReady = UInt64.max
            waiting.removeAll { sequence in
                if now - min(now, sequence.enqueuedAt) > queueDeadline && sequence.emitted == 0 {
                    expired.append(sequence)
                    return true
                }
                guard sequence.readyAt <= now else {
                    earliestReady = min(earliestReady, sequence.readyAt)
                    return false
                }
                guard running.count + joined.count < options.maxSequences else { return false }
                joined.append(sequence)
                return true
            }
            for sequence in expired { sequence.deliver(.expired) }
            if !joined.isEmpty || !running.isEmpty { return joined }
            if earliestReady != .max {
                // Only sequences held back by a slow-first-token fault: wake when the first is ready.
                let seconds = Double(earliestReady - now) / 1e9
                _ = condition.wait(until: Date().addingTimeInterval(seconds))
            } else if !waiting.isEmpty {
                continue
            } else {
                condition.wait()
            }
        }
    }
}

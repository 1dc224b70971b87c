import GauntletCore
import Synchronization

/// The faults a server was started with, drawn from one seeded generator so a rehearsal repeats:
/// which infer requests fail, how much latency each batch gains, when the periodic stall holds
/// answers back.
final class FaultPlan: Sendable {
    let options: FaultOptions
    private let random: Mutex<Xoshiro256StarStar>
    /// Stall periods count from here (monotonic ns).
    private let origin: UInt64

    init(options: FaultOptions, origin: UInt64 = MonotonicClock.now()) {
        self.options = options
        random = Mutex(Xoshiro256StarStar(seed: options.seed))
        self.origin = origin
    }

    /// Whether this infer request is answered with an injected 500.
    func injectsError() -> Bool {
        guard options.errorRate > 0 else { return false }
        return random.withLock { Double.random(in: 0..<1, using: &$0) } < options.errorRate
    }

    /// Nanoseconds to add to a batch's forward pass, if latency is injected.
    func batchDelay() -> UInt64? {
        guard let latency = options.latency else { return nil }
        return random.withLock { latency.sample(using: &$0) }
    }

    /// Nanoseconds to add before a generative answer's first token, if a slow first token is injected.
    func firstTokenDelay() -> UInt64? {
        guard let delay = options.firstTokenDelay else { return nil }
        return random.withLock { delay.sample(using: &$0) }
    }

    /// With dropped streams injected: after how many of its `tokens` this stream's connection
    /// closes, or nil when it is not dropped.
    func dropPoint(tokens: Int) -> Int? {
        guard options.dropRate > 0, tokens > 1 else { return nil }
        return random.withLock { random -> Int? in
            guard Double.random(in: 0..<1, using: &random) < options.dropRate else { return nil }
            return Int.random(in: 1..<tokens, using: &random)
        }
    }

    /// When an answer ready at `now` may leave: nil if now, else the end of the stall in progress.
    /// Each period of `every` ends with a stall of `duration`, so the first comes after a calm start.
    func stallRelease(at now: UInt64) -> UInt64? {
        guard let stall = options.stall, now >= origin else { return nil }
        let intoPeriod = (now - origin) % stall.every
        let stallStart = stall.every - stall.duration
        return intoPeriod >= stallStart ? now + (stall.every - intoPeriod) : nil
    }
}

/// Which rate to try next, as a value: bracket by doubling from the start rate until a step does
/// not pass, then bisect between the highest pass and the lowest non-pass until the gap is within
/// the resolution. It sends nothing; the caller measures each ``Probe`` and ``record(_:)``s the
/// step's outcome, so every path (bracket, bisect, extend, invalid, inconclusive, interrupted) is
/// tested without a socket.
///
/// A step that is not a pass (failed, invalid or inconclusive) bounds R_max from above alike:
/// the answer is the interval [highest pass, lowest non-pass], and the report says which kind the
/// upper end was, since "the generator could not keep up" and "the objectives failed" are not the
/// same news.
public struct CapacitySearch: Sendable, Equatable {
    /// What one measured step came to.
    public enum Outcome: String, Sendable, Codable, Equatable {
        /// Every objective held on its adverse confidence bound, the generator kept up, and the
        /// step was stable.
        case pass
        /// An objective failed even on its favourable bound.
        case fail
        /// The generator did not send the load asked for: never a pass, whatever the figures say.
        case invalid
        /// Still open after every extension.
        case inconclusive
        /// Open: neither pass nor fail yet (an interval straddles a threshold, too few samples, a
        /// latency still rising). Measured again while extensions remain.
        case undecided
    }

    /// The next step to measure.
    public struct Probe: Sendable, Equatable {
        public var rate: Double
        /// 0 for a new step, 1… for its extensions (measured again and merged with what it had).
        public var extensionNumber: Int
        public var stage: Stage
    }

    public enum Stage: String, Sendable, Codable, Equatable {
        case bracket, bisect
        /// A level of a closed-loop concurrency sweep, not part of the rate search.
        case sweep
    }

    /// Why the search ended.
    public enum Finish: String, Sendable, Codable, Equatable {
        /// The gap between the highest pass and the lowest non-pass is within the resolution.
        case resolved
        /// The highest rate allowed passed: R_max is at least that.
        case passedAtMaximum = "passed_at_maximum"
        /// The first rate did not pass: R_max is below it.
        case startDidNotPass = "start_did_not_pass"
        case interrupted
    }

    public let startRate: Double
    public let maxRate: Double
    public let resolution: CapacitySection.Resolution
    public let extensions: Int

    public private(set) var next: Probe?
    public private(set) var finish: Finish?
    public private(set) var highestPass: Double?
    public private(set) var lowestNonPass: Double?
    /// What the step at ``lowestNonPass`` came to.
    public private(set) var lowestNonPassOutcome: Outcome?

    public init(startRate: Double, maxRate: Double, resolution: CapacitySection.Resolution, extensions: Int) {
        precondition(startRate > 0 && maxRate >= startRate && extensions >= 0)
        self.startRate = startRate
        self.maxRate = maxRate
        self.resolution = resolution
        self.extensions = extensions
        next = Probe(rate: startRate, extensionNumber: 0, stage: .bracket)
    }

    public init(_ section: CapacitySection) {
        self.init(startRate: section.startRate, maxRate: section.maxRate, resolution: section.resolution,
                  extensions: section.extensions)
    }

    /// Takes the outcome of the step ``next`` asked for and chooses the one after it.
    public mutating func record(_ outcome: Outcome) {
        guard let probe = next else { preconditionFailure("the search has ended (\(finish.map(\.rawValue) ?? "?"))") }
        var outcome = outcome
        if outcome == .undecided {
            if probe.extensionNumber < extensions {
                next = Probe(rate: probe.rate, extensionNumber: probe.extensionNumber + 1, stage: probe.stage)
                return
            }
            outcome = .inconclusive
        }
        if outcome == .pass {
            highestPass = probe.rate
        } else {
            lowestNonPass = probe.rate
            lowestNonPassOutcome = outcome
        }
        switch probe.stage {
        case .bracket where outcome == .pass:
            if probe.rate >= maxRate { end(.passedAtMaximum); return }
            next = Probe(rate: min(probe.rate * 2, maxRate), extensionNumber: 0, stage: .bracket)
        case .bracket where highestPass == nil:
            end(.startDidNotPass)
        default:
            bisect()
        }
    }

    /// Stops the search where it is; what was measured stands.
    public mutating func interrupt() {
        if finish == nil { end(.interrupted) }
    }

    /// R_max as far as the search got: the highest rate that passed and the lowest that did not.
    public var rateMax: RateInterval {
        RateInterval(low: highestPass, high: lowestNonPass, highOutcome: lowestNonPassOutcome)
    }

    private mutating func bisect() {
        guard let low = highestPass, let high = lowestNonPass else { return end(.startDidNotPass) }
        if high - low <= resolution.width(at: low) { return end(.resolved) }
        next = Probe(rate: (low + high) / 2, extensionNumber: 0, stage: .bisect)
    }

    private mutating func end(_ finish: Finish) {
        self.finish = finish
        next = nil
    }
}

/// The highest rate that met every objective lies in [low, high): low passed, high did not.
public struct RateInterval: Sendable, Codable, Equatable {
    /// nil: no step passed.
    public var low: Double?
    /// nil: no step failed (the search passed at its maximum, or stopped first).
    public var high: Double?
    /// Why ``high`` is not a pass.
    public var highOutcome: CapacitySearch.Outcome?

    public init(low: Double?, high: Double?, highOutcome: CapacitySearch.Outcome?) {
        self.low = low
        self.high = high
        self.highOutcome = highOutcome
    }
}

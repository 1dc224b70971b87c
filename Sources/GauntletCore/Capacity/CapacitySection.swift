/// How `gauntlet capacity` searches (`capacity:`): the scenario's requests, data, target and
/// objectives are kept, and its load phases are replaced by steps of one constant open-loop rate
/// each, chosen by ``CapacitySearch``.
public struct CapacitySection: Sendable, Equatable {
    /// When the bisection stops: the gap between the highest passing and the lowest failing rate
    /// is at most this share of the passing rate (`5%`) or this many requests per second (`10/s`).
    public enum Resolution: Sendable, Equatable {
        case fraction(Double)
        case rate(Double)

        /// The widest gap still worth bisecting, with `low` passing.
        public func width(at low: Double) -> Double {
            switch self {
            case .fraction(let share): low * share
            case .rate(let rate): rate
            }
        }

        public struct Failure: Error, Equatable, CustomStringConvertible {
            public let description: String
        }

        /// Reads `5%` (above 0%, at most 50%) or a rate such as `10/s`.
        public static func parse(_ text: String) throws(Failure) -> Resolution {
            let trimmed = text.trimmingWhitespace()
            if trimmed.hasSuffix("%") {
                guard let percent = Double(trimmed.dropLast()), percent > 0, percent <= 50 else {
                    throw Failure(description: "'\(trimmed)' must be a share above 0% and at most 50% (5%), or a rate (10/s)")
                }
                return .fraction(percent / 100)
            }
            do { return .rate(try RateParser.perSecond(trimmed)) } catch {
                throw Failure(description: "'\(trimmed)' must be a share of the passing rate (5%) or a rate above zero (10/s)")
            }
        }

        /// As written: `5%` or `10/s`.
        public var text: String {
            switch self {
            case .fraction(let share): "\((share * 100).compact)%"
            case .rate(let rate): "\(rate.compact)/s"
            }
        }
    }

    /// The first rate tried; it must pass for the search to bracket anything.
    public var startRate: Double
    /// The highest rate tried; passing it ends the search with "at least this much".
    public var maxRate: Double
    public var resolution: Resolution
    /// The measured part of each step.
    public var stepDuration: Nanoseconds
    /// Sent before each step and each extension, not measured: the queue of the previous rate drains
    /// and the new one fills.
    public var warmup: Nanoseconds
    /// How many times a step whose verdict is still open may be measured again (its measurements
    /// merged) before it is inconclusive.
    public var extensions: Int
    /// A sent request counts as late for a step's validity when it started more than this after its
    /// intended time; more than ``maximumLateShare`` of them and the generator did not keep up.
    public var lateAfter: Nanoseconds
    /// A closed-loop sweep instead of the rate search (`concurrency: 1:64:x2`).
    public var concurrency: ConcurrencySweep?
    /// Instances and cost for a peak; nil: no plan.
    public var plan: CapacityPlanInputs?
    /// Where the section was written (the `capacity` key), for problems found later.
    public var location: SourceLocation

    public init(
        startRate: Double = defaultStartRate, maxRate: Double = defaultMaxRate, resolution: Resolution = defaultResolution,
        stepDuration: Nanoseconds = defaultStepDuration, warmup: Nanoseconds = defaultWarmup,
        extensions: Int = defaultExtensions, lateAfter: Nanoseconds = defaultLateAfter, concurrency: ConcurrencySweep? = nil,
        plan: CapacityPlanInputs? = nil, location: SourceLocation = SourceLocation(line: 0, column: 0)
    ) {
        self.startRate = startRate
        self.maxRate = maxRate
        self.resolution = resolution
        self.stepDuration = stepDuration
        self.warmup = warmup
        self.extensions = extensions
        self.lateAfter = lateAfter
        self.concurrency = concurrency
        self.plan = plan
        self.location = location
    }

    /// The load of the search's first step (the start rate, or the sweep's first level) in the
    /// scenario's own arrivals, connections and seed: what `validate` forecasts samples from.
    public func firstStep(of load: LoadSection) -> LoadSection {
        var first = load
        first.warmup = warmup
        first.phases = [LoadPhase(
            kind: concurrency.map { .closed(concurrency: $0.from, thinkTime: 0) } ?? .constant(rate: startRate),
            duration: stepDuration)]
        return first
    }

    /// Low enough that any served model passes it.
    public static let defaultStartRate = 100.0
    /// Past what one generator core sends open loop (docs/measurement.md); a target that passes it
    /// needs more machines (docs/scale-out.md) to find its limit.
    public static let defaultMaxRate = 10_000.0
    public static let defaultResolution = Resolution.fraction(0.05)
    /// Long enough for a p99 to rest on its 1,000 samples at the start rate (1,500 at 100/s); short
    /// enough for a search of a dozen steps to take a few minutes.
    public static let defaultStepDuration: Nanoseconds = 15 * TimeUnit.nanosecondsPerSecond
    public static let defaultWarmup: Nanoseconds = 2 * TimeUnit.nanosecondsPerSecond
    public static let defaultExtensions = 2
    /// Far above the timer wake-up jitter of a busy virtual machine (1–4 ms here, see
    /// docs/measurement.md), far below the lag of a generator that has fallen behind, which grows
    /// without bound.
    public static let defaultLateAfter: Nanoseconds = 5 * TimeUnit.nanosecondsPerMillisecond
    /// perf_analyzer's rule: more than 1% of sends late and the load was not what was asked.
    public static let maximumLateShare = 0.01
    /// The generator kept up when it sent at least this share of the scheduled requests.
    public static let minimumSentShare = 0.98
}

/// Concurrency levels for a closed-loop sweep, for users coming from perf_analyzer:
/// `1:64:x2` doubles from 1 to 64, `4:32:4` adds 4 from 4 to 32, `8` is one level.
public struct ConcurrencySweep: Sendable, Equatable {
    public enum Growth: Sendable, Equatable {
        case times(Int)
        case plus(Int)
    }

    public var from: Int
    public var to: Int
    public var growth: Growth

    public init(from: Int, to: Int, growth: Growth) {
        self.from = from
        self.to = to
        self.growth = growth
    }

    /// The levels in order, ending at `to` even when the growth overshoots it.
    public var levels: [Int] {
        var levels: [Int] = []
        var level = from
        while level < to {
            levels.append(level)
            switch growth {
            case .times(let factor): level *= factor
            case .plus(let step): level += step
            }
        }
        levels.append(to)
        return levels
    }

    public static let maximumLevel = 10_000

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Reads `FROM:TO:xFACTOR`, `FROM:TO:STEP` or one level.
    public static func parse(_ text: String) throws(Failure) -> ConcurrencySweep {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        func level(_ part: String) throws(Failure) -> Int {
            guard let value = Int(part), (1...maximumLevel).contains(value) else {
                throw Failure(description: "'\(part)' in '\(text)' is not a concurrency from 1 to \(maximumLevel)")
            }
            return value
        }
        switch parts.count {
        case 1:
            let only = try level(parts[0])
            return ConcurrencySweep(from: only, to: only, growth: .plus(1))
        case 2, 3:
            let from = try level(parts[0]), to = try level(parts[1])
            guard from <= to else { throw Failure(description: "'\(text)' starts above where it ends; write FROM:TO with FROM <= TO") }
            guard parts.count == 3 else { return ConcurrencySweep(from: from, to: to, growth: .times(2)) }
            let step = parts[2]
            if step.hasPrefix("x") || step.hasPrefix("*") {
                guard let factor = Int(step.dropFirst()), factor >= 2, factor <= 100 else {
                    throw Failure(description: "'\(step)' in '\(text)' is not a factor from x2 to x100")
                }
                return ConcurrencySweep(from: from, to: to, growth: .times(factor))
            }
            guard let add = Int(step), add >= 1, add <= maximumLevel else {
                throw Failure(description: "'\(step)' in '\(text)' is neither a step (4) nor a factor (x2)")
            }
            return ConcurrencySweep(from: from, to: to, growth: .plus(add))
        default:
            throw Failure(description: "'\(text)' is not a sweep; write FROM:TO:xFACTOR (1:64:x2), FROM:TO:STEP (4:32:4) or one level (8)")
        }
    }
}

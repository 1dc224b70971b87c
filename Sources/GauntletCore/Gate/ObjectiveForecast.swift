/// Whether a planned run will give an objective enough samples to be judged (rule 6 of
/// docs/measurement.md), said before anything is sent: too few make it inconclusive after the
/// whole run, and inconclusive is never a pass.
public struct ObjectiveForecast: Sendable, Equatable, CustomStringConvertible {
    public enum Outlook: Sendable, Equatable {
        case enough
        /// Closed-loop phases decide it, and their count depends on how fast the server answers.
        case unknown
        /// Too few, with what to change.
        case tooFew(warning: String)
    }

    public var objective: Objective
    public var samples: SampleCount
    /// The fewest samples its figure needs to be judged.
    public var needed: UInt64
    public var outlook: Outlook

    /// A count that varies must clear the minimum by this many standard deviations, so a run
    /// falls short about once in 40 rather than once in 2 (a Poisson count right at the minimum).
    public static let margin = 2.0

    public var warning: String? {
        if case .tooFew(let warning) = outlook { warning } else { nil }
    }

    /// `latency.p99 < 50ms: about 1,300 samples, needs 1,000 · ok`.
    public var description: String {
        let needs = "needs \(SampleText.count(Double(needed)))"
        return switch outlook {
        case .enough: "\(objective.expression): \(samples) samples, \(needs) · ok"
        case .unknown:
            "\(objective.expression): \(samples) samples, \(needs) · closed-loop phases add as many as the server answers"
        case .tooFew: "\(objective.expression): \(samples) samples, \(needs) · warning"
        }
    }
}

extension SampleForecast {
    /// The outlook of each objective, in order.
    public func forecasts(_ objectives: [Objective]) -> [ObjectiveForecast] { objectives.map(forecast) }

    /// The warnings for `objectives` that will rest on too few samples, in order.
    public func warnings(_ objectives: [Objective]) -> [String] { forecasts(objectives).compactMap(\.warning) }

    public func forecast(_ objective: Objective) -> ObjectiveForecast {
        let yields = yields(for: objective)
        let samples = samples(yielding: yields)
        let needed = objective.definition.minimumSamples
        let outlook: ObjectiveForecast.Outlook
        if Self.clears(samples, Double(needed)) {
            outlook = .enough
        } else if samples.lowerBound {
            outlook = .unknown
        } else {
            outlook = .tooFew(warning: warning(objective, samples, needed: needed, yields: yields))
        }
        return ObjectiveForecast(objective: objective, samples: samples, needed: needed, outlook: outlook)
    }

    /// Whether `samples` reach `needed` with the margin; a hair of floating-point noise below an
    /// exact count (a ramp's integral) still reaches it.
    static func clears(_ samples: SampleCount, _ needed: Double) -> Bool {
        samples.expected - ObjectiveForecast.margin * samples.standardDeviation >= needed * (1 - 1e-9)
    }

    /// `latency.p99 will rest on about 100 samples (2s at 50/s); it needs 1,000 to be judged
    /// (inconclusive is never a pass): run for at least 20s or raise the rate to 500/s`.
    func warning(_ objective: Objective, _ samples: SampleCount, needed: UInt64, yields: [Double]) -> String {
        let figure = objective.expression.qualifiedFigure
        let basis = self.basis(of: objective, yields: yields)
        return "\(figure) will rest on \(samples) samples (\(basis)); it needs \(SampleText.count(Double(needed))) "
            + "to be judged (inconclusive is never a pass): \(advice(samples, needed: Double(needed)))"
    }

    /// Where the count comes from: the window and its rate, the share of the mix that counts,
    /// what each of those requests yields.
    func basis(of objective: Objective, yields: [Double]) -> String {
        var parts: [String] = []
        if replay {
            let warmup = warmupSeconds > 0 ? " after the \(SampleText.duration(seconds: warmupSeconds)) warm-up" : ""
            parts.append("the trace's \(SampleText.count(scheduled)) requests\(warmup)")
        } else {
            let rate = windowSeconds > 0 ? scheduled / windowSeconds : 0
            let at = constantRate.map { "at \(SampleText.number($0))/s" } ?? "at \(SampleText.number(rate))/s on average"
            parts.append("\(SampleText.duration(seconds: windowSeconds)) \(at)")
            if poisson { parts.append("Poisson arrivals") }
            if let burstiness = gammaBurstiness { parts.append("gamma arrivals, burstiness \(burstiness.compact)") }
        }
        let total = requests.reduce(0) { $0 + $1.weight }
        let counted = zip(requests, yields).filter { $0.1 > 0 }.map(\.0)
        let share = total > 0 ? counted.reduce(0) { $0 + $1.weight } / total : 0
        if share < 1 && !counted.isEmpty {
            let who = counted.count == 1 ? counted[0].name : "\(counted.count) requests"
            parts.append("\(who) \(SampleText.number((share * 100 * 10).rounded() / 10))% of the mix")
        }
        let perRequest = share > 0 ? zip(requests, yields).reduce(0) { $0 + $1.0.weight * $1.1 } / total / share : 0
        if perRequest != 1 && perRequest > 0 {
            let what = objective.definition.requires == .cost ? "predictions" : "labelled rows"
            parts.append("\(SampleText.number(perRequest)) \(what) per request")
        }
        return parts.joined(separator: ", ")
    }

    /// What would give the figure enough: a longer window or a higher rate, found by scaling the
    /// plan until its count clears the minimum with the margin; a replay's count is its trace's.
    func advice(_ samples: SampleCount, needed: Double) -> String {
        if replay {
            return warmupSeconds > 0
                ? "a replay sends its trace as recorded: replay a longer trace, or a shorter warm-up"
                : "a replay sends its trace as recorded: replay a longer trace"
        }
        guard samples.expected > 0 else { return "nothing it counts is due in the measured window" }
        // Scaling the rate or the window by k scales the mean and the variance alike (variance
        // = v·mean), so the count clears when √mean ≥ √v + √(v + needed).
        let perSample = samples.standardDeviation * samples.standardDeviation / samples.expected
        let margin = ObjectiveForecast.margin / 2
        let root = margin * perSample.squareRoot() + (margin * margin * perSample + needed).squareRoot()
        let factor = root * root / samples.expected
        let afterWarmup = warmupSeconds > 0 ? " after the warm-up" : ""
        let longer = "run for at least \(SampleText.advisedDuration(seconds: windowSeconds * factor))\(afterWarmup)"
        if let constantRate {
            let rate = constantRate * factor
            return "\(longer) or raise the rate to \(SampleText.number(SampleText.roundedUp(rate, step: rate >= 10 ? 1 : 0.01)))/s"
        }
        return "\(longer) or scale the rates by \(SampleText.number(SampleText.roundedUp(factor, step: 0.1)))"
    }
}

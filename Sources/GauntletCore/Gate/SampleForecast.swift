/// How many samples each figure of a planned run will rest on, known before anything is sent:
/// the arrivals its open-loop schedule puts in the measured window (warm-up excluded), shared
/// out over the request mix by weight, times what each request yields (labelled rows for model
/// quality, predictions for cost).
///
/// It counts what the plan allows, assuming every request due is answered: a failing server
/// gives fewer. Closed-loop phases send as fast as the server answers, so no plan can count
/// their requests; with them, the forecast counts the open-loop part alone, as a lower bound.
public struct SampleForecast: Sendable, Equatable {
    /// One request template of the mix and what each of its requests yields.
    public struct Request: Sendable, Equatable {
        public var name: String
        /// Relative share of the mix.
        public var weight: Double
        /// Labelled rows one request carries (its batch); 0 without labelled data.
        public var labelledRows: Double
        /// Predictions one successful request carries, as the cost figures count them.
        public var predictions: Double
        /// Whether its answers are read for tokens (an `openai` body).
        public var readsTokens: Bool
        /// The gaps between tokens one answer yields, at most: its `max_tokens` − 1, when it reads tokens.
        public var tokenGaps: Double

        public init(
            name: String, weight: Double, labelledRows: Double = 0, predictions: Double = 1, readsTokens: Bool = false,
            tokenGaps: Double = 0
        ) {
            self.name = name
            self.weight = weight
            self.labelledRows = labelledRows
            self.predictions = predictions
            self.readsTokens = readsTokens
            self.tokenGaps = tokenGaps
        }
    }

    public let requests: [Request]
    /// Requests the open-loop schedule puts in the measured window: the rate profile's
    /// expectation, or a replayed trace's exact count.
    public let scheduled: Double
    /// The measured window, from the warm-up's end to the plan's end.
    public let windowSeconds: Double
    public let warmupSeconds: Double
    /// The window's one rate, when it runs at a single constant rate throughout; nil for a
    /// shaped, closed-loop or replayed window.
    public let constantRate: Double?
    /// Poisson arrivals: the window's count varies around its expectation.
    public let poisson: Bool
    /// Gamma arrivals' burstiness (their gaps' shape), whose window count varies around its
    /// expectation by 1 / burstiness times as much as a Poisson count; nil for other arrivals.
    public let gammaBurstiness: Double?
    /// A replayed trace: its count is the trace's, whatever the rate or duration.
    public let replay: Bool
    /// Closed-loop phases run in the measured window, adding requests no plan can count.
    public let closedLoop: Bool

    /// The forecast of `plan` for a mix of `requests`.
    public init(plan: LoadPlan, requests: [Request]) {
        let schedule = plan.model.schedule
        let warmup = plan.warmup
        let end = plan.model.end
        self.requests = requests
        if let times = schedule.explicitTimes {
            scheduled = Double(times.lazy.filter { $0 >= warmup }.count)
        } else {
            scheduled = max(0, schedule.profile.totalExpectedArrivals - schedule.profile.expectedArrivals(until: warmup))
        }
        windowSeconds = (end - min(end, warmup)).nanosecondsAsSeconds
        warmupSeconds = warmup.nanosecondsAsSeconds
        poisson = schedule.process == .poisson && schedule.explicitTimes == nil
        gammaBurstiness = schedule.process == .gamma && schedule.explicitTimes == nil ? schedule.burstiness : nil
        replay = schedule.explicitTimes != nil
        closedLoop = plan.model.closedWindows.contains { $0.end > warmup && $0.end > $0.start }
        constantRate = replay || closedLoop ? nil : Self.constantRate(of: schedule.profile, from: warmup)
    }

    /// The forecast of a loaded scenario's plan and catalogue; `predictionsPerRequest` as the
    /// run's cost counts them (a template it leaves out carries one).
    public init(plan: LoadPlan, catalog: RequestCatalog, predictionsPerRequest: [String: UInt64] = [:]) {
        self.init(plan: plan, requests: catalog.templateNames.indices.map { index in
            let name = catalog.templateNames[index]
            return Request(
                name: name, weight: catalog.weights[index], labelledRows: catalog.labelledRows(template: index),
                predictions: Double(predictionsPerRequest[name] ?? 1), readsTokens: catalog.tokenReadings[index] != .none,
                tokenGaps: catalog.tokenReadings[index] == .stream ? Double(max(0, catalog.maximumTokens[index] - 1)) : 0)
        })
    }

    /// The rate of every segment from `start` on, when they share one.
    static func constantRate(of profile: RateProfile, from start: Nanoseconds) -> Double? {
        var rate: Double?
        var segmentEnd: Nanoseconds = 0
        for segment in profile.segments {
            segmentEnd += segment.duration
            guard segmentEnd > start, segment.duration > 0 else { continue }
            guard segment.from == segment.to, rate == nil || rate == segment.from else { return nil }
            rate = segment.from
        }
        return rate
    }

    /// What each request of the mix contributes to `objective`'s figure: 0 outside its scope,
    /// labelled rows for model quality, predictions for cost, else one sample.
    public func yields(for objective: Objective) -> [Double] {
        requests.map { request in
            if let scope = objective.expression.scope, scope != request.name { return 0 }
            switch objective.definition.requires {
            case .labels: return request.labelledRows
            case .cost: return request.predictions
            // Inter-token gaps: as many as the answer's tokens allow (fewer when it stops early).
            case .tokens:
                guard request.readsTokens else { return 0 }
                return objective.definition.name.hasPrefix("itl.") ? request.tokenGaps : 1
            // Outage figures rest on the outages seen, which no plan foretells; one is all they need.
            case .outage, nil: return 1
            }
        }
    }

    /// The samples `objective`'s figure will rest on.
    public func samples(for objective: Objective) -> SampleCount { samples(yielding: yields(for: objective)) }

    /// The samples of a figure to which each request of the mix contributes `yields`.
    ///
    /// Each arrival picks its request by weight, so with N arrivals the count is a sum of N draws
    /// of the yield y: its mean is N·E[y]. Its variance is Var[y]·E[N] + E[y]²·Var[N]: N·Var[y] for
    /// a fixed number of arrivals (constant spacing, a replay), N·E[y²] for Poisson arrivals (a
    /// compound Poisson sum, Var[N] = N), and for gamma arrivals of shape k, whose count over a
    /// window of many gaps has Var[N] ≈ N / k (a renewal process's count: N times its gaps' squared
    /// coefficient of variation), N·(Var[y] + E[y]² / k).
    public func samples(yielding yields: [Double]) -> SampleCount {
        let total = requests.reduce(0) { $0 + $1.weight }
        var mean = 0.0, square = 0.0
        for (request, yield) in zip(requests, yields) where total > 0 {
            let share = request.weight / total
            mean += share * yield
            square += share * yield * yield
        }
        let countDispersion = poisson ? 1 : gammaBurstiness.map { 1 / $0 } ?? 0
        let variance = scheduled * (square - mean * mean + countDispersion * mean * mean)
        return SampleCount(
            expected: scheduled * mean, standardDeviation: max(0, variance).squareRoot(),
            exact: replay && variance <= 0, lowerBound: closedLoop)
    }
}

/// The number of samples a figure is expected to rest on.
public struct SampleCount: Sendable, Equatable, CustomStringConvertible {
    public var expected: Double
    /// How far a run's count may stray from `expected`: Poisson arrivals, a request's share of a
    /// mix drawn at random. 0 for a count the plan fixes.
    public var standardDeviation: Double
    /// The count is the plan's exactly (a replayed trace), not an expectation.
    public var exact: Bool
    /// Closed-loop phases add an unknown number: `expected` counts the open-loop part alone.
    public var lowerBound: Bool

    public init(expected: Double, standardDeviation: Double = 0, exact: Bool = false, lowerBound: Bool = false) {
        self.expected = expected
        self.standardDeviation = standardDeviation
        self.exact = exact
        self.lowerBound = lowerBound
    }

    /// `about 1,300`, `about 21,600 ± 45`, `40`, `at least 100`, `an unknown number of`.
    public var description: String {
        let count = SampleText.count(expected)
        if lowerBound { return expected > 0 ? "at least \(count)" : "an unknown number of" }
        if exact { return count }
        let spread = standardDeviation >= 0.5 ? " ± \(SampleText.count(standardDeviation))" : ""
        return "about \(count)\(spread)"
    }
}

/// Numbers as the forecast's sentences write them.
enum SampleText {
    /// A count rounded to a whole number, thousands separated by commas: `21,600`.
    static func count(_ value: Double) -> String {
        if value > 0 && value < 0.5 { return "less than 1" }
        let digits = Array(String(UInt64(max(0, value).rounded())))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }

    /// `50`, `37.5`, `8.9`, `183`: a rate or factor with the digits it needs, up to three
    /// significant ones, and no trailing zeros.
    static func number(_ value: Double) -> String {
        var text = value.formatted(fractionDigits: value < 10 ? 2 : (value < 100 ? 1 : 0))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `2s`, `20s`, `1m40s`, `250ms`.
    static func duration(seconds: Double) -> String {
        if seconds == seconds.rounded() && seconds >= 1 && seconds < 60 { return "\(Int(seconds))s" }
        return DurationParser.format(Nanoseconds((seconds * 1e9).rounded()))
    }

    /// A duration to run for at least, rounded up and written so `--duration` reads it back:
    /// `250ms`, `20s`, `400s`, `3m`; past ten minutes in whole minutes (at most 10% more).
    static func advisedDuration(seconds: Double) -> String {
        if seconds < 1 { return DurationParser.format(Nanoseconds(roundedUp(seconds, step: 0.001) * 1e9)) }
        let whole = Int(roundedUp(seconds, step: seconds < 600 ? 1 : 60))
        if whole % 3600 == 0 { return "\(whole / 3600)h" }
        return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole)s"
    }

    /// `value` rounded up at `step`, forgiving the last bits of floating-point noise, so an
    /// exact 20 is not read as 20.000000001 and rounded to 21.
    static func roundedUp(_ value: Double, step: Double) -> Double {
        (value * (1 - 1e-9) / step).rounded(.up) * step
    }
}

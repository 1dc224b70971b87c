import Foundation

/// Changes to a scenario from the command line, so one file serves many runs without editing:
/// another target, a shorter or longer run, more or less traffic, another seed, values for its
/// `${NAME}` references. A report records which were applied (``recorded``), never an
/// environment value.
public struct ScenarioOverrides: Sendable, Equatable {
    /// The base URL, instead of the scenario's `target` (or its embedded server).
    public var target: String?
    /// The measured duration: every phase is stretched or shrunk in proportion.
    public var duration: Nanoseconds?
    public var warmup: Nanoseconds?
    /// Multiplies every open-loop rate (a replay's speed); closed-loop phases keep their concurrency.
    public var rateScale: Double?
    public var seed: UInt64?
    public var timeout: Nanoseconds?
    public var connections: Int?
    /// `--http2`: HTTP/2 whatever the scenario says.
    public var http: HTTPVersion?
    public var streamsPerConnection: Int?
    /// `--env NAME=VALUE`: values for `${NAME}`, ahead of the process environment.
    public var environment: [String: String]

    public init(
        target: String? = nil, duration: Nanoseconds? = nil, warmup: Nanoseconds? = nil, rateScale: Double? = nil,
        seed: UInt64? = nil, timeout: Nanoseconds? = nil, connections: Int? = nil, http: HTTPVersion? = nil,
        streamsPerConnection: Int? = nil, environment: [String: String] = [:]
    ) {
        self.target = target
        self.duration = duration
        self.warmup = warmup
        self.rateScale = rateScale
        self.seed = seed
        self.timeout = timeout
        self.connections = connections
        self.http = http
        self.streamsPerConnection = streamsPerConnection
        self.environment = environment
    }

    public var isEmpty: Bool { self == ScenarioOverrides() }

    /// What was overridden, as a report keeps it: `duration=30s`, `rate_scale=2`, `env=TOKEN`
    /// (the variable's name only: values may be secrets).
    public var recorded: [String] {
        var lines: [String] = []
        if let target { lines.append("target=\(target)") }
        if let duration { lines.append("duration=\(DurationParser.format(duration))") }
        if let warmup { lines.append("warmup=\(DurationParser.format(warmup))") }
        if let rateScale { lines.append("rate_scale=\(rateScale)") }
        if let seed { lines.append("seed=\(seed)") }
        if let timeout { lines.append("timeout=\(DurationParser.format(timeout))") }
        if let connections { lines.append("connections=\(connections)") }
        if let http { lines.append("http=\(http.rawValue)") }
        if let streamsPerConnection { lines.append("streams_per_connection=\(streamsPerConnection)") }
        lines += environment.keys.sorted().map { "env=\($0)" }
        return lines
    }

    /// The scenario with these overrides applied; a problem names the flag (exit 2).
    public func apply(to scenario: Scenario) throws(ScenarioError) -> Scenario {
        var result = scenario
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: scenario.file, line: 0, column: 0, message: message)
        }
        if let target {
            let url: URL
            do { url = try RequestSpec.parseURL(target) } catch { throw fail("--target: \(error)") }
            guard url.query == nil && url.fragment == nil else {
                throw fail("--target is a base URL that paths are appended to; it cannot hold '?…' or '#…'")
            }
            // It replaces the default, and would silently not reach a candidate that names its own.
            if let own = scenario.candidates.first(where: { $0.target != nil || $0.server != nil }) {
                throw fail("--target replaces the scenario's default target, and candidate '\(own.name)' names its own 'target' or 'server'; edit the candidates instead")
            }
            result.target = target
            // The scenario's embedded-server settings do not apply to someone else's server.
            result.server = nil
            result.serverModels = nil
        }
        if let rateScale {
            guard rateScale > 0 && rateScale.isFinite else { throw fail("--rate-scale must be a number greater than 0") }
            if var replay = result.replay {
                replay.speed *= rateScale
                result.replay = replay
            } else {
                guard result.load.phases.contains(where: { !$0.isClosedLoop && $0.kind != .pause }) else {
                    throw fail("--rate-scale scales open-loop rates, and this scenario has none (its phases are closed loop)")
                }
                result.load.phases = result.load.phases.map { $0.scalingRates(by: rateScale) }
            }
        }
        if let duration {
            guard duration > 0 else { throw fail("--duration must be longer than 0s") }
            guard result.replay == nil else {
                throw fail("--duration: a replay lasts as long as its trace; --rate-scale changes its speed")
            }
            result.load.phases = Self.stretch(result.load.phases, to: duration)
        }
        if let warmup { result.load.warmup = warmup }
        if let seed { result.load.seed = seed }
        if let timeout {
            guard timeout > 0 else { throw fail("--timeout must be longer than 0s") }
            result.load.timeout = timeout
        }
        if let connections {
            guard connections >= 1 else { throw fail("--connections must be at least 1") }
            result.load.connections = connections
        }
        if let http { result.load.http = http }
        if let streamsPerConnection {
            guard streamsPerConnection >= 1 else { throw fail("--streams-per-connection must be at least 1") }
            result.load.streamsPerConnection = streamsPerConnection
        }
        if let problem = LoadSection.streamsProblem(result.load.streamsPerConnection, http: result.load.http) {
            throw fail("--streams-per-connection: \(problem)\(result.load.http == .http2 ? "" : "; add --http2")")
        }
        return result
    }

    /// Phases stretched or shrunk in proportion to last `total` in all; the last phase takes
    /// the rounding, so the total is exact.
    static func stretch(_ phases: [LoadPhase], to total: Nanoseconds) -> [LoadPhase] {
        let original = phases.reduce(Nanoseconds(0)) { $0 + $1.duration }
        guard original > 0 else { return phases }
        let factor = Double(total) / Double(original)
        var assigned: Nanoseconds = 0
        return phases.enumerated().map { index, phase in
            let duration = index == phases.count - 1
                ? total - assigned : max(1, Nanoseconds((Double(phase.duration) * factor).rounded()))
            assigned += duration
            return phase.stretching(by: factor, to: duration)
        }
    }
}

extension LoadPhase {
    /// The phase with every open-loop rate multiplied by `factor`.
    func scalingRates(by factor: Double) -> LoadPhase {
        var phase = self
        switch kind {
        case .constant(let rate): phase.kind = .constant(rate: rate * factor)
        case .ramp(let from, let to): phase.kind = .ramp(from: from * factor, to: to * factor)
        case .step(let from, let to, let steps): phase.kind = .step(from: from * factor, to: to * factor, steps: steps)
        case .spike(let base, let peak, let at, let spikeDuration):
            phase.kind = .spike(base: base * factor, peak: peak * factor, at: at, spikeDuration: spikeDuration)
        case .pause, .closed: break
        }
        return phase
    }

    /// The phase lasting `duration`, a spike's start and length scaled by `factor` with it.
    func stretching(by factor: Double, to duration: Nanoseconds) -> LoadPhase {
        var phase = self
        phase.duration = duration
        if case .spike(let base, let peak, let at, let spikeDuration) = kind {
            let scaledAt = min(Nanoseconds((Double(at) * factor).rounded()), duration)
            let scaledLength = min(max(1, Nanoseconds((Double(spikeDuration) * factor).rounded())), duration - scaledAt)
            phase.kind = .spike(base: base, peak: peak, at: scaledAt, spikeDuration: scaledLength)
        }
        return phase
    }
}

/// A scenario's load turned into what the engine runs: one model whose open-loop rate
/// profile and closed-loop windows follow the phases in order, and the phase timeline.
public struct LoadPlan: Sendable, Equatable {
    public struct PhaseSpan: Sendable, Equatable, Codable {
        public var name: String
        /// Offsets from the run's start (warm-up included), in seconds.
        public var startSeconds: Double
        public var endSeconds: Double
    }

    public var model: LoadModel
    public var warmup: Nanoseconds
    public var timeline: [PhaseSpan]
    /// Where each span of `timeline` starts, exactly: a request counts in the phase its
    /// intended send time falls in.
    public var phaseStarts: [Nanoseconds]

    /// Builds the plan; the warm-up runs the first phase's shape before the measured phases.
    public init(load: LoadSection) {
        var segments: [RateProfile.Segment] = []
        var windows: [LoadModel.ClosedWindow] = []
        var timeline: [PhaseSpan] = []
        var starts: [Nanoseconds] = []
        var clock: Nanoseconds = 0
        var phases = load.phases
        if load.warmup > 0, let first = phases.first {
            phases.insert(LoadPhase(kind: Self.warmupShape(of: first.kind), duration: load.warmup, line: first.line), at: 0)
        }
        for (index, phase) in phases.enumerated() {
            let name = index == 0 && load.warmup > 0 ? "warmup" : phase.name
            starts.append(clock)
            timeline.append(
                PhaseSpan(name: name, startSeconds: clock.nanosecondsAsSeconds,
                          endSeconds: (clock + phase.duration).nanosecondsAsSeconds))
            switch phase.kind {
            case .constant(let rate):
                segments.append(.constant(rate, for: phase.duration))
            case .ramp(let from, let to):
                segments.append(.init(duration: phase.duration, from: from, to: to))
            case .step(let from, let to, let steps):
                let length = phase.duration / UInt64(steps)
                for step in 0..<steps {
                    let rate = from + (to - from) * Double(step) / Double(steps - 1)
                    let duration = step == steps - 1 ? phase.duration - length * UInt64(steps - 1) : length
                    segments.append(.constant(rate, for: duration))
                }
            case .spike(let base, let peak, let at, let spikeDuration):
                segments.append(.constant(base, for: at))
                segments.append(.constant(peak, for: spikeDuration))
                segments.append(.constant(base, for: phase.duration - at - spikeDuration))
            case .pause:
                segments.append(.constant(0, for: phase.duration))
            case .closed(let concurrency, let thinkTime):
                segments.append(.constant(0, for: phase.duration))
                windows.append(
                    .init(start: clock, end: clock + phase.duration, concurrency: concurrency, thinkTime: thinkTime))
            }
            clock += phase.duration
        }
        model = LoadModel(
            schedule: ArrivalSchedule(
                profile: RateProfile(Self.joined(segments)), process: load.arrivals, seed: load.seed, burstiness: load.burstiness),
            closedWindows: windows)
        warmup = load.warmup
        self.timeline = timeline
        phaseStarts = starts
    }

    /// A replayed trace: arrivals at the recorded offsets divided by `speed`. The first `warmup`
    /// of the trace is sent but not measured.
    public init(replay trace: ReplayTrace, speed: Double, load: LoadSection) {
        let schedule = ArrivalSchedule(times: trace.times(speed: speed))
        model = LoadModel(schedule: schedule)
        warmup = load.warmup
        let speedText = speed == 1 ? "" : " ×\(speed.compact)"
        timeline = [PhaseSpan(name: "replay\(speedText)", startSeconds: 0, endSeconds: schedule.end.nanosecondsAsSeconds)]
        phaseStarts = [0]
    }

    /// Adjacent constant segments of one rate as one segment (the same arrivals), so a warm-up
    /// before a constant phase still reads as one constant rate.
    static func joined(_ segments: [RateProfile.Segment]) -> [RateProfile.Segment] {
        var joined: [RateProfile.Segment] = []
        for segment in segments {
            if let last = joined.last, last.from == last.to, segment.from == segment.to, last.to == segment.from {
                joined[joined.count - 1].duration += segment.duration
            } else {
                joined.append(segment)
            }
        }
        return joined
    }

    /// The warm-up sends like the first phase starts: a ramp's starting rate, a step's first
    /// plateau, a spike's base, the same concurrency.
    static func warmupShape(of kind: LoadPhase.Kind) -> LoadPhase.Kind {
        switch kind {
        case .constant, .closed, .pause: kind
        case .ramp(let from, let to): .constant(rate: max(from, to / 10))
        case .step(let from, _, _): .constant(rate: from)
        case .spike(let base, let peak, _, _): base > 0 ? .constant(rate: base) : .constant(rate: peak / 10)
        }
    }
}

extension LoadPhase {
    /// "ramp 10/s→100/s", for timelines and progress lines.
    public var name: String {
        func rate(_ value: Double) -> String { value.compact + "/s" }
        switch kind {
        case .constant(let value): return "constant \(rate(value))"
        case .ramp(let from, let to): return "ramp \(rate(from))→\(rate(to))"
        case .step(let from, let to, let steps): return "step \(rate(from))→\(rate(to)) in \(steps)"
        case .spike(let base, let peak, _, _): return "spike \(rate(base))→\(rate(peak))"
        case .pause: return "pause"
        case .closed(let concurrency, _): return "closed \(concurrency) in flight"
        }
    }
}

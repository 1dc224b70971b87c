import GauntletCore

/// What a run looks like right now, for the progress line: sampled by the CLI from the
/// engine's closed seconds and its own clock.
public struct ProgressSnapshot: Sendable, Equatable {
    /// Seconds since the run started, warm-up included.
    public var elapsedSeconds: Double
    /// Warm-up plus measurement, as planned.
    public var totalSeconds: Double
    /// The phase running now (`warmup`, `ramp 10/s→50/s`, …), if the run has phases.
    public var phase: String?
    /// The open-loop rate the schedule offers now; nil in closed loop.
    public var targetRate: Double?
    /// Requests completed in the last closed second; nil before the first one closed.
    public var achievedRate: Double?
    /// Requests in flight as the last second closed.
    public var inFlight: UInt64?
    /// Latency p99 (from intended) of the requests finished in the last closed second.
    public var p99Milliseconds: Double?
    /// Requests finished so far, and the failures among them.
    public var completed: UInt64
    public var errors: UInt64

    public init(
        elapsedSeconds: Double, totalSeconds: Double, phase: String? = nil, targetRate: Double? = nil,
        achievedRate: Double? = nil, inFlight: UInt64? = nil, p99Milliseconds: Double? = nil,
        completed: UInt64 = 0, errors: UInt64 = 0
    ) {
        self.elapsedSeconds = elapsedSeconds
        self.totalSeconds = totalSeconds
        self.phase = phase
        self.targetRate = targetRate
        self.achievedRate = achievedRate
        self.inFlight = inFlight
        self.p99Milliseconds = p99Milliseconds
        self.completed = completed
        self.errors = errors
    }
}

/// The live progress line. On a terminal, one line rewritten in place (carriage return, clear
/// to the end of line) as often as it is given snapshots; off a terminal (CI logs), a plain
/// line every `interval` seconds of the run, so a log gains a handful of lines, not thousands.
public struct ProgressLine: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Rewrites one line; text past `columns − 1` characters is cut so it never wraps.
        case terminal(columns: Int)
        /// Appends a line each time the run crosses a multiple of `interval` seconds.
        case plain(interval: Double)
    }

    public static let defaultPlainInterval = 10.0
    /// Carriage return, then ANSI "erase in line": the cursor's line is blank again.
    public static let clearLine = "\r\u{1B}[2K"

    public let mode: Mode
    /// Plain mode: the next multiple of the interval that has not been printed.
    private var nextPlainMark: Double

    public init(mode: Mode) {
        self.mode = mode
        if case .plain(let interval) = mode { nextPlainMark = interval } else { nextPlainMark = 0 }
    }

    /// The text of one snapshot, without any terminal control:
    /// `12.0s / 30.0s · ramp 10/s→50/s · target 34.0/s · achieved 33.0/s · in flight 2 · p99 4.84ms · errors 0`.
    public static func text(_ snapshot: ProgressSnapshot) -> String {
        var parts = ["\(snapshot.elapsedSeconds.formatted(fractionDigits: 1))s / \(snapshot.totalSeconds.formatted(fractionDigits: 1))s"]
        if let phase = snapshot.phase { parts.append(phase == "warmup" ? "warm-up" : phase) }
        if let target = snapshot.targetRate { parts.append("target \(TextSummaryRenderer.rate(target))") }
        parts.append("achieved " + (snapshot.achievedRate.map(TextSummaryRenderer.rate) ?? "—"))
        parts.append("in flight " + (snapshot.inFlight.map(String.init) ?? "—"))
        parts.append("p99 " + (snapshot.p99Milliseconds.map(TextSummaryRenderer.milliseconds) ?? "—"))
        var errors = "errors \(snapshot.errors)"
        if snapshot.errors > 0 && snapshot.completed > 0 {
            errors += " (\((Double(snapshot.errors) / Double(snapshot.completed) * 100).formatted(fractionDigits: 1))%)"
        }
        parts.append(errors)
        return parts.joined(separator: " · ")
    }

    /// What to write for this snapshot now, or nil when nothing is due (plain mode between marks).
    public mutating func update(_ snapshot: ProgressSnapshot) -> String? {
        switch mode {
        case .terminal(let columns):
            return Self.clearLine + String(Self.text(snapshot).prefix(max(10, columns - 1)))
        case .plain(let interval):
            guard snapshot.elapsedSeconds >= nextPlainMark else { return nil }
            while nextPlainMark <= snapshot.elapsedSeconds { nextPlainMark += interval }
            return "gauntlet: " + Self.text(snapshot) + "\n"
        }
    }

    /// What to write when the run ends: on a terminal, the line cleared so the summary starts clean.
    public func finish() -> String {
        switch mode {
        case .terminal: Self.clearLine
        case .plain: ""
        }
    }
}

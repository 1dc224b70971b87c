import Foundation
import GauntletCore
import GauntletReport
import Synchronization

/// Drives the live progress line on standard error while the engine runs: the engine hands
/// over each closed second (from a worker thread), and a timer thread samples the latest one
/// about four times a second on a terminal, or once a second in plain mode (which prints
/// every 10 s). Standard output is never touched, so a summary or `--json` stays clean.
final class ProgressReporter: Sendable {
    /// How often a terminal line is redrawn.
    static let terminalRefresh: TimeInterval = 0.25
    static let plainRefresh: TimeInterval = 1

    private struct State {
        var line: ProgressLine
        var last: SecondPoint?
        var completed: UInt64 = 0
        var errors: UInt64 = 0
        var stopped = false
        var drawing = false
        /// The schedule's offset 0 on the wall clock.
        var startedAt = Date()
    }

    private let state: Mutex<State>
    private let refresh: TimeInterval
    private let totalSeconds: Double
    private let phases: [LoadPlan.PhaseSpan]
    private let model: LoadModel
    private let segment: RunSegment
    private let warmupSeconds: Double
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - model: the run's load, for the rate the schedule offers at each moment.
    ///   - phases: the scenario's timeline, empty for `run --url`.
    ///   - segment: the share of the schedule this process sends; the target rate shown is its share.
    init(model: LoadModel, warmup: Nanoseconds, phases: [LoadPlan.PhaseSpan], segment: RunSegment, terminal: Bool) {
        let mode: ProgressLine.Mode = terminal
            ? .terminal(columns: Self.terminalColumns()) : .plain(interval: ProgressLine.defaultPlainInterval)
        state = Mutex(State(line: ProgressLine(mode: mode)))
        refresh = terminal ? Self.terminalRefresh : Self.plainRefresh
        totalSeconds = model.end.nanosecondsAsSeconds
        self.phases = phases
        self.model = model
        self.segment = segment
        warmupSeconds = warmup.nanosecondsAsSeconds
    }

    /// Whether standard error is a terminal: one updating line there, plain lines elsewhere.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Takes one closed second of the run; called by the engine from a worker thread.
    func record(_ point: SecondPoint) {
        state.withLock { state in
            if state.last.map({ point.second >= $0.second }) ?? true { state.last = point }
            state.completed += point.completed
            state.errors += point.errors
        }
    }

    /// Starts drawing on a thread of its own; elapsed time counts from `startAt` (an agreed
    /// start, while the run waits for it), else from now.
    func start(at startAt: Date? = nil) {
        state.withLock {
            $0.startedAt = startAt ?? Date()
            $0.drawing = true
        }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                draw()
                Thread.sleep(forTimeInterval: refresh)
            }
            finished.signal()
        }
        thread.name = "gauntlet-progress"
        thread.start()
    }

    /// Stops drawing and clears a terminal line, so the summary starts on a clean line.
    func stop() {
        let drawing = state.withLock { state in
            state.stopped = true
            return state.drawing
        }
        guard drawing else { return }
        finished.wait()
        let ending = state.withLock { $0.line.finish() }
        if !ending.isEmpty { FileHandle.standardError.send(Data(ending.utf8)) }
    }

    private func draw() {
        let seconds = Date().timeIntervalSince(state.withLock { $0.startedAt })
        guard seconds >= 0 else { return }  // still waiting for an agreed start
        let output = state.withLock { state -> String? in
            let last = state.last
            let snapshot = ProgressSnapshot(
                elapsedSeconds: seconds, totalSeconds: totalSeconds,
                phase: phase(at: seconds), targetRate: targetRate(at: seconds),
                achievedRate: last.map { Double($0.completed) }, inFlight: last?.inFlight,
                p99Milliseconds: last.flatMap { $0.completed > 0 ? Double($0.p99Microseconds) / 1000 : nil },
                completed: state.completed, errors: state.errors)
            return state.line.update(snapshot)
        }
        if let output { FileHandle.standardError.send(Data(output.utf8)) }
    }

    private func phase(at seconds: Double) -> String? {
        if let span = phases.first(where: { seconds >= $0.startSeconds && seconds < $0.endSeconds }) { return span.name }
        if phases.isEmpty && warmupSeconds > 0 { return seconds < warmupSeconds ? "warmup" : "measuring" }
        return seconds >= totalSeconds ? "finishing" : nil
    }

    private func targetRate(at seconds: Double) -> Double? {
        let time = Nanoseconds(max(0, seconds) * 1e9)
        if model.closedWindows.contains(where: { $0.start <= time && time < $0.end }) { return nil }
        guard model.schedule.profile.totalExpectedArrivals > 0, time < model.schedule.end else { return nil }
        return model.schedule.explicitTimes == nil ? model.schedule.profile.rate(at: time) / Double(segment.count) : nil
    }

    /// The terminal's width, or 100 when it cannot be read.
    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 100 }
        return Int(size.ws_col)
    }
}

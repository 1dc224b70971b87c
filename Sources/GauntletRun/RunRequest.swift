import Foundation
import GauntletCore
import GauntletLoad

/// One run, ready to go: the scenario with everything it needs, and how this process runs it.
public struct RunRequest: Sendable {
    public var scenario: LoadedScenario
    /// Worker threads, each with its own libcurl multi handle.
    public var workers: Int
    /// TLS as resolved from the command line, the scenario and the environment
    /// (``TLSOptions/settings(for:environment:directory:)``); nil resolves the scenario's
    /// `tls:` section and the environment when the run starts.
    public var tls: TLSSettings?
    /// The share of the schedule this process sends.
    public var segment: RunSegment
    /// The agreed wall-clock start; nil starts at once.
    public var startAt: Date?
    /// For a scenario without a target: the model repository of the embedded reference server
    /// as the user named it (nil: the scenario's, else found by ``ModelRepositoryLocator``),
    /// and the `gauntlet` executable that serves it.
    public var models: String?
    public var serverExecutable: URL
    /// Keep idle CPUs polling while the load runs (``IdlePollingHold``); `--no-idle-poll` turns it off.
    public var idlePolling: Bool
    /// Through a proxy or not (``ProxySetting``); none unless asked.
    public var proxy: ProxySetting
    /// How late an open-loop send may go to share a wake-up (``LoadConfiguration/sendWindow``); 0: none.
    public var sendWindow: Nanoseconds

    /// One worker per core.
    public static var defaultWorkers: Int { LoadConfiguration.processorCount }

    public init(
        scenario: LoadedScenario, workers: Int = RunRequest.defaultWorkers, tls: TLSSettings? = nil,
        segment: RunSegment = .whole, startAt: Date? = nil, models: String? = nil,
        serverExecutable: URL = EmbeddedServer.currentExecutable, idlePolling: Bool = true,
        proxy: ProxySetting = .none, sendWindow: Nanoseconds = 0
    ) {
        self.proxy = proxy
        self.sendWindow = sendWindow
        self.scenario = scenario
        self.workers = workers
        self.tls = tls
        self.segment = segment
        self.startAt = startAt
        self.models = models
        self.serverExecutable = serverExecutable
        self.idlePolling = idlePolling
    }
}

/// How a run ended: its result (figures, objectives, verdict) and what a caller must know
/// before trusting it.
public struct RunOutcome: Sendable {
    public var result: RunResult
    public var verdict: RunVerdict { result.verdict }
    /// Stopped early by ``RunPipeline/stop()``: the result holds what was measured until then.
    public var interrupted: Bool { result.summary.interrupted }
    /// Requests were made and not one reached the target.
    public var targetUnreachable: Bool { result.summary.targetUnreachable }
}

/// What a run tells its caller as it goes; the CLI prints these, a library caller may not.
public enum RunEvent: Sendable {
    /// The embedded reference server is up at `url`.
    case serverStarted(url: String, models: String, options: ServingOptions)
    /// The load is about to start (at `startAt`, when one was agreed).
    case starting(plan: RunPlan, startAt: Date?)
    /// One second of the run is complete, across the workers.
    case second(SecondPoint)
}

/// Why a run could not be carried out (exit 3): nothing was measured.
public struct RunFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import GauntletCore
import GauntletLoad

/// One capacity search, ready to go.
public struct CapacityRequest: Sendable {
    public var scenario: LoadedScenario
    /// The scenario's `capacity:` section (or its defaults) with the command line's changes.
    public var section: CapacitySection
    public var workers: Int
    public var tls: TLSSettings?
    public var models: String?
    public var serverExecutable: URL
    /// Keep idle CPUs polling while load runs (``IdlePollingHold``).
    public var idlePolling: Bool
    /// Through a proxy or not (``ProxySetting``); none unless asked.
    public var proxy: ProxySetting
    /// How late an open-loop send may go to share a wake-up (``LoadConfiguration/sendWindow``); 0: none.
    public var sendWindow: Nanoseconds

    public init(
        scenario: LoadedScenario, section: CapacitySection? = nil, workers: Int = RunRequest.defaultWorkers,
        tls: TLSSettings? = nil, models: String? = nil, serverExecutable: URL = EmbeddedServer.currentExecutable,
        idlePolling: Bool = true,
        proxy: ProxySetting = .none, sendWindow: Nanoseconds = 0
    ) {
        self.proxy = proxy
        self.sendWindow = sendWindow
        self.scenario = scenario
        self.section = section ?? scenario.scenario.capacity ?? CapacitySection()
        self.workers = workers
        self.tls = tls
        self.models = models
        self.serverExecutable = serverExecutable
        self.idlePolling = idlePolling
    }
}

public struct CapacityOutcome: Sendable {
    public var result: CapacityResult
    public var interrupted: Bool
}

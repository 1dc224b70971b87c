import Foundation

extension RunResult {
    /// The scenario as written, echoed so a saved result explains itself and can be judged again.
    public struct ScenarioEcho: Codable, Sendable {
        public var name: String
        public var file: String
        public var description: String?
        /// The target as written, or nil for the embedded reference server.
        public var target: String?
        /// The scenario file's text, as written.
        public var source: String
        /// The environment variables it references; their values are never written.
        public var secrets: [String]
        /// Command-line overrides the run applied (`duration=30s`, `env=TOKEN`); absent when none.
        public var overrides: [String]?

        public init(
            name: String, file: String, description: String?, target: String?, source: String, secrets: [String],
            overrides: [String]? = nil
        ) {
            self.name = name
            self.file = file
            self.description = description
            self.target = target
            self.source = source
            self.secrets = secrets
            self.overrides = overrides
        }
    }

    /// Where and when the run happened.
    public struct EnvironmentInfo: Codable, Sendable {
        public var host: String
        public var cores: Int
        public var os: String
        public var gauntletVersion: String
        public var startedAt: Date
        public var endedAt: Date
        /// Whether idle CPUs were kept polling while load ran (absent in older reports).
        public var idlePolling: IdlePolling?

        public init(
            host: String, cores: Int, os: String, gauntletVersion: String, startedAt: Date, endedAt: Date,
            idlePolling: IdlePolling? = nil
        ) {
            self.host = host
            self.cores = cores
            self.os = os
            self.gauntletVersion = gauntletVersion
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.idlePolling = idlePolling
        }

        public static func current(startedAt: Date, endedAt: Date, idlePolling: IdlePolling? = nil) -> EnvironmentInfo {
            let info = ProcessInfo.processInfo
            return EnvironmentInfo(
                host: info.hostName, cores: info.activeProcessorCount, os: info.operatingSystemVersionString,
                gauntletVersion: GauntletVersion.current, startedAt: startedAt, endedAt: endedAt, idlePolling: idlePolling)
        }
    }

    /// The embedded reference server's resources over the run.
    public struct ServerUsage: Codable, Sendable {
        public var kind: String
        public var url: String
        /// User + system CPU time of the server process.
        public var cpuSeconds: Double
        /// Peak resident set size (VmHWM).
        public var peakResidentBytes: UInt64
        /// How it batched, queued and failed on purpose, in words (absent in older reports).
        public var configuration: String?

        public init(kind: String, url: String, cpuSeconds: Double, peakResidentBytes: UInt64, configuration: String? = nil) {
            self.kind = kind
            self.url = url
            self.cpuSeconds = cpuSeconds
            self.peakResidentBytes = peakResidentBytes
            self.configuration = configuration
        }
    }
}

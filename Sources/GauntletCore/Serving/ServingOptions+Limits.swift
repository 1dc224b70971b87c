/// The one place the reference server's options are checked, whether they come from
/// `gauntlet serve`'s flags or a scenario's `server:` section: each names the option at fault
/// its own way (`--queue-capacity`, `queue_capacity` at its line).
extension ServingOptions {
    /// An option as flags and scenarios name it.
    public enum Field: String, Sendable, CaseIterable {
        case maxBatchSize = "max_batch_size"
        case queueCapacity = "queue_capacity"
        case inferenceThreads = "inference_threads"
        case queueDeadline = "queue_deadline"
        case requestTimeout = "request_timeout"
        case idleTimeout = "idle_timeout"
        case faultErrorRate = "error_rate"
        case faultStall = "stall"
        case maxSequences = "max_sequences"
        case faultDropRate = "drop_rate"

        /// The `gauntlet serve` flag that sets it.
        public var flag: String {
            switch self {
            case .faultErrorRate: "--fault-error-rate"
            case .faultStall: "--fault-stall-for"
            case .faultDropRate: "--fault-drop-rate"
            default: "--" + rawValue.replacingOccurrences(of: "_", with: "-")
            }
        }
    }

    /// What is wrong with one option, in words that follow its name.
    public struct Problem: Error, Sendable, Equatable {
        public var field: Field
        public var message: String
    }

    public static let maxBatchSizeRange = 1...4096
    public static let queueCapacityRange = 1...1_000_000
    public static let inferenceThreadsRange = 1...256
    public static let maxSequencesRange = 1...4096

    /// The first option out of its bounds, or nil when all are within them.
    public func problem() -> Problem? {
        func outside(_ value: Int, _ range: ClosedRange<Int>, _ field: Field) -> Problem? {
            range.contains(value) ? nil : Problem(field: field, message: "must be \(range.lowerBound)–\(range.upperBound), not \(value)")
        }
        if let problem = outside(maxBatchSize, Self.maxBatchSizeRange, .maxBatchSize)
            ?? outside(queueCapacity, Self.queueCapacityRange, .queueCapacity)
            ?? outside(inferenceThreads, Self.inferenceThreadsRange, .inferenceThreads)
            ?? outside(generation.maxSequences, Self.maxSequencesRange, .maxSequences)
        {
            return problem
        }
        for (value, field) in [(queueDeadline, Field.queueDeadline), (requestTimeout, .requestTimeout), (idleTimeout, .idleTimeout)]
        where value == 0 {
            return Problem(field: field, message: "must be more than 0")
        }
        if !(0...1).contains(faults.errorRate) {
            return Problem(field: .faultErrorRate, message: "must be 0–1, e.g. 0.05 for 5%")
        }
        if !(0...1).contains(faults.dropRate) {
            return Problem(field: .faultDropRate, message: "must be 0–1, e.g. 0.01 for 1%")
        }
        if let stall = faults.stall, stall.duration >= stall.every {
            return Problem(field: .faultStall, message: "must be shorter than its period ('every'), or the server never answers")
        }
        return nil
    }
}

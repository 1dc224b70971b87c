extension RunResult {
    /// Why a run was ended early by its own judgement (``LiveGate``); absent for a run that
    /// went its full length or was stopped by a person.
    public struct AbortRecord: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            /// An objective marked `abort_on_fail` failed.
            case objective
            /// Every request failed to connect.
            case unreachable
        }

        public var kind: Kind
        /// The objective that failed, as written.
        public var objective: String?
        /// Seconds from the run's start (warm-up included) when it was ended.
        public var afterSeconds: Double
        /// One sentence for a person.
        public var message: String

        public init(kind: Kind, objective: String?, afterSeconds: Double, message: String) {
            self.kind = kind
            self.objective = objective
            self.afterSeconds = afterSeconds
            self.message = message
        }

        public init(_ abort: LiveGate.Abort) {
            let seconds = Double(abort.atSecond + 1)
            switch abort {
            case .objective(let objective, let measured, _):
                self.init(
                    kind: .objective, objective: objective.expression.description, afterSeconds: seconds,
                    message: "'\(objective.expression)' failed with abort_on_fail (measured \(Self.format(measured, kind: objective.definition.kind)) so far)")
            case .unreachable(let completed, _):
                self.init(
                    kind: .unreachable, objective: nil, afterSeconds: seconds,
                    message: "every one of the \(completed) requests so far failed to connect: the target is not there")
            }
        }

        static func format(_ value: Double, kind: FigureKind) -> String {
            switch kind {
            case .duration: value.formatted(fractionDigits: 2) + "ms"
            case .fraction: (value * 100).formatted(fractionDigits: 2) + "%"
            case .rate: value.formatted(fractionDigits: 1) + "/s"
            case .count, .currency: value.formatted(fractionDigits: value == value.rounded() ? 0 : 4)
            }
        }
    }
}

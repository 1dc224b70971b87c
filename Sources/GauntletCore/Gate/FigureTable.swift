/// One measured figure and the number of observations it rests on.
public struct Figure: Sendable, Equatable, Codable {
    /// In the figure's unit: milliseconds, a fraction from 0 to 1, per second, a count or currency.
    public var value: Double
    /// How many observations the statistic rests on: a histogram's count for a latency statistic,
    /// the requests completed in the window for a rate, fraction or count, the labelled predictions
    /// for a model-quality figure.
    public var samples: UInt64

    public init(value: Double, samples: UInt64) {
        self.value = value
        self.samples = samples
    }
}

/// The flat table of named figures a run produced, the only thing the evaluator reads.
///
/// A figure the run did not produce is simply absent, and an objective on it is inconclusive.
public struct FigureTable: Sendable, Equatable {
    private struct Key: Hashable {
        var name: String
        var scope: String?
    }

    private var figures: [Key: Figure] = [:]

    public init() {}

    /// The figure `name` (e.g. `latency.p99`) for the whole run, or for the request `scope`.
    public subscript(name: String, scope scope: String? = nil) -> Figure? {
        get { figures[Key(name: name, scope: scope)] }
        set { figures[Key(name: name, scope: scope)] = newValue }
    }

    /// How many figures the table holds, scoped ones included.
    public var count: Int { figures.count }
}

import Foundation

/// Extra time a fault adds, fixed or drawn from a distribution, written the way the flags and
/// scenarios take it: `20ms`, `uniform(10ms, 30ms)`, `exponential(20ms)`, `normal(20ms, 5ms)`.
public enum LatencyDistribution: Sendable, Equatable, CustomStringConvertible {
    case fixed(Nanoseconds)
    case uniform(min: Nanoseconds, max: Nanoseconds)
    /// Memoryless, with this mean: the long tail of a slow dependency.
    case exponential(mean: Nanoseconds)
    /// Truncated at zero.
    case normal(mean: Nanoseconds, standardDeviation: Nanoseconds)

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid latency '\(text)': \(reason)" }
    }

    static let forms = "20ms, uniform(10ms, 30ms), exponential(20ms) or normal(20ms, 5ms)"

    public init(parsing text: String) throws(Failure) {
        let trimmed = text.trimmingWhitespace()
        guard let open = trimmed.firstIndex(of: "(") else {
            do { self = .fixed(try DurationParser.nanoseconds(trimmed)) } catch {
                throw Failure(text: text, reason: "\(error.reason); expected \(Self.forms)")
            }
            return
        }
        guard trimmed.hasSuffix(")") else { throw Failure(text: text, reason: "missing ')'; expected \(Self.forms)") }
        let name = String(trimmed[..<open]).trimmingWhitespace().lowercased()
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var arguments: [Nanoseconds] = []
        for part in inside.split(separator: ",", omittingEmptySubsequences: false) {
            do { arguments.append(try DurationParser.nanoseconds(String(part))) } catch {
                throw Failure(text: text, reason: error.description)
            }
        }
        switch (name, arguments.count) {
        case ("uniform", 2):
            guard arguments[0] <= arguments[1] else { throw Failure(text: text, reason: "the minimum is above the maximum") }
            self = .uniform(min: arguments[0], max: arguments[1])
        case ("exponential", 1): self = .exponential(mean: arguments[0])
        case ("normal", 2): self = .normal(mean: arguments[0], standardDeviation: arguments[1])
        case ("uniform", _), ("normal", _), ("exponential", _):
            throw Failure(text: text, reason: "\(name) takes \(name == "exponential" ? "one duration" : "two durations")")
        default:
            let suggestion = Suggestion.closest(to: name, in: ["uniform", "exponential", "normal"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw Failure(text: text, reason: "unknown distribution '\(name)'\(suggestion); expected \(Self.forms)")
        }
    }

    /// One draw, in nanoseconds.
    public func sample(using random: inout some RandomNumberGenerator) -> Nanoseconds {
        switch self {
        case .fixed(let value): return value
        case .uniform(let low, let high): return low == high ? low : UInt64.random(in: low...high, using: &random)
        case .exponential(let mean):
            // Inverse CDF; 1 - u keeps the logarithm's argument in (0, 1].
            let u = Double.random(in: 0..<1, using: &random)
            return Nanoseconds((-log(1 - u) * Double(mean)).rounded())
        case .normal(let mean, let deviation):
            // Box–Muller.
            let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &random)
            let u2 = Double.random(in: 0..<1, using: &random)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return Nanoseconds(max(0, Double(mean) + z * Double(deviation)).rounded())
        }
    }

    /// The mean of the draws: what the added latency costs on average.
    public var mean: Nanoseconds {
        switch self {
        case .fixed(let value): value
        case .uniform(let low, let high): low / 2 + high / 2
        case .exponential(let mean): mean
        case .normal(let mean, _): mean
        }
    }

    public var description: String { written(DurationParser.format) }

    /// Exact text that parses back to this value, for passing it on as a flag.
    public var argument: String { written { "\($0)ns" } }

    private func written(_ f: (Nanoseconds) -> String) -> String {
        switch self {
        case .fixed(let value): f(value)
        case .uniform(let low, let high): "uniform(\(f(low)), \(f(high)))"
        case .exponential(let mean): "exponential(\(f(mean)))"
        case .normal(let mean, let deviation): "normal(\(f(mean)), \(f(deviation)))"
        }
    }
}

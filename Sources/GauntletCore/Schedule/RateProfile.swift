import Foundation

/// Offered rate over time, as consecutive segments whose rate changes linearly from
/// `from` to `to` (equal for a constant segment, both 0 for a pause).
///
/// Arrival times come from the inverse of the cumulative rate Λ(t) = ∫₀ᵗ r: a constant
/// process puts arrival *n* at Λ⁻¹(n); a Poisson process at Λ⁻¹(E₁ + … + Eₙ) with Eᵢ ~ Exp(1),
/// the time-changed unit-rate Poisson process. Both are exact and computed from the
/// absolute start, whatever the shape.
public struct RateProfile: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var duration: Nanoseconds
        /// Requests per second at the segment's start and end.
        public var from: Double
        public var to: Double

        public init(duration: Nanoseconds, from: Double, to: Double) {
            precondition(from >= 0 && to >= 0 && from.isFinite && to.isFinite)
            self.duration = duration
            self.from = from
            self.to = to
        }

        public static func constant(_ rate: Double, for duration: Nanoseconds) -> Segment {
            Segment(duration: duration, from: rate, to: rate)
        }

        /// Expected arrivals in the whole segment.
        var expectedArrivals: Double { (from + to) / 2 * duration.nanosecondsAsSeconds }

        /// Seconds into the segment at which `arrivals` expected arrivals have accumulated.
        func time(forArrivals arrivals: Double) -> Double {
            let length = duration.nanosecondsAsSeconds
            let slope = (to - from) / length
            if abs(slope) < 1e-12 { return arrivals / from }
            // from·t + slope·t²/2 = arrivals; the root with t ≥ 0 for either sign of the slope.
            let discriminant = max(0, from * from + 2 * slope * arrivals)
            return (discriminant.squareRoot() - from) / slope
        }
    }

    public let segments: [Segment]
    /// Λ at each segment's start.
    private let cumulativeArrivals: [Double]
    private let segmentStarts: [Nanoseconds]

    public init(_ segments: [Segment]) {
        self.segments = segments
        var arrivals = 0.0, start: Nanoseconds = 0
        var cumulative: [Double] = [], starts: [Nanoseconds] = []
        for segment in segments {
            cumulative.append(arrivals)
            starts.append(start)
            arrivals += segment.expectedArrivals
            start += segment.duration
        }
        cumulativeArrivals = cumulative
        segmentStarts = starts
        totalExpectedArrivals = arrivals
        end = start
    }

    public static func constant(_ rate: Double, for duration: Nanoseconds) -> RateProfile {
        RateProfile([.constant(rate, for: duration)])
    }

    /// When the profile ends, as an offset from the start.
    public let end: Nanoseconds
    /// Λ(end): the expected number of arrivals.
    public let totalExpectedArrivals: Double

    /// Λ⁻¹: the instant at which `arrivals` expected arrivals have accumulated, or nil past the end.
    public func time(forArrivals arrivals: Double) -> Nanoseconds? {
        guard arrivals < totalExpectedArrivals else { return nil }
        // The last segment whose start has accumulated no more than `arrivals`, skipping empty ones.
        var low = 0, high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if cumulativeArrivals[middle] <= arrivals { low = middle } else { high = middle - 1 }
        }
        var index = low
        while index < segments.count && segments[index].expectedArrivals == 0 { index += 1 }
        guard index < segments.count else { return nil }
        let within = segments[index].time(forArrivals: arrivals - cumulativeArrivals[index])
        let offset = min(within * 1e9, Double(segments[index].duration))
        return segmentStarts[index] + Nanoseconds(max(0, offset).rounded())
    }

    /// Λ(`time`): the arrivals expected from the start until `time`.
    public func expectedArrivals(until time: Nanoseconds) -> Double {
        for (index, segment) in segments.enumerated() where time < segmentStarts[index] + segment.duration {
            let within = (time - segmentStarts[index]).nanosecondsAsSeconds
            let slope = (segment.to - segment.from) / segment.duration.nanosecondsAsSeconds
            return cumulativeArrivals[index] + segment.from * within + slope * within * within / 2
        }
        return totalExpectedArrivals
    }

    /// The part of the profile in [`start`, `end`), from 0: a segment cut in two keeps the rates
    /// at the cut, and time past the profile's end is a pause.
    public func slice(from start: Nanoseconds, to end: Nanoseconds) -> RateProfile {
        precondition(start < end)
        var parts: [Segment] = []
        for (index, segment) in segments.enumerated() {
            let segmentStart = segmentStarts[index], segmentEnd = segmentStart + segment.duration
            let from = max(start, segmentStart), to = min(end, segmentEnd)
            guard from < to else { continue }
            func rate(at time: Nanoseconds) -> Double {
                max(0, segment.from + (segment.to - segment.from) * Double(time - segmentStart) / Double(segment.duration))
            }
            parts.append(Segment(duration: to - from, from: rate(at: from), to: rate(at: to)))
        }
        let covered = parts.reduce(Nanoseconds(0)) { $0 + $1.duration }
        if covered < end - start { parts.append(.constant(0, for: end - start - covered)) }
        return RateProfile(parts)
    }

    /// The offered rate at `time`, for charts and progress lines.
    public func rate(at time: Nanoseconds) -> Double {
        for (index, segment) in segments.enumerated() where time < segmentStarts[index] + segment.duration {
            let fraction = Double(time - segmentStarts[index]) / Double(max(1, segment.duration))
            return segment.from + (segment.to - segment.from) * fraction
        }
        return 0
    }
}

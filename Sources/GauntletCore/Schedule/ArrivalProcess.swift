/// How arrivals are spaced in an open-loop schedule.
public enum ArrivalProcess: String, Sendable, Codable, CaseIterable {
    /// Evenly spaced: arrival *n* is due at n / rate.
    case constant
    /// A Poisson process: independent, exponentially distributed gaps with mean 1 / rate.
    case poisson
    /// A gamma renewal process: independent, gamma-distributed gaps with mean 1 / rate and shape
    /// ``ArrivalSchedule/burstiness`` (1 is Poisson; below 1 burstier, above 1 more even).
    case gamma

    /// Whether gaps are drawn at random (so a seed matters and a window's count varies).
    public var isRandom: Bool { self != .constant }

    /// The largest and smallest burstiness accepted: far outside this the gaps are all but
    /// constant (above) or one burst and silence (below).
    public static let burstinessRange: ClosedRange<Double> = 0.01...100
}

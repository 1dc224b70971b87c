/// How arrivals are spaced in an open-loop schedule.
public enum ArrivalProcess: String, Sendable, Codable, CaseIterable {
    /// Evenly spaced: arrival *n* is due at n / rate.
    case constant
    /// A Poisson process: independent, exponentially distributed gaps with mean 1 / rate.
    case poisson
}

/// How a comparison sends the one schedule to its candidates.
public enum ComparisonMode: String, Sendable, CaseIterable {
    /// Blocks replayed once per candidate, back to back, in a balanced order: the candidates
    /// never share the machine, and drift hits both members of a pair alike.
    case interleaved
    /// Each arrival sent to every candidate at the same instant (shadow style): the same time and
    /// the same requests, but the candidates share the machine; right when they run on separate hosts.
    case mirrored
}

/// Two candidates' answers on the same distinct labelled rows, as the 2 × 2 table of who was
/// right: the data of McNemar's test and of the paired difference in accuracy.
///
/// A row counts once however often it was sent: repeating a row is not more evidence.
public struct PairedCorrectness: Sendable, Equatable, Codable {
    /// Rows both candidates got right.
    public var bothRight: Int
    /// Rows only A got right (A right, B wrong): McNemar's b.
    public var onlyA: Int
    /// Rows only B got right (A wrong, B right): McNemar's c.
    public var onlyB: Int
    /// Rows both got wrong.
    public var bothWrong: Int

    public init(bothRight: Int, onlyA: Int, onlyB: Int, bothWrong: Int) {
        precondition(min(bothRight, onlyA, onlyB, bothWrong) >= 0, "counts cannot be negative")
        self.bothRight = bothRight
        self.onlyA = onlyA
        self.onlyB = onlyB
        self.bothWrong = bothWrong
    }

    public var rows: Int { bothRight + onlyA + onlyB + bothWrong }
    /// Rows where the candidates differ in being right: b + c.
    public var discordant: Int { onlyA + onlyB }
    public var accuracyA: Double { Double(bothRight + onlyA) / Double(rows) }
    public var accuracyB: Double { Double(bothRight + onlyB) / Double(rows) }
    /// ψ = (b + c)/n, what the sample size for a given margin depends on.
    public var discordantRate: Double { Double(discordant) / Double(rows) }
}

/// What an unpaired comparison (two saved run reports) must say beside its figures: that drift
/// between the runs is not cancelled, whether the two were sent the same schedule, and what else
/// differs between them.
public struct UnpairedNotes: Codable, Sendable, Equatable {
    /// The caveat every reader of an unpaired comparison needs first.
    public static let caveat = "unpaired: two runs at different times; drift between them is not cancelled"

    public var caveat: String
    /// Whether both reports' schedule digests are equal (the same open-loop arrivals at the same
    /// intended offsets); nil when either report holds none (closed loop, or an older report).
    public var sameSchedule: Bool?
    /// Differences between the runs that a reader should weigh: scenario, requests, load, host,
    /// partial runs, figures an older report lacks.
    public var warnings: [String]

    public init(sameSchedule: Bool?, warnings: [String]) {
        caveat = Self.caveat
        self.sameSchedule = sameSchedule
        self.warnings = warnings
    }
}

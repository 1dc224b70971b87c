/// Where a schedule cut from a longer one sits in it (``ArrivalSchedule/windows(cutAt:)``): the
/// span of the whole schedule it covers, and the arrivals due in that span by their global index.
///
/// A window replays exactly the whole schedule's arrivals in its span: each keeps its global
/// index (so the request it sends, which `RequestCatalog` picks by that index, is the same) and
/// its intended offset, rebased by subtracting ``start``.
public struct ScheduleWindow: Sendable, Equatable {
    /// The whole schedule's offsets this window covers: [start, end).
    public let start: Nanoseconds
    public let end: Nanoseconds
    /// The whole schedule's arrivals whose intended offsets fall in [start, end), by global index.
    public let arrivals: Range<Int>
    /// The whole schedule's profile: each intended time is computed from it, as in the whole
    /// schedule, and then rebased, so it is exact.
    let wholeProfile: RateProfile
    /// A Poisson or gamma schedule's state just before the window's first arrival, so a worker starts
    /// there instead of drawing every earlier gap again.
    let resume: ScheduleCursor?
}

/// A point in the walk through a schedule: the next arrival's global index and, for a Poisson or
/// gamma schedule, the generator and the unit-rate clock of the arrival before it.
struct ScheduleCursor: Sendable, Equatable {
    var next: Int
    var generator: Xoshiro256StarStar
    var clock: Double
}

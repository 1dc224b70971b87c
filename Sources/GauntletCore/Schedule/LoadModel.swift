/// How requests are paced over a run: an open-loop schedule, and closed-loop windows in
/// which a fixed number of requests is kept in flight. The open schedule's rate is zero
/// wherever a closed window runs, so one engine run can move between the two.
public struct LoadModel: Sendable, Equatable {
    /// A window of closed-loop load.
    public struct ClosedWindow: Sendable, Equatable {
        public var start: Nanoseconds
        public var end: Nanoseconds
        public var concurrency: Int
        /// Pause between a response and the slot's next request.
        public var thinkTime: Nanoseconds

        public init(start: Nanoseconds, end: Nanoseconds, concurrency: Int, thinkTime: Nanoseconds) {
            self.start = start
            self.end = end
            self.concurrency = concurrency
            self.thinkTime = thinkTime
        }
    }

    public var schedule: ArrivalSchedule
    public var closedWindows: [ClosedWindow]

    public init(schedule: ArrivalSchedule, closedWindows: [ClosedWindow] = []) {
        self.schedule = schedule
        self.closedWindows = closedWindows
    }

    /// Arrivals follow `schedule`, whatever the server does.
    public static func openLoop(_ schedule: ArrivalSchedule) -> LoadModel { LoadModel(schedule: schedule) }

    /// `concurrency` requests in flight from 0 until `end`.
    public static func closedLoop(concurrency: Int, thinkTime: Nanoseconds, end: Nanoseconds) -> LoadModel {
        LoadModel(
            schedule: ArrivalSchedule(profile: RateProfile([.constant(0, for: end)]), process: .constant, seed: 0),
            closedWindows: [ClosedWindow(start: 0, end: end, concurrency: concurrency, thinkTime: thinkTime)])
    }

    /// When the last request may start, as an offset from the run's start.
    public var end: Nanoseconds { max(schedule.end, closedWindows.map(\.end).max() ?? 0) }

    /// The most requests any closed window keeps in flight.
    public var peakConcurrency: Int { closedWindows.map(\.concurrency).max() ?? 0 }

    public var isClosedLoopOnly: Bool { !closedWindows.isEmpty && schedule.profile.totalExpectedArrivals == 0 }
}

extension ArrivalSchedule {
    /// This schedule cut at `boundaries` (strictly ascending offsets): window *i* covers
    /// [`boundaries[i]`, `boundaries[i + 1]`) and holds exactly the arrivals whose intended
    /// offsets fall there, with their global indices and their offsets less the window's start.
    ///
    /// One walk through the schedule finds every window's first arrival (and a Poisson or gamma
    /// schedule's state there), so sending a late window costs no more than an early one.
    public func windows(cutAt boundaries: [Nanoseconds]) -> [ArrivalSchedule] {
        precondition(window == nil, "windows are cut from a whole schedule")
        precondition(zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 }, "boundaries ascend strictly")
        var cursor = ScheduleCursor(next: 0, generator: Xoshiro256StarStar(seed: seed), clock: 0)
        var starts: [ScheduleCursor] = []
        for boundary in boundaries {
            while let step = step(cursor), step.intended < boundary { cursor = step.after }
            starts.append(cursor)
        }
        let drawn = process.isRandom && explicitTimes == nil
        return boundaries.indices.dropLast().map { index in
            let start = boundaries[index], end = boundaries[index + 1]
            let arrivals = starts[index].next..<starts[index + 1].next
            let window = ScheduleWindow(
                start: start, end: end, arrivals: arrivals, wholeProfile: profile, resume: drawn ? starts[index] : nil)
            if let times = explicitTimes {
                let part = times[arrivals].map { $0 - start }
                let rate = Double(part.count) / (end - start).nanosecondsAsSeconds
                return ArrivalSchedule(
                    profile: .constant(rate, for: end - start), process: .constant, seed: seed, burstiness: 1, explicitTimes: part,
                    window: window)
            }
            return ArrivalSchedule(
                profile: profile.slice(from: start, to: end), process: process, seed: seed, burstiness: burstiness,
                explicitTimes: nil, window: window)
        }
    }

    /// The window [`start`, `end`) of this schedule; see ``windows(cutAt:)``.
    public func window(from start: Nanoseconds, to end: Nanoseconds) -> ArrivalSchedule {
        windows(cutAt: [start, end])[0]
    }
}

extension LoadModel {
    /// This model cut at `boundaries` (strictly ascending offsets), each part rebased to start at
    /// 0: the open-loop schedule's windows (``ArrivalSchedule/windows(cutAt:)``) and the parts of
    /// the closed-loop windows that overlap each, with their concurrency.
    public func windows(cutAt boundaries: [Nanoseconds]) -> [LoadModel] {
        let schedules = schedule.windows(cutAt: boundaries)
        return schedules.indices.map { index in
            let start = boundaries[index], end = boundaries[index + 1]
            let closed = closedWindows.compactMap { window -> ClosedWindow? in
                let from = max(window.start, start), to = min(window.end, end)
                guard from < to else { return nil }
                return ClosedWindow(start: from - start, end: to - start, concurrency: window.concurrency, thinkTime: window.thinkTime)
            }
            return LoadModel(schedule: schedules[index], closedWindows: closed)
        }
    }

    /// The part [`start`, `end`) of this model, rebased to start at 0; see ``windows(cutAt:)``.
    public func window(from start: Nanoseconds, to end: Nanoseconds) -> LoadModel {
        windows(cutAt: [start, end])[0]
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Synchronization
import Testing

/// A send window groups open-loop sends on one wake-up of the worker; what it costs must show.
/// Serialized: live traffic on a 2-core machine. Every timing bound below points the way a busy
/// machine cannot cross: lateness only grows when the generator is slow.
@Suite(.serialized) struct SendWindowTests {
    /// 500/s constant is one arrival every 2 ms; with an 8 ms window a worker wakes 8 ms after the
    /// first due send and sends the five due by then, which waited 8, 6, 4, 2 and 0 ms: a schedule
    /// lag of 4 ms at the median, where without a window it is a few µs. The wait is the
    /// generator's and is counted: latency runs from the intended time, so it holds the lag.
    @Test func sendsWaitForTheWindowAndTheirLatencyCountsIt() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let window = 8 * TimeUnit.nanosecondsPerMillisecond
        let summary = try LiveEngine.run(against: server, rate: 500, duration: 2, workers: 1, sendWindow: window)

        print("send window 8 ms: lag p50 \(summary.scheduleLag.figures.p50) ms, latency p50 \(summary.latency.p50) ms")
        #expect(summary.requests.completed == 1_000)
        #expect(summary.requests.errors == 0)
        #expect(summary.plan.sendWindowMilliseconds == 8)
        // Half the sends waited 4 ms or more for the window (less only if the window were ignored).
        #expect(summary.scheduleLag.figures.p50 >= 3, "lag p50 \(summary.scheduleLag.figures.p50) ms; the window held nothing back")
        // A request's latency holds its wait in the generator: never less than its lag.
        #expect(summary.latency.p50 >= summary.scheduleLag.figures.p50)
        #expect(summary.latency.p50 >= 3)
    }

    /// A window's sends go as one batch even when answers wake the worker in between. The fixture
    /// answers 3 ms after each request, so the answers to a batch wake the worker 3 ms later, when
    /// the next arrival is already due: sent then, on its own, its lag would be about 1 ms, and the
    /// lags of a run would sit near 1–2 ms. Held for the batch, they are 8, 6, 4, 2 and 0 ms again.
    @Test func answersBetweenBatchesDoNotSendEarly() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(3)))
        defer { server.shutdown() }
        let summary = try LiveEngine.run(
            against: server, rate: 500, duration: 2, workers: 1, sendWindow: 8 * TimeUnit.nanosecondsPerMillisecond)

        print("send window 8 ms, answers after 3 ms: lag p50 \(summary.scheduleLag.figures.p50) ms")
        #expect(summary.requests.completed == 1_000)
        #expect(summary.requests.errors == 0)
        #expect(
            summary.scheduleLag.figures.p50 >= 3,
            "lag p50 \(summary.scheduleLag.figures.p50) ms: sends went one by one when answers woke the worker")
    }

    /// The window is for open-loop arrivals only: a closed-loop slot sends as soon as it is free.
    /// Held for a 10 ms window, one slot could send at most 200 requests in 2 s; free, it sends a
    /// request per round trip to a fixture on this machine (well under 5 ms even on a busy one).
    @Test func closedLoopSlotsDoNotWaitForTheWindow() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let summary = try LiveEngine.run(
            against: server, concurrency: 1, duration: 2, workers: 1, sendWindow: 10 * TimeUnit.nanosecondsPerMillisecond)

        print("closed loop with a 10 ms send window: \(summary.requests.completed) requests in 2 s")
        #expect(summary.requests.errors == 0)
        #expect(summary.requests.completed > 400, "\(summary.requests.completed) requests: closed-loop sends waited for the window")
        // The plan records no window for a run without open-loop arrivals: none applied.
        #expect(summary.plan.sendWindowMilliseconds == nil)
    }

    /// Nor does a closed-loop slot wait behind an open-loop batch that is not yet due. Open arrivals
    /// every 20 ms with a 19 ms window leave an unsent batch pending 95% of the time; a slot held
    /// behind it would send at most a couple of requests per 20 ms (about 200 in 2 s), while free it
    /// sends one per round trip to a fixture answering after 1 ms (2,000 in 2 s, 600 on a busy host).
    @Test func closedLoopSlotsDoNotWaitBehindAnOpenBatch() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(1)))
        defer { server.shutdown() }
        let end = 2 * TimeUnit.nanosecondsPerSecond
        let model = LoadModel(
            schedule: ArrivalSchedule(rate: 50, process: .constant, seed: 1, end: end),
            closedWindows: [LoadModel.ClosedWindow(start: 0, end: end, concurrency: 1, thinkTime: 0)])
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)),
            model: model, workers: 1, sendWindow: 19 * TimeUnit.nanosecondsPerMillisecond)
        let measurements = try LoadEngine(configuration: configuration).run()

        print("open 50/s with a 19 ms window beside one closed-loop slot: \(measurements.sent) requests in 2 s")
        #expect(measurements.sent > 500, "\(measurements.sent) requests (100 of them open): the slot waited for the open batch")
    }

    /// Workers no longer wake every 50 ms to look for a stop: `stop()` wakes them. With the next
    /// send 5 s away and the next second's close up to 0.8 s away, the run must end within 0.5 s
    /// of the stop; a stop that did not wake them would end at that second's close at the soonest.
    @Test func stopWakesIdleWorkersAtOnce() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let end = 30 * TimeUnit.nanosecondsPerSecond
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)),
            model: .openLoop(ArrivalSchedule(rate: 0.2, process: .constant, seed: 1, end: end)), workers: 1)
        let engine = LoadEngine(configuration: configuration)
        let stoppedAt = Mutex<UInt64?>(nil)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) {
            stoppedAt.withLock { $0 = MonotonicClock.now() }
            engine.stop()
        }
        let measurements = try engine.run()
        let returned = MonotonicClock.now()
        let afterStop = Double(returned - (stoppedAt.withLock { $0 } ?? returned)) / 1e9

        print("stop: run returned \(afterStop * 1_000) ms after stop()")
        #expect(measurements.interrupted)
        #expect(afterStop < 0.5, "the run ended \(afterStop) s after stop(): the idle worker slept through it")
    }
}

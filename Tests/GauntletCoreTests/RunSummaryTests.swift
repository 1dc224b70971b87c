import Foundation
import GauntletCore
import Testing

@Suite struct RunSummaryTests {
    static func summary(errors: [ErrorKind?], statuses: [Int]) -> RunSummary {
        var recorder = Recorder(measurementStart: 0)
        for (error, status) in zip(errors, statuses) {
            recorder.record(Completion(intended: 0, sent: 0, finished: 1_000_000, status: status, error: error))
        }
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 10, process: .constant, seed: 1, end: 1_000_000_000))
        let plan = RunPlan(
            url: "http://127.0.0.1:1/", method: "GET", model: model, warmup: 0, seed: 1, timeout: 1_000_000_000,
            connections: 1, workers: 1)
        return RunSummary(
            plan: plan,
            measurements: RunMeasurements(
                recorder: recorder, series: [], sent: UInt64(errors.count), cancelled: 0, generatorCPU: 1_000_000,
                elapsed: 1_000_000_000, interrupted: false, startedAt: Date(), endedAt: Date()))
    }

    /// Rows of (errors, statuses, unreachable?).
    @Test(arguments: [
        ([ErrorKind.connectRefused, .connectRefused], [0, 0], true),
        ([.connectTimeout, .dns, .tls], [0, 0, 0], true),
        ([.connectRefused, nil], [0, 200], false),
        ([.requestTimeout], [0], false),
        ([.http5xx], [503], false),
        ([.reset], [0], false),
        ([], [], false),
    ] as [([ErrorKind?], [Int], Bool)])
    func unreachableMeansNoRequestEverConnected(errors: [ErrorKind?], statuses: [Int], unreachable: Bool) {
        #expect(Self.summary(errors: errors, statuses: statuses).targetUnreachable == unreachable)
    }

    @Test func achievedRateIsOverTheMeasurementWindow() {
        let summary = Self.summary(errors: Array(repeating: nil, count: 10), statuses: Array(repeating: 200, count: 10))
        #expect(summary.rate.windowSeconds == 1)
        #expect(summary.rate.achieved == 10)
        #expect(summary.rate.target == 10)
        #expect(summary.generator.cpuMicrosecondsPerRequest == 100)
    }
}

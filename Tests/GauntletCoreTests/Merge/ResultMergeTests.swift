import Foundation
import GauntletCore
import Testing

/// Merges are exact: for random runs split at random into segments, saved and read back, the merged
/// result holds exactly the histograms and counts of one run over all the data, whatever the order.
@Suite struct ResultMergeTests {
    /// Splits `items` at random into `parts` segments (every segment gets its own file).
    static func split(_ items: [SyntheticRun.Item], parts: Int, generator: inout Xoshiro256StarStar) -> [[SyntheticRun.Item]] {
        var segments = Array(repeating: [SyntheticRun.Item](), count: parts)
        for item in items { segments[Int(generator.next() % UInt64(parts))].append(item) }
        return segments
    }

    /// Saved as JSON and read back, as `gauntlet merge` reads them.
    static func saved(_ result: RunResult) throws -> RunResult { try RunResult.decode(try result.encoded()) }

    static func inputs(_ segments: [[SyntheticRun.Item]]) throws -> [ResultMerge.Input] {
        try segments.enumerated().map { index, items in
            let segment = try RunSegment(index: index + 1, count: segments.count)
            return ResultMerge.Input(file: "segment-\(index + 1).json", result: try saved(SyntheticRun.result(items, segment: segment)))
        }
    }

    static func decoded(_ text: String?) throws -> LatencyHistogram { try LatencyHistogram(base64EncodedV2: try #require(text)) }

    /// Every histogram and count of `merged` equals `single`'s.
    static func expectSame(_ merged: RunResult, _ single: RunResult, seed: UInt64) throws {
        let context = Comment(rawValue: "seed \(seed)")
        let (m, s) = (merged.histograms, single.histograms)
        for (mine, theirs) in [(m.latency, s.latency), (m.serviceTime, s.serviceTime), (m.scheduleLag, s.scheduleLag)] {
            #expect(try decoded(mine) == decoded(theirs), context)
        }
        #expect(try decoded(m.successLatency) == decoded(s.successLatency), context)
        for name in SyntheticRun.templates {
            let (mine, theirs) = (try #require(m.byRequest[name]), try #require(s.byRequest[name]))
            #expect(try decoded(mine.latency) == decoded(theirs.latency), context)
            #expect(try decoded(mine.serviceTime) == decoded(theirs.serviceTime), context)
            #expect(try decoded(mine.successLatency) == decoded(theirs.successLatency), context)
            #expect(try decoded(mine.scheduleLag) == decoded(theirs.scheduleLag), context)
            let (a, b) = (try #require(merged.requests[name]), try #require(single.requests[name]))
            #expect(a.completed == b.completed && a.ok == b.ok && a.errorsByKind == b.errorsByKind, context)
            #expect(a.statusCodes == b.statusCodes && a.lateSends == b.lateSends && a.warmup == b.warmup, context)
        }
        for (mine, theirs) in zip(try #require(m.byPhase), try #require(s.byPhase)) {
            #expect(try decoded(mine.latency) == decoded(theirs.latency), context)
            #expect(try decoded(mine.successLatency) == decoded(theirs.successLatency), context)
        }
        for (a, b) in zip(merged.phases, single.phases) {
            #expect(a.figures?.completed == b.figures?.completed && a.figures?.statusCodes == b.figures?.statusCodes, context)
        }
        #expect(try #require(m.bySecond).count == s.bySecond?.count, context)
        for (mine, theirs) in zip(m.bySecond ?? [], s.bySecond ?? []) {
            #expect(mine.second == theirs.second, context)
            for (x, y) in [(mine.latency, theirs.latency), (mine.successLatency, theirs.successLatency),
                           (mine.serviceTime, theirs.serviceTime), (mine.scheduleLag, theirs.scheduleLag)] {
                #expect(try decoded(x) == decoded(y), context)
            }
        }
        #expect(merged.summary.series == single.summary.series, context)
        #expect(merged.summary.requests == single.summary.requests, context)
        #expect(merged.summary.latency == single.summary.latency, context)
        #expect(merged.quality?.confusion == single.quality?.confusion, context)
        #expect(merged.schedule == single.schedule, context)
        #expect(merged.verdict == single.verdict, context)
        #expect(merged.objectives.map(\.measured) == single.objectives.map(\.measured), context)
    }

    @Test func mergedSegmentsEqualOneRunOverAllTheData() throws {
        for seed in UInt64(1)...40 {
            var generator = Xoshiro256StarStar(seed: seed)
            let items = SyntheticRun.items(count: Int(generator.next() % 3_000), generator: &generator)
            let parts = 1 + Int(generator.next() % 6)
            let segments = Self.split(items, parts: parts, generator: &generator)
            let merged = try ResultMerge.merge(try Self.inputs(segments))
            let single = try Self.saved(SyntheticRun.result(items, segment: nil))
            try Self.expectSame(merged, single, seed: seed)
            #expect(merged.mergedFrom?.map(\.index) == Array(1...parts))
        }
    }

    /// A merged run says idle CPUs polled only if they did on every machine.
    @Test func idlePollingIsHeldOnlyIfEverySegmentHeldIt() throws {
        var generator = Xoshiro256StarStar(seed: 7)
        let items = SyntheticRun.items(count: 600, generator: &generator)
        var inputs = try Self.inputs(Self.split(items, parts: 3, generator: &generator))
        let refused = IdlePolling(held: false, reason: "/dev/cpu_dma_latency: No such file or directory")
        for index in inputs.indices { inputs[index].result.environment.idlePolling = index == 1 ? refused : .held }
        #expect(try ResultMerge.merge(inputs).environment.idlePolling == refused)
        #expect(try ResultMerge.merge(inputs.reversed()).environment.idlePolling == refused)
        inputs[1].result.environment.idlePolling = .held
        #expect(try ResultMerge.merge(inputs).environment.idlePolling == .held)
    }

    @Test func theOrderOfTheFilesDoesNotMatter() throws {
        for seed in UInt64(100)...115 {
            var generator = Xoshiro256StarStar(seed: seed)
            let items = SyntheticRun.items(count: 500 + Int(generator.next() % 1_500), generator: &generator)
            let inputs = try Self.inputs(Self.split(items, parts: 2 + Int(generator.next() % 4), generator: &generator))
            let inOrder = try ResultMerge.merge(inputs)
            let shuffled = try ResultMerge.merge(inputs.shuffled(using: &generator))
            #expect(try inOrder.encoded() == shuffled.encoded(), "seed \(seed)")
        }
    }

    /// Merging measurements is associative and commutative: (a + b) + c = a + (b + c) = c + b + a.
    @Test func mergingMeasurementsIsAssociative() throws {
        for seed in UInt64(200)...220 {
            var generator = Xoshiro256StarStar(seed: seed)
            let items = SyntheticRun.items(count: 300 + Int(generator.next() % 1_500), generator: &generator)
            let parts = Self.split(items, parts: 3, generator: &generator).map(SyntheticRun.measurements)
            var left = parts[0]
            try left.merge(parts[1])
            try left.merge(parts[2])
            var right = parts[1]
            try right.merge(parts[2])
            var rightFirst = parts[0]
            try rightFirst.merge(right)
            var reversed = parts[2]
            try reversed.merge(parts[1])
            try reversed.merge(parts[0])
            let all = SyntheticRun.measurements(items)
            for candidate in [left, rightFirst, reversed] {
                #expect(candidate.recorder.latency == all.recorder.latency, "seed \(seed)")
                #expect(candidate.recorder.measured == all.recorder.measured, "seed \(seed)")
                #expect(candidate.byRequest.mapValues(\.latency) == all.byRequest.mapValues(\.latency), "seed \(seed)")
                #expect(candidate.byPhase.map(\.successLatency) == all.byPhase.map(\.successLatency), "seed \(seed)")
                #expect(candidate.series == all.series, "seed \(seed)")
                #expect(candidate.seriesHistograms == all.seriesHistograms, "seed \(seed)")
                #expect(candidate.quality == all.quality, "seed \(seed)")
                #expect(candidate.schedule == all.schedule, "seed \(seed)")
            }
        }
    }

    /// Objectives that too few samples leave inconclusive in each segment are judged on the merge.
    @Test func objectivesInconclusiveInEverySegmentAreJudgedMerged() throws {
        var generator = Xoshiro256StarStar(seed: 7)
        let items = SyntheticRun.items(count: 2_400, generator: &generator)
        let segments = Self.split(items, parts: 4, generator: &generator)
        let inputs = try Self.inputs(segments)
        for input in inputs {
            let p99 = try #require(input.result.objectives.first)
            #expect(p99.objective == "latency.p99 < 1s" && p99.verdict == .inconclusive, "\(p99)")
        }
        let merged = try ResultMerge.merge(inputs)
        let p99 = try #require(merged.objectives.first)
        #expect(p99.verdict != .inconclusive && p99.samples >= 1_000, "\(p99)")
    }

    /// Rows of (what is wrong, the file the message must name, words it must hold).
    @Test func filesThatAreNotSegmentsOfOneRunAreRefused() throws {
        var generator = Xoshiro256StarStar(seed: 9)
        let items = SyntheticRun.items(count: 400, generator: &generator)
        let good = try Self.inputs(Self.split(items, parts: 3, generator: &generator))
        func refused(_ inputs: [ResultMerge.Input]) -> String? {
            do { _ = try ResultMerge.merge(inputs); return nil } catch { return error.description }
        }
        var otherSeed = good[1]
        otherSeed.result.summary.plan.seed = 2
        var otherScenario = good[1]
        otherScenario.result.scenario?.source += "\n# edited\n"
        var otherDigits = good[1]
        otherDigits.result.histograms.significantDigits = 2
        var duplicate = good[2]
        duplicate.file = "copy.json"
        duplicate.result.segment?.index = 2
        let cases: [([ResultMerge.Input], String, String)] = [
            ([good[0], otherSeed, good[2]], "segment-2.json", "seed"),
            ([good[0], otherScenario, good[2]], "segment-2.json", "scenario"),
            ([good[0], otherDigits, good[2]], "segment-2.json", "histogram settings"),
            ([good[0], good[2]], "", "segment 2/3 missing"),
            ([good[0], good[1], duplicate], "copy.json", "appears twice"),
        ]
        for (inputs, file, words) in cases {
            let message = try #require(refused(inputs), "\(words) was merged")
            #expect(message.hasPrefix(file) && message.contains(words), "\(message)")
        }
    }
}

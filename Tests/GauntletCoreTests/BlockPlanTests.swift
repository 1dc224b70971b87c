import GauntletCore
import Testing

/// The block plan of a comparison, without sockets: the balanced order, the steps, and blocks that
/// together replay the one seeded schedule exactly, once per candidate.
@Suite struct BlockPlanTests {
    static let second: Nanoseconds = 1_000_000_000

    static func plan(warmup: Nanoseconds = 10 * second, phases: [LoadPhase]? = nil, arrivals: ArrivalProcess = .poisson) -> LoadPlan {
        LoadPlan(load: LoadSection(
            phases: phases ?? [LoadPhase(kind: .ramp(from: 20, to: 200), duration: 60 * second),
                               LoadPhase(kind: .constant(rate: 150), duration: 60 * second)],
            arrivals: arrivals, warmup: warmup, seed: 9))
    }

    /// ABBA for two: A1 B1 B2 A2 A3 B3 A4 B4, each warm-up just before the candidate's first block.
    @Test func twoCandidatesAlternateABBA() {
        let plan = BlockPlan(plan: Self.plan(), candidates: 2, blocks: 4)
        let steps = plan.steps.map { "\($0.part)/\($0.candidates.map(String.init).joined())" }
        #expect(steps == [
            "warmup/0", "block 1/0", "warmup/1", "block 1/1", "block 2/1", "block 2/0",
            "block 3/0", "block 3/1", "block 4/1", "block 4/0",
        ])
        #expect((0..<6).map { BlockPlan.order(ofBlock: $0, candidates: 2) } == [[0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0]])
    }

    /// Rows of the Williams design, as documented: 0, 1, n−1, 2, … shifted by the row, and for an
    /// odd n the same rows reversed.
    @Test func orderRowsAreAWilliamsDesign() {
        #expect((0..<4).map { BlockPlan.order(ofBlock: $0, candidates: 4) } == [[0, 1, 3, 2], [1, 2, 0, 3], [2, 3, 1, 0], [3, 0, 2, 1]])
        #expect((0..<6).map { BlockPlan.order(ofBlock: $0, candidates: 3) }
            == [[0, 1, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [0, 2, 1], [1, 0, 2]])
        #expect(BlockPlan.order(ofBlock: 6, candidates: 3) == [0, 1, 2])
    }

    /// Over one period every candidate takes every position equally often, and directly follows
    /// every other equally often.
    @Test(arguments: 2...8)
    func everyPeriodIsBalancedInPositionAndSuccession(candidates: Int) {
        let period = BlockPlan.period(candidates: candidates)
        #expect(period == (candidates % 2 == 0 ? candidates : 2 * candidates))
        let rows = (0..<period).map { BlockPlan.order(ofBlock: $0, candidates: candidates) }
        for row in rows { #expect(row.sorted() == Array(0..<candidates)) }
        for position in 0..<candidates {
            var counts = [Int](repeating: 0, count: candidates)
            for row in rows { counts[row[position]] += 1 }
            #expect(Set(counts) == [period / candidates], "position \(position)")
        }
        var follows: [[Int]: Int] = [:]
        for row in rows { for (a, b) in zip(row, row.dropFirst()) { follows[[a, b], default: 0] += 1 } }
        #expect(follows.count == candidates * (candidates - 1))
        #expect(Set(follows.values).count == 1)
    }

    /// Blocks cover the measured part exactly, in order, lengths within a nanosecond.
    @Test(arguments: [(1, 7), (6, 12), (13, 1)] as [(Int, Int)])
    func blocksCoverTheMeasuredPartExactly(blocks: Int, candidates: Int) {
        let source = Self.plan(phases: [LoadPhase(kind: .constant(rate: 50), duration: 100 * Self.second + 7)])
        let plan = BlockPlan(plan: source, candidates: candidates, blocks: blocks)
        #expect(plan.blocks.count == blocks)
        #expect(plan.blocks.first?.lowerBound == 10 * Self.second)
        #expect(plan.blocks.last?.upperBound == 110 * Self.second + 7)
        #expect(zip(plan.blocks, plan.blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        let lengths = plan.blocks.map { $0.upperBound - $0.lowerBound }
        #expect(lengths.max()! - lengths.min()! <= 1)
        #expect(plan.span(of: .warmup) == 0..<(10 * Self.second))
        #expect(plan.duration == UInt64(candidates) * (110 * Self.second + 7))
    }

    /// Every arrival of the run, warm-up included, is in exactly one part, with its global index and
    /// its intended offset less the part's start: what the catalogue picks a row by is unchanged.
    @Test(arguments: [ArrivalProcess.constant, .poisson])
    func everyArrivalFallsInExactlyOnePartAtItsExactOffset(arrivals: ArrivalProcess) {
        let source = Self.plan(arrivals: arrivals)
        let plan = BlockPlan(plan: source, candidates: 3, blocks: 12)
        let whole = Array(source.model.schedule.arrivals())
        var union: [Arrival] = []
        for part in [BlockPlan.Part.warmup] + (0..<12).map(BlockPlan.Part.block) {
            let span = plan.span(of: part)
            let sent = Array(plan.model(for: part).schedule.arrivals())
            #expect(sent.allSatisfy { $0.intended < span.upperBound - span.lowerBound }, "\(part)")
            union += sent.map { Arrival(index: $0.index, intended: span.lowerBound + $0.intended) }
        }
        #expect(union == whole)
        // Each candidate is sent every part once: the warm-up and all twelve blocks.
        for candidate in 0..<3 {
            let parts = plan.steps.filter { $0.candidates == [candidate] }.map(\.part)
            #expect(parts.count == 13 && Set(parts).count == 13 && parts.first == .warmup)
        }
    }

    /// Mirrored: each part once, to everyone, back to back; who is started first rotates with the
    /// blocks' balanced order, so that position cancels in the pairs.
    @Test func mirroredSendsEachPartToEveryoneOnce() {
        let plan = BlockPlan(plan: Self.plan(), candidates: 3, blocks: 6, mode: .mirrored)
        #expect(plan.steps.map(\.part) == [.warmup] + (0..<6).map(BlockPlan.Part.block))
        #expect(plan.steps.allSatisfy { $0.candidates.sorted() == [0, 1, 2] })
        #expect(plan.steps.dropFirst().enumerated().allSatisfy { block, step in step.candidates == BlockPlan.order(ofBlock: block, candidates: 3) })
        #expect(Set(plan.steps.dropFirst().map { $0.candidates.first! }) == [0, 1, 2], "everyone goes first in some block")
        #expect(plan.duration == 130 * Self.second)
    }

    /// No warm-up, no warm-up steps; closed-loop phases are cut with the blocks.
    @Test func closedLoopPhasesAreCutWithTheBlocks() {
        let source = Self.plan(warmup: 0, phases: [
            LoadPhase(kind: .constant(rate: 100), duration: 30 * Self.second),
            LoadPhase(kind: .closed(concurrency: 8, thinkTime: 0), duration: 30 * Self.second),
        ])
        let plan = BlockPlan(plan: source, candidates: 2, blocks: 6)
        #expect(!plan.steps.contains { $0.part == .warmup })
        #expect(plan.steps.count == 12)
        let closed = (0..<6).map { plan.model(for: .block($0)).closedWindows.map(\.concurrency) }
        #expect(closed == [[], [], [], [8], [8], [8]])
        #expect(plan.model(for: .block(3)).closedWindows.first?.start == 0)
    }

    /// Rows of (measured seconds, candidates, block seconds, blocks, the count or the key at fault).
    @Test(arguments: [
        (360.0, 2, nil, nil, 12, nil),        // 6 min: 30 s blocks
        (600.0, 2, nil, nil, 20, nil),        // 10 min: 20 blocks of 30 s
        (3600.0, 2, nil, nil, 20, nil),       // an hour: the most the default takes
        (60.0, 2, nil, nil, 10, nil),         // a minute: the fewest the default takes, 6 s each
        (60.0, 3, nil, nil, 12, nil),         // three candidates: a multiple of the period, 6
        (600.0, 5, nil, nil, 20, nil),        // five: period 10
        (600.0, 7, nil, nil, 14, nil),        // seven: period 14
        (8.0, 2, nil, nil, 8, nil),           // too short for 10: blocks of 1 s
        (5.0, 2, nil, nil, nil, "candidates"),// too short for 6 blocks of 1 s
        (300.0, 2, 30.0, nil, 10, nil),
        (300.0, 2, 40.0, nil, nil, "block"),  // 7.5 blocks
        (300.0, 2, 60.0, nil, nil, "block"),  // 5 blocks: too few
        (300.0, 2, nil, 7, 7, nil),
        (6.0, 2, nil, 7, nil, "blocks"),      // under a second each
    ] as [(Double, Int, Double?, Int?, Int?, String?)])
    func blockCountFromTheSettings(measured: Double, candidates: Int, block: Double?, blocks: Int?, count: Int?, fault: String?) {
        let section = CompareSection(blockLength: block.map { Nanoseconds($0 * 1e9) }, blocks: blocks)
        switch section.blockCount(measured: Nanoseconds(measured * 1e9), candidates: candidates) {
        case .success(let result): #expect(result == count && fault == nil)
        case .failure(let problem): #expect(problem.key.rawValue == fault && count == nil, "\(problem.message)")
        }
    }
}

/// How `gauntlet compare` sends one seeded schedule to several candidates so each gets identical
/// traffic: the measured part (after the warm-up) is cut into blocks of equal length, and each
/// block is sent to every candidate.
///
/// **Interleaved** (the default), block *k* is replayed once per candidate, back to back, in the
/// order ``order(ofBlock:candidates:)`` gives: for two candidates ABBA (A1 B1 B2 A2 A3 B3 …), so
/// machine drift hits both members of a pair alike. Each candidate sends the warm-up, unmeasured,
/// just before its first block. **Mirrored**, every step goes to all candidates at once, and the
/// steps follow each other without a gap, as one run would.
///
/// A part is sent as ``model(for:)``: the whole schedule's arrivals in that part, with their global
/// indices (so `RequestCatalog.requestIndex(forArrival:)` gives every candidate the same rows) and
/// their intended offsets less the part's start. Pure: nothing here sends or sleeps.
public struct BlockPlan: Sendable, Equatable {
    /// A stretch of the whole schedule.
    public enum Part: Sendable, Hashable, CustomStringConvertible {
        /// [0, warm-up): sent, never measured.
        case warmup
        /// Measured block *k*, 0-based.
        case block(Int)

        /// `warmup`, `block 3` (1-based, as people count blocks).
        public var description: String {
            switch self {
            case .warmup: "warmup"
            case .block(let index): "block \(index + 1)"
            }
        }
    }

    /// One thing to send: a part of the schedule, to one candidate (interleaved) or to every
    /// candidate at once (mirrored). Candidates are indices into the scenario's list.
    public struct Step: Sendable, Equatable {
        public let part: Part
        public let candidates: [Int]
    }

    public let mode: ComparisonMode
    /// How many candidates are compared.
    public let candidates: Int
    public let warmup: Nanoseconds
    /// Each block's span of the whole schedule, [start, end), in order; together they cover
    /// the measured part exactly, the lengths differing by at most 1 ns.
    public let blocks: [Range<Nanoseconds>]
    /// What to send, in order.
    public let steps: [Step]
    private let warmupModel: LoadModel?
    private let blockModels: [LoadModel]

    /// - Parameters:
    ///   - plan: the whole run's plan; its warm-up is the schedule's first part.
    ///   - blocks: how many blocks the measured part is cut into (``CompareSection/blockCount(measured:candidates:)``).
    public init(plan: LoadPlan, candidates: Int, blocks count: Int, mode: ComparisonMode = .interleaved) {
        let warmup = plan.warmup
        let measured = plan.model.end - min(warmup, plan.model.end)
        precondition(candidates >= 1 && count >= 1 && measured >= UInt64(count), "a block per candidate and nanosecond at most")
        // warmup + measured × k / count, exactly: measured = q × count + r, so the product never overflows.
        let (quotient, remainder) = measured.quotientAndRemainder(dividingBy: UInt64(count))
        let cuts = (0...count).map { warmup + quotient * UInt64($0) + remainder * UInt64($0) / UInt64(count) }
        let boundaries = warmup > 0 ? [0] + cuts : cuts
        var models = plan.model.windows(cutAt: boundaries)
        warmupModel = warmup > 0 ? models.removeFirst() : nil
        blockModels = models
        blocks = (0..<count).map { cuts[$0]..<cuts[$0 + 1] }
        self.mode = mode
        self.candidates = candidates
        self.warmup = warmup

        var steps: [Step] = []
        switch mode {
        case .mirrored:
            if warmup > 0 { steps.append(Step(part: .warmup, candidates: Array(0..<candidates))) }
            // All at once, but someone's engine is started first and wakes first: on one host that
            // position is worth several percent of p99 (measured A/A: the second 8% faster). The
            // balanced order rotates it as interleaved blocks rotate theirs, so it cancels in pairs.
            steps += (0..<count).map { Step(part: .block($0), candidates: Self.order(ofBlock: $0, candidates: candidates)) }
        case .interleaved:
            var warmed = Set<Int>()
            for block in 0..<count {
                for candidate in Self.order(ofBlock: block, candidates: candidates) {
                    if warmup > 0, warmed.insert(candidate).inserted { steps.append(Step(part: .warmup, candidates: [candidate])) }
                    steps.append(Step(part: .block(block), candidates: [candidate]))
                }
            }
        }
        self.steps = steps
    }

    /// The span of the whole schedule `part` covers, [start, end).
    public func span(of part: Part) -> Range<Nanoseconds> {
        switch part {
        case .warmup: 0..<warmup
        case .block(let index): blocks[index]
        }
    }

    /// `part` as the engine sends it: its arrivals with their global indices and their offsets less
    /// the part's start, and the closed-loop windows that overlap it, rebased the same way.
    public func model(for part: Part) -> LoadModel {
        switch part {
        case .warmup:
            guard let warmupModel else { preconditionFailure("this plan has no warm-up") }
            return warmupModel
        case .block(let index): return blockModels[index]
        }
    }

    /// How long sending every step takes, back to back: interleaved, each candidate's warm-up and
    /// every block once per candidate; mirrored, the schedule once.
    public var duration: Nanoseconds {
        steps.reduce(0) { total, step in
            let span = span(of: step.part)
            return total + (span.upperBound - span.lowerBound)
        }
    }

    /// After how many blocks the order repeats: 2 for two candidates (ABBA), *n* for an even
    /// number *n*, 2*n* for an odd one.
    public static func period(candidates: Int) -> Int { candidates % 2 == 0 ? candidates : 2 * candidates }

    /// The order the candidates (0-based) are sent block `block` in: the rows of a Williams
    /// design, taken in turn. The first row is 0, 1, n−1, 2, n−2, …; row *r* adds *r* to each
    /// (mod *n*); for an odd *n*, rows *n* to 2*n*−1 are the first *n* reversed.
    ///
    /// Over one ``period(candidates:)``, every candidate takes every position equally often (the
    /// rows form Latin squares), so drift over time falls on all alike; and every candidate
    /// directly follows every other equally often, so what one leaves behind (a warm cache, a busy
    /// disk) does too. For two candidates the rows are AB and BA: ABBA. With a block count that is
    /// not a multiple of the period, the last, partial period is unbalanced by one block at most.
    public static func order(ofBlock block: Int, candidates: Int) -> [Int] {
        precondition(candidates >= 1 && block >= 0)
        var first = [0]
        var low = 1, high = candidates - 1
        while first.count < candidates {
            if first.count % 2 == 1 {
                first.append(low)
                low += 1
            } else {
                first.append(high)
                high -= 1
            }
        }
        let row = block % period(candidates: candidates)
        let shifted = first.map { ($0 + row % candidates) % candidates }
        return row < candidates ? shifted : shifted.reversed()
    }
}

/// How `gauntlet compare` sends the one schedule to the candidates (`compare:`); present, with
/// its defaults, whenever the scenario lists candidates.
///
/// The measured part of the schedule (after the warm-up) is cut into blocks of equal length.
/// Interleaved, each block is replayed once per candidate, back to back, in a balanced order
/// (see ``BlockPlan``); mirrored, each arrival goes to every candidate at the same instant, and
/// the blocks only cut the run into pairs for the statistics.
public struct CompareSection: Sendable, Equatable {
    public var mode: ComparisonMode
    /// Each block's length (`block: 30s`); nil: from ``blocks``, or the default.
    public var blockLength: Nanoseconds?
    /// How many blocks the measured part is cut into (`blocks: 12`); nil: from ``blockLength``,
    /// or the default.
    public var blocks: Int?
    /// Where the comparison is declared (the `candidates` key): problems with the defaults are
    /// reported there.
    public var location: SourceLocation
    /// Where `block` and `blocks` were written, when they were.
    public var blockLengthLocation: SourceLocation?
    public var blocksLocation: SourceLocation?

    public init(
        mode: ComparisonMode = .interleaved, blockLength: Nanoseconds? = nil, blocks: Int? = nil,
        location: SourceLocation = SourceLocation(line: 0, column: 0), blockLengthLocation: SourceLocation? = nil,
        blocksLocation: SourceLocation? = nil
    ) {
        self.mode = mode
        self.blockLength = blockLength
        self.blocks = blocks
        self.location = location
        self.blockLengthLocation = blockLengthLocation
        self.blocksLocation = blocksLocation
    }

    /// The block length aimed at when neither `block` nor `blocks` is set: long enough for a
    /// block's percentiles, short enough for 10–20 pairs in a run of 5–10 minutes.
    public static let defaultBlockLength: Nanoseconds = 30 * TimeUnit.nanosecondsPerSecond
    /// The block counts the default chooses from.
    public static let defaultBlockCounts = 10...20
    /// A signed-rank interval at 95% needs at least 6 pairs: with 5, the smallest two-sided
    /// p-value is 2/32 > 0.05, and every latency comparison would be inconclusive.
    public static let minimumBlocks = 6
    public static let maximumBlocks = 1_000
    /// Shorter blocks hold too few requests for any figure of their own.
    public static let minimumBlockLength: Nanoseconds = TimeUnit.nanosecondsPerSecond

    /// Why the measured part cannot be cut as asked, and which key is at fault.
    public struct Problem: Error, Sendable, Equatable {
        public enum Key: String, Sendable { case block, blocks, candidates }
        public var key: Key
        public var message: String
    }

    /// How many blocks a measured part of `measured` is cut into, for `candidates` candidates.
    ///
    /// With `blocks`, that many (each at least ``minimumBlockLength``); with `block`, the measured
    /// part divided by it, which must be whole. Without either, the count in
    /// ``defaultBlockCounts`` nearest to blocks of ``defaultBlockLength``, preferring a multiple
    /// of the order's period (``BlockPlan/period(candidates:)``) so every candidate takes every
    /// position equally often; a short run gets fewer, down to ``minimumBlocks``.
    public func blockCount(measured: Nanoseconds, candidates: Int) -> Result<Int, Problem> {
        let seconds = { (value: Nanoseconds) in DurationParser.format(value) }
        let floor = Self.minimumBlockLength
        if let blocks {
            guard measured / UInt64(blocks) >= floor else {
                return .failure(Problem(key: .blocks,
                    message: "compare blocks: \(blocks) blocks of the measured \(seconds(measured)) would last less than \(seconds(floor)) each; use at most \(measured / floor) or measure longer"))
            }
            return .success(blocks)
        }
        if let blockLength {
            guard measured % blockLength == 0 else {
                let whole = Double(measured) / Double(blockLength)
                return .failure(Problem(key: .block,
                    message: "compare block: the measured \(seconds(measured)) is not a whole number of \(seconds(blockLength)) blocks (\(whole.formatted(fractionDigits: 2))); choose a block that divides it, or set 'blocks' instead"))
            }
            let count = Int(measured / blockLength)
            guard (Self.minimumBlocks...Self.maximumBlocks).contains(count) else {
                return .failure(Problem(key: .block,
                    message: "compare block: \(seconds(blockLength)) cuts the measured \(seconds(measured)) into \(count) block\(count == 1 ? "" : "s"); a comparison needs \(Self.minimumBlocks)–\(Self.maximumBlocks)"))
            }
            return .success(count)
        }
        let period = BlockPlan.period(candidates: candidates)
        let aim = Double(measured) / Double(Self.defaultBlockLength)
        let balanced = Self.defaultBlockCounts.filter { $0 % period == 0 }
        let choices = balanced.isEmpty ? Array(Self.defaultBlockCounts) : balanced
        // Nearest to the aim; on a tie, more pairs.
        var count = choices.min { (abs(Double($0) - aim), -$0) < (abs(Double($1) - aim), -$1) }!
        if measured / UInt64(count) < floor { count = Int(measured / floor) }
        guard count >= Self.minimumBlocks else {
            return .failure(Problem(key: .candidates,
                message: "the measured \(seconds(measured)) is too short to compare candidates: it needs \(Self.minimumBlocks) blocks of at least \(seconds(floor)), so measure at least \(seconds(floor * UInt64(Self.minimumBlocks)))"))
        }
        return .success(count)
    }
}

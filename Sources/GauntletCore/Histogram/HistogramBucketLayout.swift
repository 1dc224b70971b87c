import Foundation
import Histogram

/// Where each value of an HdrHistogram lives in its counts array.
///
/// The V2 encoding is a list of counts by array index, and `Histogram` keeps its array
/// (and its own index arithmetic) internal, so the codec has to agree with it from the
/// outside: these are the same formulas as the library's (and Java's, C's and Python's),
/// computed from the three numbers every HdrHistogram is configured with. The bucket
/// layout round-trip tests check them against the library's own `nextNonEquivalentForValue`
/// across the whole range, which is what makes walking values by index through the
/// public API safe.
package struct HistogramBucketLayout: Equatable, Sendable {
    /// `floor(log2(lowestDiscernibleValue))`: values below `1 << unitMagnitude` share index 0.
    package let unitMagnitude: Int
    /// `log2` of half the sub-bucket count; the shift that turns a bucket number into an index.
    package let subBucketHalfCountMagnitude: Int
    /// The number of entries in the counts array, and so the highest index a payload may set, plus one.
    package let countsLength: Int

    private var subBucketCountMagnitude: Int { subBucketHalfCountMagnitude + 1 }
    private var subBucketHalfCount: Int { 1 << subBucketHalfCountMagnitude }
    private var subBucketMask: UInt64 { (UInt64(1) << subBucketCountMagnitude - 1) << unitMagnitude }

    /// The layout of an existing histogram.
    package init(of histogram: Histogram<some FixedWidthInteger & Codable & Sendable>) {
        // A histogram that exists passed the library's own preconditions, which are ours.
        self.init(
            lowestDiscernibleValue: histogram.lowestDiscernibleValue,
            highestTrackableValue: histogram.highestTrackableValue,
            significantDigits: Int(histogram.numberOfSignificantValueDigits.rawValue))!
    }

    /// The layout for a configuration, or `nil` where `Histogram` would refuse it.
    ///
    /// The checks are the library's preconditions, made recoverable: a decoder is handed
    /// these numbers by whoever wrote the bytes, and must not trap on them.
    ///
    /// - Parameters:
    ///   - lowestDiscernibleValue: At least 1 and at most `UInt64.max / 2`.
    ///   - highestTrackableValue: At least twice `lowestDiscernibleValue`.
    ///   - significantDigits: 0 to 5.
    package init?(lowestDiscernibleValue lowest: UInt64, highestTrackableValue highest: UInt64, significantDigits: Int) {
        guard (0...5).contains(significantDigits), lowest >= 1, lowest <= UInt64.max / 2, lowest * 2 <= highest else {
            return nil
        }
        // The library takes log2 in floating point, as Java does; using the same
        // computation (not a bit count) keeps index 0's width identical to the library's
        // even for absurdly large lowest values, where the two could round apart.
        let unitMagnitude = Int(log2(Double(lowest)))
        // ceil(log2(2 · 10^digits)): unit resolution up to twice the decimal precision.
        let subBucketCountMagnitude = [1, 5, 8, 11, 15, 18][significantDigits]
        guard unitMagnitude + subBucketCountMagnitude - 1 <= 61 else { return nil }

        self.unitMagnitude = unitMagnitude
        self.subBucketHalfCountMagnitude = subBucketCountMagnitude - 1

        var smallestUntrackable = UInt64(1 << subBucketCountMagnitude) << unitMagnitude
        var bucketCount = 1
        while smallestUntrackable <= highest {
            if smallestUntrackable > UInt64.max / 2 {
                bucketCount += 1
                break
            }
            smallestUntrackable <<= 1
            bucketCount += 1
        }
        self.countsLength = (bucketCount + 1) << subBucketHalfCountMagnitude
    }

    /// The counts-array index that `value` is counted at.
    ///
    /// The result may be `countsLength` or more for values the histogram cannot hold.
    package func index(of value: UInt64) -> Int {
        // How many powers of two `value` lies above the largest value that fits bucket 0;
        // the mask sends every small value to bucket 0.
        let bucket = 64 - (value | subBucketMask).leadingZeroBitCount - unitMagnitude - subBucketCountMagnitude
        let subBucket = Int(value >> (bucket + unitMagnitude))
        return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket - subBucketHalfCount
    }

    /// The lowest value counted at `index`.
    package func value(at index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        // Bucket 0 is the only one whose lower half is not covered by a smaller bucket.
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << (bucket + unitMagnitude)
    }
}

extension QualityCounts {
    /// Distinct labelled rows, and how many of them were answered right, each by its most frequent
    /// answer (as ``PairedQuality`` counts them): a row sent five times is one observation, since
    /// repeating it is not more evidence. Nil when the counts keep no rows (older reports).
    public var distinctRowsRight: (right: UInt64, rows: UInt64)? {
        guard !rows.isEmpty else { return nil }
        var right: UInt64 = 0, total: UInt64 = 0
        for byRow in rows.values {
            for predictions in byRow.values {
                total += 1
                if predictions.mostFrequent == predictions.expected { right += 1 }
            }
        }
        return (right, total)
    }
}

/// Wilson's score interval for one proportion, (2np̂ + z² ± z√(z² + 4np̂(1 − p̂))) / 2(n + z²):
/// the building block of Newcombe's hybrid score intervals for a difference, paired
/// (``PairedProportionDifference``) or independent (``IndependentProportionDifference``).
enum WilsonScoreInterval {
    /// The interval's (lower, upper) for `successes` of `n` (n > 0) at the critical value `z`.
    static func bounds(successes: Double, of n: Double, z: Double) -> (lower: Double, upper: Double) {
        let p = successes / n
        let centre = 2 * n * p + z * z
        let spread = z * (z * z + 4 * n * p * (1 - p)).squareRoot()
        let denominator = 2 * (n + z * z)
        return ((centre - spread) / denominator, (centre + spread) / denominator)
    }
}

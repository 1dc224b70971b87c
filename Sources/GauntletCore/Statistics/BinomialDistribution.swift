import Foundation

/// The binomial distribution of successes in `trials` independent trials of success
/// probability `probability`: its probabilities, CDF and upper tail.
///
/// Each probability comes from Loader's saddle-point form (C. Loader, "Fast and accurate
/// computation of binomial probabilities", 2000; R's `dbinom`), which stays accurate to a few
/// ulps for any n, where `lgamma(n + 1) − …` loses about log10(n) digits to cancellation.
/// The tails are summed term by term from the side away from the mean, so each is accurate
/// relative to itself; a tail past the mean is one minus the other tail. Summing costs a few
/// times √(n·p·q) terms: microseconds for n up to about 1e6.
public struct BinomialDistribution: Sendable, Equatable {
    public let trials: Int
    public let probability: Double

    public init(trials: Int, probability: Double) {
        precondition(trials >= 0, "trials cannot be negative")
        precondition(probability >= 0 && probability <= 1, "a probability is in [0, 1]: \(probability)")
        self.trials = trials
        self.probability = probability
    }

    /// P(X = k).
    public func probability(of k: Int) -> Double {
        guard k >= 0 && k <= trials else { return 0 }
        return Self.loader(k, trials, probability, 1 - probability)
    }

    /// P(X ≤ k).
    public func cdf(_ k: Int) -> Double {
        if k < 0 { return 0 }
        if k >= trials { return 1 }
        return Double(k) <= mean ? lowerTail(k) : 1 - upperTail(k)
    }

    /// P(X > k), accurate when it is tiny.
    public func survival(_ k: Int) -> Double {
        if k < 0 { return 1 }
        if k >= trials { return 0 }
        return Double(k) >= mean ? upperTail(k) : 1 - lowerTail(k)
    }

    private var mean: Double { Double(trials) * probability }

    /// Σ_{i ≤ k} P(X = i) for k at or below the mean, where terms shrink going down.
    private func lowerTail(_ k: Int) -> Double {
        sumOutward(from: k, step: -1)
    }

    /// Σ_{i > k} P(X = i) for k at or above the mean, where terms shrink going up.
    private func upperTail(_ k: Int) -> Double {
        sumOutward(from: k + 1, step: 1)
    }

    /// Sums the terms from `start` away from the mean until they no longer change the sum,
    /// adding the smallest first.
    private func sumOutward(from start: Int, step: Int) -> Double {
        var terms: [Double] = []
        var total = 0.0
        var i = start
        while i >= 0 && i <= trials {
            let term = probability(of: i)
            terms.append(term)
            total += term
            if term <= total * 0x1p-60 { break }
            i += step
        }
        return terms.reversed().reduce(0, +)
    }

    /// Loader's dbinom_raw: exp(−(bd0 terms) + Stirling remainders) / √(2π k (n − k) / n).
    private static func loader(_ k: Int, _ n: Int, _ p: Double, _ q: Double) -> Double {
        if p == 0 { return k == 0 ? 1 : 0 }
        if q == 0 { return k == n ? 1 : 0 }
        let x = Double(k), size = Double(n)
        if k == 0 { return exp(size * log1p(-p)) }
        if k == n { return exp(size * log(p)) }
        let lc = stirlingError(size) - stirlingError(x) - stirlingError(size - x)
            - deviance(x, size * p) - deviance(size - x, size * q)
        let lf = log(2 * Double.pi) + log(x) + log1p(-x / size)
        return exp(lc - 0.5 * lf)
    }

    /// δ(n) = ln n! − (n + ½) ln n + n − ½ ln 2π, the error of Stirling's formula.
    private static func stirlingError(_ n: Double) -> Double {
        if n <= 15 {
            // Small integers: direct, with lgamma exact enough that cancellation costs < 1e−15.
            return lgamma(n + 1) - (n + 0.5) * log(n) + n - 0.5 * log(2 * Double.pi)
        }
        // The asymptotic series 1/12n − 1/360n³ + 1/1260n⁵ − 1/1680n⁷ + 1/1188n⁹, as far as it matters.
        let s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188
        let nn = n * n
        if n > 500 { return (s0 - s1 / nn) / n }
        if n > 80 { return (s0 - (s1 - s2 / nn) / nn) / n }
        if n > 35 { return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n
    }

    /// x ln(x/μ) + μ − x without cancellation when x is near μ (Loader's bd0): a series in
    /// v = (x − μ)/(x + μ).
    private static func deviance(_ x: Double, _ mu: Double) -> Double {
        if abs(x - mu) < 0.1 * (x + mu) {
            var v = (x - mu) / (x + mu)
            var sum = (x - mu) * v
            var term = 2 * x * v
            v *= v
            var j = 1.0
            while true {
                term *= v
                let next = sum + term / (2 * j + 1)
                if next == sum { return sum }
                sum = next
                j += 1
            }
        }
        return x * log(x / mu) + mu - x
    }
}

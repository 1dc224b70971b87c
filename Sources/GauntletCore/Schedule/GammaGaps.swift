import Foundation

/// Gaps between arrivals of a gamma renewal process on a unit-rate clock: independent, gamma
/// distributed with mean 1 and shape `burstiness` (so variance 1 / burstiness). Shape 1 is a
/// Poisson process; below 1 arrivals bunch into bursts with longer quiet spells between them,
/// above 1 they come more evenly. vLLM's serving benchmark draws its arrivals the same way.
///
/// Drawn with Marsaglia and Tsang's method (ACM TOMS 26(3), 2000) from the schedule's own
/// generator, so a seed gives the same gaps on every platform.
struct GammaGaps: Sendable, Equatable {
    let burstiness: Double
    /// Marsaglia–Tsang's constants for shape max(burstiness, 1) + (burstiness < 1 ? 1 : 0).
    private let d: Double
    private let c: Double

    init(burstiness: Double) {
        precondition(burstiness > 0 && burstiness.isFinite, "burstiness must be positive")
        self.burstiness = burstiness
        // Below shape 1 the method draws shape + 1 and scales by U^(1/shape) (their section 6).
        let shape = burstiness < 1 ? burstiness + 1 : burstiness
        d = shape - 1.0 / 3.0
        c = 1.0 / (9.0 * d).squareRoot()
    }

    /// The next gap, in units of the mean gap.
    func next(_ generator: inout Xoshiro256StarStar) -> Double {
        var draw: Double
        while true {
            let x = Self.standardNormal(&generator)
            let cube = 1 + c * x
            guard cube > 0 else { continue }
            let v = cube * cube * cube
            let u = 1 - generator.nextUnitInterval()  // (0, 1]
            let xSquared = x * x
            if u < 1 - 0.0331 * xSquared * xSquared || log(u) < 0.5 * xSquared + d * (1 - v + log(v)) {
                draw = d * v
                break
            }
        }
        if burstiness < 1 {
            draw *= pow(1 - generator.nextUnitInterval(), 1 / burstiness)
        }
        return draw / burstiness
    }

    /// A standard normal variate by Box and Muller's transform (one of the pair is used, so the
    /// stream of draws depends on nothing but the generator).
    private static func standardNormal(_ generator: inout Xoshiro256StarStar) -> Double {
        let radius = (-2 * log(1 - generator.nextUnitInterval())).squareRoot()
        return radius * cos(2 * Double.pi * generator.nextUnitInterval())
    }
}

import GauntletCore
import Testing

@Suite struct RandomGeneratorTests {
    @Test func matchesTheReferenceSequence() {
        // First outputs of the reference C implementation (Vigna) for seed 1234567.
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test func xoshiroMatchesItsReferenceSeededBySplitMix() {
        // Vigna's reference xoshiro256** with its state filled by four SplitMix64 outputs of seed 1.
        var generator = Xoshiro256StarStar(seed: 1)
        #expect((0..<3).map { _ in generator.next() } == [
            12_966_619_160_104_079_557, 9_600_361_134_598_540_522, 10_590_380_919_521_690_900,
        ])
    }

    @Test func unitIntervalStaysInRange() {
        var generator = Xoshiro256StarStar(seed: 9)
        for _ in 0..<100_000 {
            let value = generator.nextUnitInterval()
            #expect(value >= 0 && value < 1)
        }
    }
}

import GauntletCore
import Testing

@Suite struct LatencyDistributionTests {
    static let ms: Nanoseconds = 1_000_000

    @Test(arguments: [
        ("20ms", LatencyDistribution.fixed(20 * ms)),
        ("uniform(10ms, 30ms)", .uniform(min: 10 * ms, max: 30 * ms)),
        ("  Uniform( 10ms ,30ms ) ", .uniform(min: 10 * ms, max: 30 * ms)),
        ("exponential(20ms)", .exponential(mean: 20 * ms)),
        ("normal(20ms, 5ms)", .normal(mean: 20 * ms, standardDeviation: 5 * ms)),
        ("0s", .fixed(0)),
    ])
    func theWrittenFormsParse(text: String, expected: LatencyDistribution) throws {
        let parsed = try LatencyDistribution(parsing: text)
        #expect(parsed == expected)
        // The exact argument form passes it on unchanged (the embedded server's flags).
        #expect(try LatencyDistribution(parsing: parsed.argument) == parsed)
    }

    @Test(arguments: [
        ("20", "missing unit"), ("gamma(20ms)", "unknown distribution 'gamma'"), ("uniform(30ms, 10ms)", "minimum is above"),
        ("exponential(1ms, 2ms)", "takes one duration"), ("normal(20ms)", "takes two durations"), ("uniform(10ms, 30ms", "missing ')'"),
        ("expnential(2ms)", "did you mean 'exponential'"), ("uniform(a, 3ms)", "invalid duration 'a'"),
    ])
    func malformedFormsAreRefusedSayingWhy(text: String, fragment: String) {
        #expect {
            try LatencyDistribution(parsing: text)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    /// Draws of 20,000 from a seeded generator land on each distribution's mean and spread.
    @Test(arguments: [
        (LatencyDistribution.uniform(min: 10 * ms, max: 30 * ms), 20.0, 5.77),
        (.exponential(mean: 20 * ms), 20.0, 20.0),
        (.normal(mean: 40 * ms, standardDeviation: 5 * ms), 40.0, 5.0),
        (.fixed(7 * ms), 7.0, 0.0),
    ])
    func samplesFollowTheDistribution(distribution: LatencyDistribution, mean: Double, deviation: Double) {
        var random = Xoshiro256StarStar(seed: 42)
        let draws = (0..<20_000).map { _ in Double(distribution.sample(using: &random)) / 1e6 }
        let average = draws.reduce(0, +) / Double(draws.count)
        let spread = (draws.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(draws.count)).squareRoot()
        #expect(abs(average - mean) < max(0.02 * mean, 0.01), "mean \(average)")
        #expect(abs(spread - deviation) < max(0.03 * deviation, 0.01), "deviation \(spread)")
        #expect(draws.allSatisfy { $0 >= 0 })
        #expect(Double(distribution.mean) / 1e6 == mean)
    }
}

@Suite struct ServingOptionsTests {
    @Test func defaultsPassNoFlags() {
        #expect(ServingOptions().arguments.isEmpty)
        #expect(!FaultOptions().isActive && FaultOptions().summary == "none")
    }

    @Test func aScenarioServerSectionIsRead() throws {
        let scenario = try ScenarioParser.parse(yaml: """
            server:
              max_batch_size: 8
              max_queue_delay: 500us
              queue_capacity: 64
              queue_deadline: 250ms
              inference_threads: 2
              request_timeout: 5s
              idle_timeout: 20s
              faults:
                latency: exponential(15ms)
                error_rate: 0.02
                stall: {every: 10s, for: 500ms}
                seed: 9
            requests:
              - name: live
                path: /v2/health/live
            load: {phases: [{constant: {rate: 10/s, duration: 1s}}]}
            """, file: "s.yaml", folder: "/tmp")
        let server = try #require(scenario.server)
        #expect(server.maxBatchSize == 8 && server.maxQueueDelay == 500_000 && server.queueCapacity == 64)
        #expect(server.queueDeadline == 250_000_000 && server.inferenceThreads == 2)
        #expect(server.requestTimeout == 5_000_000_000 && server.idleTimeout == 20_000_000_000)
        #expect(server.faults.latency == .exponential(mean: 15_000_000) && server.faults.errorRate == 0.02)
        #expect(server.faults.stall == .init(every: 10_000_000_000, duration: 500_000_000) && server.faults.seed == 9)
        #expect(server.arguments == [
            "--max-batch-size", "8", "--max-queue-delay", "500000ns", "--queue-capacity", "64", "--queue-deadline", "250000000ns",
            "--inference-threads", "2", "--request-timeout", "5000000000ns", "--idle-timeout", "20000000000ns",
            "--fault-latency", "exponential(15000000ns)", "--fault-error-rate", "0.02",
            "--fault-stall-every", "10000000000ns", "--fault-stall-for", "500000000ns", "--fault-seed", "9",
        ])
        #expect(server.faults.summary == "latency +exponential(15.0ms), errors 2.00%, stall 500ms every 10.0s")
    }
}

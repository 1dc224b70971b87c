import GauntletCore
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("500ms", 500_000_000), ("30s", 30_000_000_000), ("5m", 300_000_000_000), ("2h", 7_200_000_000_000),
        ("250us", 250_000), ("250µs", 250_000), ("1.5s", 1_500_000_000), ("0s", 0), (" 10s ", 10_000_000_000),
        ("100ns", 100),
    ] as [(String, UInt64)])
    func readsDurations(text: String, nanoseconds: UInt64) throws {
        #expect(try DurationParser.nanoseconds(text) == nanoseconds)
    }

    @Test(arguments: [
        ("30", "missing unit"), ("", "empty"), ("ten seconds", "not a number"), ("-5s", "negative"),
        ("5x", "expected a number"), ("s", "not a number"), ("1e3s", "not a number"), ("99999999h", "too large"),
    ])
    func refusesMalformedDurations(text: String, reason: String) {
        #expect {
            try DurationParser.nanoseconds(text)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("'\(text)'")
        }
    }

    @Test(arguments: [
        (0, "0s"), (850_000, "850µs"), (12_300_000, "12.3ms"), (4_500_000_000, "4.50s"), (150_000_000_000, "2m30s"),
        (300_000_000_000, "5m"),
    ] as [(UInt64, String)])
    func formatsDurations(nanoseconds: UInt64, text: String) {
        #expect(DurationParser.format(nanoseconds) == text)
    }
}

@Suite struct RateParserTests {
    @Test(arguments: [("200", 200.0), ("200/s", 200.0), ("90/m", 1.5), ("3600/h", 1.0), ("0.5", 0.5)])
    func readsRates(text: String, perSecond: Double) throws {
        #expect(try RateParser.perSecond(text) == perSecond)
    }

    @Test(arguments: [
        ("0", "greater than zero"), ("-3", "greater than zero"), ("fast", "expected a number"),
        ("200/d", "unit after '/'"), ("1e12", "above the limit"), ("", "expected a number"),
    ])
    func refusesMalformedRates(text: String, reason: String) {
        #expect {
            try RateParser.perSecond(text)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }
}

import Foundation
import GauntletCore
import GauntletReport
import Testing

/// A saved capacity report reads back as it was written: the page is drawn from the file.
struct CapacityResultCodingTests {
    @Test func aResultReadsBackAsWritten() throws {
        let result = CapacityFixtures.rateSearch()
        let decoded = try CapacityResult.decode(result.encoded())
        #expect(decoded.steps == result.steps)
        #expect(decoded.rateMax == result.rateMax && decoded.knee == result.knee && decoded.headline == result.headline)
        // The CPU figures keep the names reports have always saved them under.
        let json = try #require(String(data: result.encoded(), encoding: .utf8))
        #expect(json.contains("\"generator_cpu_seconds\"") && json.contains("\"server_cpu_seconds\""))
    }

    @Test func gammaArrivalsKeepTheirBurstinessInTheFileAndTheText() throws {
        var result = CapacityFixtures.rateSearch()
        result.settings.arrivals = "gamma"
        result.settings.burstiness = 0.5
        let decoded = try CapacityResult.decode(result.encoded())
        #expect(decoded.settings.burstiness == 0.5)
        #expect(CapacityTextRenderer.render(decoded).contains("gamma arrivals (burstiness 0.5) from"))
        // Reports saved before burstiness was kept read as they did.
        #expect(try CapacityFixtures.realRateSearch().settings.burstiness == nil)
    }

    @Test func theSavedReportsRead() throws {
        #expect(try CapacityFixtures.realRateSearch().steps.count == 8)
        #expect(try CapacityFixtures.realSweep().steps.count == 4)
    }
}

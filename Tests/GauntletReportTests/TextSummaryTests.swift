import Foundation
import GauntletCore
import GauntletReport
import Testing

@Suite struct TextSummaryTests {
    /// Short spans keep their size: a 1 ms timeout is not "0.00s".
    @Test func shortTimeoutsAndDurationsPrintInMilliseconds() throws {
        var plan = try ReportFixtures.showcase().summary.plan
        plan.timeoutSeconds = 0.001
        plan.durationSeconds = 0.5
        let text = TextSummaryRenderer.loadDescription(plan)
        #expect(text.contains("timeout 1.00ms"), "\(text)")
        #expect(text.contains("for 500ms"), "\(text)")
        plan.timeoutSeconds = 30
        #expect(TextSummaryRenderer.loadDescription(plan).contains("timeout 30.00s"))
    }

    /// The per-request table: every request with its counts, percentiles, rate and errors by status.
    @Test func theSummaryHasAPerRequestTable() throws {
        let text = TextReportRenderer.render(try ReportFixtures.failing())
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("request ") && $0.contains("p99") })
        #expect(lines[header + 1].hasPrefix("missing-model") && lines[header + 1].hasSuffix("HTTP 4xx×162"), "\(lines[header + 1])")
        #expect(lines[header + 2].hasPrefix("predict") && lines[header + 2].hasSuffix("none"))
        #expect(text.contains("verdict    FAIL · 2 of 5 objectives missed"))
    }
}

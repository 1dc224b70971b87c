import Foundation
import GauntletCore
import GauntletReport
import Testing

/// A capacity search over candidates: each one's search in full, and the answer that compares them
/// (cheapest at the objectives with a plan, most capacity without), in every format.
struct CapacityCandidatesReportTests {
    static func named(_ result: CapacityResult, _ name: String, baseline: Bool, plan inputs: CapacityPlanInputs?) throws -> CapacityResult {
        var result = result
        result.candidate = name
        result.baseline = baseline
        if let inputs, let low = result.rateMax?.low { result.plan = try CapacityPlan(inputs, ratePerInstance: low) }
        return result
    }

    static func comparison(plan: CapacityPlanInputs?) throws -> CapacityResult {
        // current sustains 450/s, candidate 200/s (it passed up to its maximum only).
        let current = try named(CapacityFixtures.rateSearch(name: "capacity"), "current", baseline: true, plan: plan)
        let candidate = try named(CapacityFixtures.passedAtMaximum(), "candidate", baseline: false, plan: plan)
        return CapacityResult(
            scenario: CapacityFixtures.scenario("two-models"), environment: current.environment, mode: "rate",
            settings: current.settings, target: "2 candidates", serverConfiguration: nil, objectives: current.objectives,
            steps: [], rateMax: nil, finish: nil, plan: nil, planRefusal: nil, partial: false, candidates: [current, candidate])
    }

    static let plan = CapacityPlanInputs(peakRate: 1_000, headroom: 0.2, hourlyPrice: 1, currency: "EUR")

    @Test func theCheapestCandidateIsNamedWithEachOnesFigures() throws {
        let result = try Self.comparison(plan: Self.plan)
        #expect(result.best == "current")
        // 1,000 × 1.2 / 450 → 3 instances; / 200 → 6.
        #expect(result.candidates?.map { $0.plan?.instances } == [3, 6])
        #expect(result.headline.hasPrefix("Cheapest at the objectives: current sustains 450/s, 0.8333 EUR per 1M predictions at peak on 3 instances; candidate sustains 200/s"), "\(result.headline)")
        // Both searches ended on their own with a passing rate ("at least 200/s" counts).
        #expect(result.found)

        let text = CapacityTextRenderer.render(result)
        #expect(text.contains("── candidate current (baseline) ──") && text.contains("── candidate candidate ──"))
        #expect(text.contains("current (baseline)  450/s"), "\(text)")

        let markdown = CapacityMarkdownRenderer.render(result)
        #expect(markdown.contains("| current (baseline) | 450/s | [450/s, 462.5/s) | 3 | 0.8333 EUR | **best** |"), "\(markdown)")

        let xml = CapacityJUnitRenderer.render(result)
        #expect(xml.contains(#"<testcase name="current: capacity search""#) && xml.contains(#"<testcase name="candidate: plan""#))
        #expect(xml.contains(#"<property name="best" value="current"/>"#), "\(xml)")

        let html = CapacityHTMLRenderer.render(result)
        #expect(html.contains(#"<h2 id="candidates">"#) && html.contains(">BEST</span>"))
        // Every id on the page is unique, though each candidate has the same charts and sections.
        let ids = html.components(separatedBy: #" id=""#).dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count, "\(ids.sorted())")
        #expect(ids.contains("figure-chart-capacity-latency-1") && ids.contains("figure-chart-capacity-latency-2"))
    }

    @Test func withoutAPlanTheMostCapacityWins() throws {
        let result = try Self.comparison(plan: nil)
        #expect(result.best == "current")
        #expect(result.headline.hasPrefix("Most capacity within the objectives: current sustains 450/s; candidate sustains 200/s."), "\(result.headline)")
    }

    @Test func aComparisonReadsBack() throws {
        let result = try Self.comparison(plan: Self.plan)
        let decoded = try CapacityResult.decode(try result.encoded())
        #expect(decoded.candidates?.count == 2 && decoded.best == "current")
        #expect(decoded.candidates?.first?.plan == result.candidates?.first?.plan)
    }
}

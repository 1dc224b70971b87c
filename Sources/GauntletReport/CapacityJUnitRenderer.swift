import Foundation
import GauntletCore

/// A capacity search as JUnit XML: a test case for the search (failing when no rate passed, or the
/// search was cut short), one for the plan when one was asked for (failing when it could not be
/// made), and one per step, which never fails: a step past R_max failing is what a search is for.
/// With candidates, each candidate's cases, named after it.
public enum CapacityJUnitRenderer {
    public static func render(_ result: CapacityResult) -> String {
        let name = result.scenario?.name ?? "capacity"
        let classname = "gauntlet.\(name).capacity"
        var properties: [(String, String)] = [
            ("found", String(result.found)),
            ("schema", result.schema),
            ("gauntlet_version", result.environment.gauntletVersion),
            ("mode", result.mode),
        ]
        if let low = result.rateMax?.low { properties.append(("rate_max_low", low.formatted(fractionDigits: 2))) }
        if let high = result.rateMax?.high { properties.append(("rate_max_high", high.formatted(fractionDigits: 2))) }
        if let best = result.best { properties.append(("best", best)) }
        if let file = result.scenario?.file { properties.insert(("scenario", file), at: 0) }
        return JUnitReportRenderer.document(
            suite: classname, seconds: result.environment.endedAt.timeIntervalSince(result.environment.startedAt),
            startedAt: result.environment.startedAt, host: result.environment.host, properties: properties,
            cases: testCases(result, classname: classname), output: result.headline)
    }

    static func testCases(_ result: CapacityResult, classname: String) -> [JUnitReportRenderer.TestCase] {
        if let candidates = result.candidates {
            return candidates.flatMap { candidate in
                let name = candidate.candidate ?? "?"
                return testCases(candidate, classname: "\(classname).\(name)").map { testCase in
                    var named = testCase
                    named.name = "\(name): \(testCase.name)"
                    return named
                }
            }
        }
        var cases = [JUnitReportRenderer.TestCase(
            name: "capacity search", classname: classname,
            failure: result.found ? nil : (result.headline, result.partial ? "partial" : "not-found"), output: result.headline)]
        if result.plan != nil || result.planRefusal != nil {
            let output = result.plan.map { CapacityTextRenderer.planLines($0).joined(separator: "\n") } ?? "no plan: \(result.planRefusal ?? "")"
            cases.append(JUnitReportRenderer.TestCase(
                name: "plan", classname: classname, failure: result.planRefusal.map { ($0, "plan-refused") }, output: output))
        }
        for step in result.steps {
            cases.append(JUnitReportRenderer.TestCase(
                name: "step \(step.number): \(step.rateLabel)", classname: classname, failure: nil,
                output: CapacityTextRenderer.stepLine(step)))
        }
        return cases
    }
}

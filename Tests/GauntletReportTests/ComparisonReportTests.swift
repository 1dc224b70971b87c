import Foundation
import GauntletCore
import GauntletReport
import Testing

/// The comparison's page, Markdown and JUnit, from a real comparison and from a synthetic
/// three-candidate one with missing intervals, no quality for one candidate and markup in a name.
@Suite struct ComparisonReportTests {
    static let fixtures: [(name: String, load: @Sendable () throws -> CompareResult)] = [
        ("realistic", ComparisonFixtures.realistic), ("three candidates", ComparisonFixtures.threeCandidates),
    ]

    /// The section of `html` from the element with `id` up to the next `<h2`.
    static func section(_ id: String, of html: String) throws -> Substring {
        let start = try #require(html.range(of: #"id="\#(id)""#), "no section \(id)")
        let end = html.range(of: "<h2", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return html[start.lowerBound..<end]
    }

    /// Two saved runs: every output says so, none speaks of block pairs, and a fail that no
    /// objective explains (a run cut short) says why, in the headline and as a failing JUnit case.
    @Test func anUnpairedComparisonSaysSoEverywhereAndExplainsItsFail() throws {
        let report = try ComparisonFixtures.unpairedPartial()
        #expect(report.verdict == .fail && report.mode == "unpaired")
        let html = ComparisonHTMLRenderer.render(report)
        #expect(html.contains("Unpaired: two runs at different times; drift between them is not cancelled."))
        #expect(html.contains("A saved run was cut short: partial data is never a pass"))
        #expect(!html.contains(#"id="blocks-over-time""#) && !html.contains(#"id="blocks""#))
        #expect(!html.contains("block pair by block pair") && !html.contains("over the block pairs"), "paired wording on an unpaired page")
        #expect(html.contains("Runs compared") && html.contains("reports/after.json"))
        let markdown = ComparisonMarkdownRenderer.render(report)
        #expect(markdown.contains("A saved run was cut short") && markdown.contains("Unpaired: two runs at different times"))
        #expect(markdown.contains("two saved runs, unpaired") && !markdown.contains("0 blocks of"))
        let junit = ComparisonJUnitRenderer.render(report)
        #expect(junit.contains(#"name="partial data""#) && junit.contains(#"<property name="same_schedule" value="#), "\(junit)")
        #expect(!junit.contains(#"failures="0""#) && !junit.contains(#"name="blocks""#), "\(junit)")
        let text = ComparisonTextRenderer.render(report)
        #expect(text.hasPrefix("comparison") && text.contains("UNPAIRED:") && text.contains("A saved run was cut short"))
    }

    @Test func pageStandsAloneAndLeadsWithTheVerdict() throws {
        let html = ComparisonHTMLRenderer.render(try ComparisonFixtures.realistic())
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="\#(HTMLReportRenderer.contentSecurityPolicy)">"#))
        for reference in ["<script", "<link", "src=", "href=", "@import", "url(http"] {
            #expect(!html.contains(reference), "the page refers to something outside itself: \(reference)")
        }
        let anchors = [#"id="verdict""#, #"id="figures""#, #"id="charts""#, #"id="blocks-over-time""#, #"id="quality""#,
                       #"id="objectives""#, #"id="traffic""#, #"id="blocks""#, #"id="environment""#]
        let positions = try anchors.map { try #require(html.range(of: $0)?.lowerBound, "\($0) missing") }
        #expect(positions == positions.sorted())
        // Nothing but the title and its subtitle comes before the verdict.
        #expect(!html[..<positions[0]].contains("<h2"))
        #expect(html.contains(#"class="banner v-inconclusive""#))
        #expect(html.contains("Not enough data to judge mlp: latency.p99 &lt;= baseline * 1.50"))
    }

    /// The headline names which objectives failed for which candidate.
    @Test func headlineNamesTheCandidateOfEachMissedObjective() throws {
        let html = ComparisonHTMLRenderer.render(try ComparisonFixtures.threeCandidates())
        let banner = try Self.section("verdict", of: html)
        #expect(banner.contains("FAIL") && banner.contains("1 of 10 objectives missed: mlp: latency.p99 &lt; 50ms"), "\(banner)")
        // The third candidate's traffic differs from the baseline's, and the verdict says so first.
        #expect(banner.contains("was not sent the baseline&#39;s traffic"))
    }

    @Test(arguments: [0, 1])
    func everyCandidateObjectiveAndDigestIsShown(fixture: Int) throws {
        let report = try Self.fixtures[fixture].load()
        let html = ComparisonHTMLRenderer.render(report)
        let figures = try Self.section("figures", of: html)
        for candidate in report.candidates {
            #expect(figures.contains(escaped(candidate.name)), "\(candidate.name) missing from the key figures")
            #expect(try Self.section("traffic", of: html).contains(candidate.traffic.hex))
        }
        #expect(figures.components(separatedBy: "BASELINE").count - 1 == 1)
        let objectives = try Self.section("objectives", of: html)
        #expect(objectives.components(separatedBy: #"<span class="badge v-"#).count - 1 == report.objectives.count)
        for record in report.objectives {
            #expect(objectives.contains("<td>\(escaped(record.candidate))</td><td><code>\(escaped(record.objective))</code>"))
        }
        let blocks = try Self.section("blocks", of: html)
        #expect(blocks.components(separatedBy: "<tr><td class=\"num\">").count - 1 == report.blocks.count)
        #expect(ChartCheck.missingCharts(in: html, ids: ComparisonHTMLRenderer.chartIDs).isEmpty)
    }

    /// Three candidates, one without intervals or quality: every chart is still drawn, its rows
    /// say why there is no interval, and the quality table has only the candidates that have one.
    @Test func absentIntervalsAndQualityAreSaidNotHidden() throws {
        let report = try ComparisonFixtures.threeCandidates()
        let html = ComparisonHTMLRenderer.render(report)
        let charts = try Self.section("charts", of: html)
        // One interval bar per comparison that has an interval, a dot per estimate.
        #expect(charts.components(separatedBy: #"<path class="series" data-mark="interval""#).count - 1 == report.comparisons.filter { $0.lower != nil }.count)
        #expect(charts.components(separatedBy: #"<path class="series" data-mark="estimate""#).count - 1 == report.comparisons.filter { $0.estimate.isFinite }.count)
        #expect(charts.contains("inconclusive</tspan> 1.020×, no interval"))
        // The relative objective's threshold marks its row.
        #expect(charts.contains(#"<line class="threshold""#))
        let quality = try Self.section("quality", of: html)
        #expect(quality.contains("mlp") && !quality.contains(escaped(ComparisonFixtures.awkwardName)))
        // The three candidates' lines, p99 and p50 each.
        let blocks = try Self.section("blocks-over-time", of: html)
        #expect(blocks.components(separatedBy: #"<path class="series" data-series"#).count - 1 == 6)
    }

    /// A name full of markup is text on the page, in the Markdown and in the JUnit file.
    @Test func textIsEscapedEverywhere() throws {
        let report = try ComparisonFixtures.threeCandidates()
        let raw = "<i>\"q\"</i>"
        let html = ComparisonHTMLRenderer.render(report)
        #expect(!html.contains(raw) && html.contains("tiny &lt;i&gt;&quot;q&quot;&lt;/i&gt; &amp; co"))
        let markdown = ComparisonMarkdownRenderer.render(report)
        #expect(!markdown.contains("<i>") && markdown.contains("tiny &lt;i&gt;"))
        let xml = ComparisonJUnitRenderer.render(report)
        #expect(!xml.contains(raw))
        let validation = try JUnitReportTests.validate(xml)
        #expect(validation.status == 0, "\(validation.stderr)")
    }

    @Test func markdownHasTheVerdictFiguresRatiosQualityAndObjectives() throws {
        let report = try ComparisonFixtures.realistic()
        let markdown = ComparisonMarkdownRenderer.render(report)
        let lines = markdown.split(separator: "\n")
        #expect(lines.first == "### ❔ Gauntlet compare: INCONCLUSIVE · compare-models-short")
        #expect(lines.contains("| figure | logreg (baseline) | mlp |"))
        #expect(lines.filter { $0.hasPrefix("| `") }.count == report.comparisons.count)
        #expect(lines.filter { $0.hasPrefix("| mlp | 450 |") }.count == report.quality.count)
        let verdicts = ["✅ PASS", "⚠️ WARN", "❌ FAIL", "❔ INCONCLUSIVE"]
        #expect(lines.filter { line in verdicts.contains { line.hasPrefix("| \($0) |") } }.count == report.objectives.count)
        #expect(markdown.contains("| ❔ INCONCLUSIVE | mlp | `latency.p99 <= baseline * 1.50` | 0.847× [0.519×, 1.644×] | 1.500× | 10 pairs |"))
    }

    /// One test case per objective and candidate; failures where the verdict is missed, valid JUnit.
    @Test(arguments: [0, 1])
    func junitHasATestCasePerObjectiveAndCandidate(fixture: Int) throws {
        let report = try Self.fixtures[fixture].load()
        let xml = ComparisonJUnitRenderer.render(report)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == report.objectives.count)
        let failing = report.objectives.filter(report.fails)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == failing.count)
        #expect(xml.contains(#"tests="\#(report.objectives.count)" failures="\#(failing.count)""#))
        #expect(xml.contains(#"<testcase name="mlp: latency.p99 &lt;= baseline * 1.50" classname="gauntlet.compare-models-short.mlp""#))
        #expect(xml.contains(#"type="inconclusive""#))
        #expect(try JUnitReportTests.validate(xml).status == 0)
    }

    /// As for a run: a warning is no failure, unless --strict, where it fails its test case.
    @Test func strictTurnsAWarningIntoAFailure() throws {
        let warning = try ComparisonFixtures.warning()
        let lenient = ComparisonJUnitRenderer.render(warning)
        #expect(!lenient.contains("<failure"))
        let judged = warning.judged(strict: true)
        #expect(judged.verdict == .fail)
        let strict = ComparisonJUnitRenderer.render(judged)
        #expect(strict.components(separatedBy: "<failure ").count - 1 == 1)
        #expect(strict.contains(#"type="strict-warn""#) && strict.contains("(a failure under --strict)"))
        #expect(ComparisonMarkdownRenderer.render(judged).contains("Warnings fail under --strict"))
        #expect(ComparisonTextRenderer.render(judged).contains("verdict    FAIL · Warnings fail under --strict"))
        #expect(warning.judged(strict: false).verdict == .warn)
    }
}

/// What HTML escaping makes of `text`, written out here so the tests do not trust the code under test.
private func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
}

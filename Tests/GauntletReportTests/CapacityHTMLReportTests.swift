import Foundation
import GauntletCore
import GauntletReport
import Testing

/// The capacity page: the answer, the charts of the search (with its verdicts, the knee and
/// R_max drawn on them), the steps, and text escaped wherever it goes.
struct CapacityHTMLReportTests {
    static func section(_ id: String, of html: String) throws -> Substring {
        let start = try #require(html.range(of: #"id="\#(id)""#), "no section \(id)")
        let end = html.range(of: "<h2", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return html[start.lowerBound..<end]
    }

    /// The figure holding chart `id`: its heading, legend, SVG and caption.
    static func figure(_ id: String, of html: String) throws -> Substring {
        let start = try #require(html.range(of: #"<figure class="chart" id="figure-\#(id)""#), "no figure \(id)")
        let end = try #require(html.range(of: "</figure>", range: start.upperBound..<html.endIndex))
        return html[start.lowerBound..<end.upperBound]
    }

    static func count(_ needle: String, in text: Substring) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aRateSearchDrawsEveryChartWithItsAnswer() throws {
        let result = CapacityFixtures.rateSearch()
        #expect(result.knee == 475 && result.rateMax?.low == 450)
        let html = CapacityHTMLRenderer.render(result)
        #expect(ChartCheck.missingCharts(in: html, ids: CapacityHTMLRenderer.chartIDs).isEmpty)

        let latency = try Self.figure(CapacityHTMLRenderer.chartIDs[0], of: html)
        // One marked p99 point per step, each with its interval as an error bar.
        #expect(Self.count(#"<g class="mark">"#, in: latency) == result.steps.count)
        #expect(Self.count(#"<path class="error-bar""#, in: latency) == result.steps.count)
        #expect(latency.contains(#"<rect class="span""#) && latency.contains(">R_max 450–462.5/s</text>"), "no R_max band")
        #expect(latency.contains(#"<line class="x-rule""#) && latency.contains(">knee 475/s</text>"), "no knee line")
        #expect(latency.contains(#"<line class="rule""#) && latency.contains("objective latency.p99 &lt; 20ms"), "no objective rule")
        // Saturated steps reach seconds while passing ones take milliseconds: the axis is logarithmic.
        #expect(latency.contains("log scale"))
        let legend = try #require(latency.range(of: #"<ul class="legend">"#).map { latency[$0.lowerBound...] })
        for name in ["p99", "p50", "R_max 450–462.5/s", "knee 475/s", "pass", "fail", "invalid (load not sent)", "inconclusive"] {
            #expect(legend.contains("</svg>\(name)</li>") || legend.contains("</span>\(name)</li>"), "legend lacks \(name)")
        }
        #expect(Self.count(#"<svg class="swatch-mark""#, in: legend) == 4)

        let throughput = try Self.figure(CapacityHTMLRenderer.chartIDs[1], of: html)
        #expect(throughput.contains(#"data-series="offered (y = x)""#) && throughput.contains(#"data-series="ok/s""#))
        let errors = try Self.figure(CapacityHTMLRenderer.chartIDs[2], of: html)
        #expect(errors.contains(#"data-series="503 (shed)""#) && errors.contains("objective error_rate &lt; 1%"))
        // Step 3 shed 200 of its 2388 requests: 8.4%, on the chart's tooltip and within its axis.
        #expect(errors.contains("step 3 (800/s): 240 errors, 200 of them 503, of 2388 completed"))

        let steps = try Self.section("steps", of: html)
        #expect(Self.count("<tr><td class=\"num\">", in: steps) == result.steps.count)
        // The charts come before the table they are drawn from.
        #expect(html.range(of: #"id="charts""#)!.lowerBound < html.range(of: #"id="steps""#)!.lowerBound)
    }

    @Test func aSweepDrawsLatencyAgainstThroughputAndThroughputAgainstConcurrency() throws {
        let result = CapacityFixtures.sweep()
        #expect(result.bestConcurrency == 8)
        let html = CapacityHTMLRenderer.render(result)
        #expect(ChartCheck.missingCharts(in: html, ids: CapacityHTMLRenderer.sweepChartIDs).isEmpty)
        let latency = try Self.figure(CapacityHTMLRenderer.sweepChartIDs[0], of: html)
        for level in [1, 2, 4, 8, 16] { #expect(latency.contains(">c=\(level)</text>")) }
        #expect(!latency.contains("R_max") && !latency.contains("knee"))
        let throughput = try Self.figure(CapacityHTMLRenderer.sweepChartIDs[1], of: html)
        #expect(throughput.contains(">best: concurrency 8</text>"))
        #expect(Self.count(#"<g class="mark">"#, in: throughput) == 5)
        #expect(!html.contains(CapacityHTMLRenderer.chartIDs[0]))
    }

    /// R_max with no upper end (every rate passed) is shaded to the edge of the axis.
    @Test func anOpenEndedRMaxIsShadedToTheEdge() throws {
        let html = CapacityHTMLRenderer.render(CapacityFixtures.passedAtMaximum())
        let latency = try Self.figure(CapacityHTMLRenderer.chartIDs[0], of: html)
        #expect(latency.contains(">R_max ≥ 200/s</text>"))
        // No step doubled the low-load median, so there is no knee to draw.
        #expect(!latency.contains(#"class="x-rule""#))
    }

    @Test func theScenarioNameIsEscaped() throws {
        let html = CapacityHTMLRenderer.render(CapacityFixtures.rateSearch())
        #expect(!html.contains(CapacityFixtures.awkwardName) && !html.contains("<b>"))
        #expect(html.contains("<h1>cap &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co</h1>"))
        #expect(html.contains("A search &lt;built&gt; in code &amp; drawn."))
    }

    @Test func aPartialSearchSaysSoInItsBanner() throws {
        let result = CapacityFixtures.rateSearch(partial: true)
        let html = CapacityHTMLRenderer.render(result)
        let banner = try Self.section("verdict", of: html)
        #expect(html.contains(#"<section class="banner v-inconclusive" id="verdict">"#) && banner.contains("NOT FOUND"))
        #expect(banner.contains("PARTIAL (interrupted): R_max is between 450/s and 500/s"), "\(banner)")
    }

    /// The real search: three saturated steps at seconds of latency, passes at milliseconds.
    @Test(arguments: [0, 1]) func realResultsDrawEveryChart(fixture: Int) throws {
        let result = try fixture == 0 ? CapacityFixtures.realRateSearch() : CapacityFixtures.realSweep()
        let html = CapacityHTMLRenderer.render(result)
        let ids = result.mode == "concurrency" ? CapacityHTMLRenderer.sweepChartIDs : CapacityHTMLRenderer.chartIDs
        #expect(ChartCheck.missingCharts(in: html, ids: ids).isEmpty)
        let latency = try Self.figure(ids[0], of: html)
        #expect(Self.count(#"<g class="mark">"#, in: latency) == result.steps.count)
        // From 2 ms at low load to 6 s saturated: only a log axis shows both ends.
        #expect(latency.contains("log scale") == (result.mode == "rate"))
    }
}

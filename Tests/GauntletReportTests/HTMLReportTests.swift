import Foundation
import GauntletCore
import GauntletReport
import Testing

@Suite struct HTMLReportTests {
    /// The page stands alone: it declares a policy that forbids every load, and references nothing
    /// outside itself (no script, no link, no image or font from elsewhere).
    @Test func pageIsSelfContained() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.showcase())
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#))
        for reference in ["<script", "<link", "src=", "href=", "@import", "url(http", "@font-face"] {
            #expect(!html.contains(reference), "the page refers to something outside itself: \(reference)")
        }
        #expect(html.contains("@media print"))
    }

    /// Verdict and objectives come first, then the key figures, then every chart, then the rest.
    @Test func sectionsComeInReadingOrder() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.showcase())
        let anchors = [#"id="verdict""#, #"id="objectives""#, #"id="figures""#, #"id="charts""#, #"id="cost""#,
                       #"id="quality""#, #"id="server""#, #"id="environment""#]
        let positions = try anchors.map { try #require(html.range(of: $0)?.lowerBound, "\($0) missing") }
        #expect(positions == positions.sorted())
        #expect(html.contains(#"class="banner v-warn""#))
        #expect(html.contains("2 advisory missed (error_rate &lt; 1%, predict.latency.p99.9 &lt; 40ms)"))
    }

    /// No axis label runs past the chart's right edge: the percentile axis ends at its last
    /// label (99.99…%), which is anchored at its end. Widths are estimated at 0.6 em per character.
    @Test func noAxisLabelIsCutAtTheRightEdge() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.showcase())
        let pattern = #/<text x="([0-9.]+)" y="[0-9.]+" text-anchor="(middle|end|start)">([^<]+)</text>/#
        var checked = 0
        for match in html.matches(of: pattern) {
            let x = Double(match.output.1)!
            let width = Double(match.output.3.count) * 12 * 0.6
            let right = switch match.output.2 { case "middle": x + width / 2; case "start": x + width; default: x }
            #expect(right <= 960, "'\(match.output.3)' at x \(x) ends at \(right)")
            checked += 1
        }
        #expect(checked > 20)
        #expect(html.contains(#"text-anchor="end">99.9"#), "the percentile axis's last label is anchored at its end")
    }

    /// Every chart is drawn with data, axes labelled with units.
    @Test func everyChartIsDrawn() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.showcase())
        #expect(ChartCheck.missingCharts(in: html).isEmpty, "\(ChartCheck.missingCharts(in: html))")
        for label in ["time since start (s)", "requests per second (/s)", "latency (ms)", "service time (ms)",
                      "percentile (log scale of 1/(1−p))", "errors per second (count)", "schedule lag (ms)", "requests in flight (count)"] {
            #expect(html.contains(label), "axis label '\(label)' missing")
        }
        // The phases are marked on the time axes, and the 404s are charted as their kind.
        #expect(html.contains(">spike 100/s→300/s</text>"))
        #expect(html.contains(#"data-series="HTTP 4xx""#))
    }

    /// The chart check itself can fail: a page that lost a chart, or whose chart lost its data, is caught.
    @Test func chartCheckCatchesAMissingChart() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.showcase())
        let withoutRate = html.replacingOccurrences(of: #"id="chart-rate""#, with: #"id="chart-gone""#)
        #expect(ChartCheck.missingCharts(in: withoutRate) == ["chart-rate"])
        let start = try #require(html.range(of: #"id="chart-latency""#))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        let emptied = html.replacingCharacters(
            in: start.upperBound..<end.lowerBound,
            with: html[start.upperBound..<end.lowerBound].replacingOccurrences(of: #"class="series"#, with: #"class="gone"#))
        #expect(ChartCheck.missingCharts(in: emptied) == ["chart-latency"])
    }

    /// A report saved before the richer per-second series still renders, and says what it lacks.
    @Test func olderReportsStillRender() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.withoutNewSeriesFields())
        #expect(html.contains("not recorded: this report was written before per-second service time was kept"))
        #expect(html.contains("not recorded: this report was written before per-second schedule lag was kept"))
        #expect(html.contains(#"data-series="errors (kind not recorded)""#))
        // Latency p50 and p99 were always kept, and the distribution comes from the histograms.
        #expect(ChartCheck.missingCharts(in: html).allSatisfy { ["chart-service-time", "chart-schedule-lag", "chart-in-flight"].contains($0) })
    }

    /// A run without a scenario or objectives: no verdict, and no empty sections.
    @Test func quickLookRunHasNoVerdict() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.quickLook())
        #expect(html.contains(#"class="banner v-none""#))
        #expect(html.contains("This run had no objectives"))
        #expect(!html.contains(#"id="cost""#) && !html.contains(#"id="quality""#) && !html.contains(#"id="server""#))
        #expect(html.contains("no errors in this run</text>"))
        #expect(ChartCheck.missingCharts(in: html).isEmpty)
    }

    /// What a user typed literally is masked on every rendered form; `${NAME}` references stay.
    @Test func literalSecretsAreRedactedEverywhere() throws {
        var report = try ReportFixtures.showcase()
        report.scenario?.source += "\n# headers: {Authorization: Bearer sk-live-0123456789, X-Api-Key: k3y-value}\n"
        report.summary.plan.url = "https://robot:pa55word@models.example/v2?api_key=abc123&model=m"
        let rendered = [HTMLReportRenderer.render(report), MarkdownReportRenderer.render(report),
                        JUnitReportRenderer.render(report), TextReportRenderer.render(report)]
        for (index, text) in rendered.enumerated() {
            for secret in ["sk-live-0123456789", "k3y-value", "pa55word", "abc123"] {
                #expect(!text.contains(secret), "form \(index) shows \(secret)")
            }
        }
        #expect(rendered[0].contains("Authorization: [redacted]"))
        #expect(rendered[0].contains("Bearer ${GAUNTLET_DEMO_TOKEN}"))
        #expect(rendered[3].contains("https://robot:[redacted]@models.example/v2?api_key=[redacted]&model=m"))
    }
}

/// What the Chromium test and the page tests look for: each chart's SVG, holding at least one drawn series.
enum ChartCheck {
    /// The charts of `ids` that are absent from the page or draw no data.
    static func missingCharts(in html: String, ids: [String] = HTMLReportRenderer.chartIDs) -> [String] {
        ids.filter { id in
            guard let start = html.range(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" id=\"\(id)\""),
                  let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return true }
            let chart = html[start.upperBound..<end.lowerBound]
            return !(chart.contains(#"<path class="series""#) || chart.contains(#"<rect class="series bar""#))
        }
    }
}

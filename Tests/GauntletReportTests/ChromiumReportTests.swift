import Foundation
import GauntletReport
import Testing

/// The HTML report as a browser shows it: headless Chromium opens the page from disk, with no
/// network, and must log nothing (the page has no script, so any console line is an error or a
/// blocked load) and lay out every chart. A screenshot is left for a person to look at.
@Suite(.serialized) struct ChromiumReportTests {
    /// Where the page and its screenshot are left: .build/test-artifacts/ (ignored by git).
    static let artifacts = ReportFixtures.packageRoot.appendingPathComponent(".build/test-artifacts")
    static let windowSize = "1280,6000"

    struct Opened {
        let dom: String
        /// Console lines Chromium logged for the page.
        let console: [String]
    }

    static func open(_ page: URL) throws -> Opened {
        let chromium = try #require(ExternalTool("chromium"), "chromium is missing: `make deps` installs it")
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try chromium.run(
            Self.flags(profile: profile) + ["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString], timeout: 60)
        #expect(!result.timedOut, "chromium did not finish within 60 s")
        #expect(result.status == 0, "chromium exited \(result.status): \(result.stderr.suffix(2000))")
        let console = result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Opened(dom: result.stdout, console: console)
    }

    static func flags(profile: URL) -> [String] {
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
         "--user-data-dir=\(profile.path)", "--window-size=\(windowSize)"]
    }

    static func write(_ html: String, as name: String) throws -> URL {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let page = artifacts.appendingPathComponent(name)
        try Data(html.utf8).write(to: page)
        return page
    }

    @Test func reportOpensCleanlyWithEveryChart() throws {
        let page = try Self.write(HTMLReportRenderer.render(try ReportFixtures.showcase()), as: "showcase-report.html")
        let opened = try Self.open(page)
        #expect(opened.console.isEmpty, "console: \(opened.console)")
        #expect(opened.dom.contains("<h1>showcase</h1>"), "the page did not load: \(opened.dom.prefix(300))")
        #expect(ChartCheck.missingCharts(in: opened.dom).isEmpty, "missing charts: \(ChartCheck.missingCharts(in: opened.dom))")

        try Self.screenshot(page, as: "showcase-report.png")
    }

    /// The comparison's page, with three candidates (one without intervals or quality, with a
    /// name full of markup): a clean console and every chart drawn, and a screenshot to look at.
    @Test func comparisonOpensCleanlyWithEveryChart() throws {
        let page = try Self.write(ComparisonHTMLRenderer.render(try ComparisonFixtures.threeCandidates()), as: "comparison-report.html")
        let opened = try Self.open(page)
        #expect(opened.console.isEmpty, "console: \(opened.console)")
        #expect(opened.dom.contains("<h1>compare-models-short</h1>"), "the page did not load: \(opened.dom.prefix(300))")
        let missing = ChartCheck.missingCharts(in: opened.dom, ids: ComparisonHTMLRenderer.chartIDs)
        #expect(missing.isEmpty, "missing charts: \(missing)")
        try Self.screenshot(page, as: "comparison-report.png")
    }

    /// The capacity pages, a rate search's and a sweep's, real and built (the built search has
    /// every verdict and a name full of markup): a clean console, every chart drawn, and a screenshot.
    @Test(arguments: ["real-rate", "built-rate", "built-sweep"])
    func capacityOpensCleanlyWithEveryChart(fixture: String) throws {
        let result = switch fixture {
        case "real-rate": try CapacityFixtures.realRateSearch()
        case "built-rate": CapacityFixtures.rateSearch()
        default: CapacityFixtures.sweep()
        }
        let page = try Self.write(CapacityHTMLRenderer.render(result), as: "capacity-\(fixture).html")
        let opened = try Self.open(page)
        #expect(opened.console.isEmpty, "console: \(opened.console)")
        let name = result.scenario?.name ?? "capacity"
        #expect(opened.dom.contains("<h1>\(name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</h1>"),
                "the page did not load: \(opened.dom.prefix(300))")
        let missing = ChartCheck.missingCharts(in: opened.dom, ids: result.mode == "concurrency" ? CapacityHTMLRenderer.sweepChartIDs : CapacityHTMLRenderer.chartIDs)
        #expect(missing.isEmpty, "missing charts: \(missing)")
        try Self.screenshot(page, as: "capacity-\(fixture).png")
    }

    /// Leaves a screenshot of `page` in the artifacts folder and checks it is a full-width PNG of a page with charts.
    static func screenshot(_ page: URL, as name: String) throws {
        let chromium = try #require(ExternalTool("chromium"))
        let screenshot = Self.artifacts.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: screenshot)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let shot = try chromium.run(Self.flags(profile: profile) + ["--screenshot=\(screenshot.path)", page.absoluteString], timeout: 60)
        #expect(!shot.timedOut && shot.status == 0, "\(shot.stderr.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // Width and height sit big-endian at bytes 16–23 of a PNG's IHDR chunk.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1280)
        #expect(png.count > 100_000, "a screenshot of a page full of charts is not \(png.count) bytes")
    }

    /// The console check can fail: a page that tries to load from the network (blocked by the
    /// policy) or that throws is caught.
    @Test func consoleCheckCatchesErrors() throws {
        var html = HTMLReportRenderer.render(try ReportFixtures.quickLook())
        html = html.replacingOccurrences(of: "</main>", with: #"<img src="https://example.invalid/pixel.png" alt=""></main>"#)
        let opened = try Self.open(try Self.write(html, as: "broken-report.html"))
        #expect(opened.console.contains { $0.contains("example.invalid") }, "console: \(opened.console)")
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import GauntletReport
import Testing

/// What `gauntlet run` and `gauntlet report` write for people and CI, through the CLI.
@Suite(.serialized) struct ReportOutputsTests {
    /// The renderers' fixtures, in their own test target.
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GauntletReportTests/Golden")

    /// `gauntlet report` renders a saved run in every format, to standard output or a file.
    @Test(arguments: ["text", "json", "html", "md", "junit"])
    func reportRendersEveryFormat(format: String) throws {
        let saved = Self.goldenFolder.appendingPathComponent("showcase.json").path
        let result = try GauntletProcess.run(["report", saved, "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try RunResult.decode(Data(contentsOf: Self.goldenFolder.appendingPathComponent("showcase.json")))
        let expected = switch format {
        case "text": TextReportRenderer.render(report)
        case "json": String(decoding: try report.encoded(), as: UTF8.self) + "\n"
        case "html": HTMLReportRenderer.render(report)
        case "md": MarkdownReportRenderer.render(report)
        default: JUnitReportRenderer.render(report)
        }
        #expect(result.stdout == expected)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-report-\(UUID().uuidString)/out.\(format)")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let written = try GauntletProcess.run(["report", saved, "--format", format, "--output", file.path])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == expected)
    }

    /// `markdown` is read as `md`.
    @Test func markdownIsAnotherNameForMd() throws {
        let saved = Self.goldenFolder.appendingPathComponent("showcase.json").path
        let long = try GauntletProcess.run(["report", saved, "--format", "markdown"])
        let short = try GauntletProcess.run(["report", saved, "--format", "md"])
        #expect(long.status == 0 && long.stdout == short.stdout && !long.stdout.isEmpty)
    }

    /// A file that is not a report says so in a sentence naming the file: exit 2, no decoder internals.
    @Test func aFileThatIsNotAReportIsSaidPlainly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-notreport-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, content, words) in [
            ("scenario.yaml", "name: x\n", "not a Gauntlet report: it is not a JSON object"),
            ("other.json", #"{"hello": 1}"#, "not a Gauntlet report (gauntlet.report/v1): 'schema' is missing at the top level"),
        ] {
            let file = folder.appendingPathComponent(name)
            try Data(content.utf8).write(to: file)
            let result = try GauntletProcess.run(["report", file.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(file.path): \(words)"), "\(result.stderr)")
            #expect(!result.stderr.contains("DecodingError") && !result.stderr.contains("Usage"), "\(result.stderr)")
        }
    }

    /// Two runs started at the same instant into the same folder keep both reports.
    @Test func twoRunsInTheSameSecondKeepBothReports() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-twice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        // One agreed start, half a second into a whole second, so both runs' reports are named
        // for the same second whatever small skew their starts have.
        let start = StartTime.format(Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3).rounded(.up) + 0.5))
        let runs = (0..<2).map { _ in
            Thread.detached {
                try GauntletProcess.run(
                    ["run", "--url", server.baseURL + "/", "--rate", "20", "--duration", "1s", "--start-at", start,
                     "--out", out.path, "--quiet"], timeout: 60)
            }
        }
        for run in runs { #expect(try run.value().status == 0) }
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.count == 4, "\(files)")
        let stems = Set(files.map { $0.split(separator: ".").first! })
        #expect(stems.count == 2 && stems.contains { $0.hasSuffix("-2") }, "\(files)")
    }

    @Test func anUnknownFormatIsBadInput() throws {
        let saved = Self.goldenFolder.appendingPathComponent("showcase.json").path
        let result = try GauntletProcess.run(["report", saved, "--format", "pdf"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("pdf"))
    }

    /// A run writes its JSON and HTML side by side and names both; off a terminal the progress is a
    /// plain line every 10 s on standard error, never on standard output; `--quiet` silences it.
    @Test func runWritesJSONAndHTMLWithPlainProgress() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-outputs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "20", "--duration", "11s", "--out", out.path, "--json"], timeout: 90)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.count == 2 && files[0].hasSuffix(".html") && files[1].hasSuffix(".json"), "\(files)")
        #expect(files[0].dropLast(5) == files[1].dropLast(5))
        for file in files { #expect(result.stderr.contains("gauntlet: report written to \(out.path)/\(file)\n")) }
        // The JSON summary on stdout still parses: no progress mixed in.
        #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil)
        let progress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("gauntlet: 10.") }
        #expect(progress.count == 1, "stderr: \(result.stderr)")
        #expect(progress.first?.contains("/ 11.0s · constant 20/s · target 20.00/s · achieved 20.00/s · in flight") == true, "\(progress)")
        #expect(!result.stderr.contains("\u{1B}"))

        let quiet = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "20", "--duration", "11s", "--out", out.path, "--quiet"], timeout: 90)
        #expect(quiet.status == 0)
        #expect(!quiet.stderr.contains("gauntlet: 10."), "\(quiet.stderr)")
    }
}

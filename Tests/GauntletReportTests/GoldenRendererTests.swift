import Foundation
import GauntletCore
import GauntletReport
import Testing

/// The Markdown, JUnit and text renderers against files checked in under Golden/, from fixed
/// saved runs. After an intended change, regenerate them and review the diff:
///
///     GAUNTLET_UPDATE_GOLDEN=1 swift test -c release --filter GoldenRendererTests
@Suite struct GoldenRendererTests {
    static let updating = ProcessInfo.processInfo.environment["GAUNTLET_UPDATE_GOLDEN"] == "1"

    enum Format: String, CaseIterable {
        case text = "txt", markdown = "md", junit = "xml"

        func render(_ report: RunResult) -> String {
            switch self {
            case .text: TextReportRenderer.render(report)
            case .markdown: MarkdownReportRenderer.render(report)
            case .junit: JUnitReportRenderer.render(report)
            }
        }
    }

    static let fixtures: [(name: String, load: @Sendable () throws -> RunResult)] = [
        ("showcase", ReportFixtures.showcase), ("failing", ReportFixtures.failing), ("quick-look", ReportFixtures.quickLook),
    ]

    @Test(arguments: Format.allCases, [0, 1, 2])
    func rendersAsTheGoldenFile(format: Format, fixture: Int) throws {
        let (name, load) = Self.fixtures[fixture]
        let rendered = format.render(try load())
        let golden = ReportFixtures.goldenFolder.appendingPathComponent("\(name).\(format.rawValue)")
        if Self.updating {
            try Data(rendered.utf8).write(to: golden)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(rendered == expected, "\(golden.lastPathComponent) differs: \(Self.firstDifference(rendered, expected))")
    }

    /// The first line where two texts part, for a failure a person can act on.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(actualLines.count, expectedLines.count) {
            let got = index < actualLines.count ? String(actualLines[index]) : "<end>"
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
            if got != want { return "line \(index + 1):\n  got:  \(got)\n  want: \(want)" }
        }
        return "no line differs"
    }
}

@Suite struct JUnitReportTests {
    static var schema: URL { ReportFixtures.goldenFolder.appendingPathComponent("junit-4.xsd") }

    static func validate(_ xml: String) throws -> ExternalTool.Result {
        let xmllint = try #require(ExternalTool("xmllint"), "xmllint is missing: `make deps` installs libxml2-utils")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-junit-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try xmllint.run(["--noout", "--schema", schema.path, file.path])
    }

    /// Every fixture's JUnit file is valid against the JUnit schema.
    @Test(arguments: [0, 1, 2])
    func junitIsValidAgainstTheSchema(fixture: Int) throws {
        let report = try GoldenRendererTests.fixtures[fixture].load()
        let result = try Self.validate(JUnitReportRenderer.render(report))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("validates"), "\(result.stderr)")
    }

    /// The check can fail: files that break the format are refused.
    @Test(arguments: [
        // A test case without its name.
        #"<testsuites><testsuite name="s" tests="1"><testcase classname="c"/></testsuite></testsuites>"#,
        // A failure outside any test case.
        #"<testsuites><testsuite name="s" tests="1"><failure message="m"/></testsuite></testsuites>"#,
        // A count that is not a number.
        #"<testsuites><testsuite name="s" tests="four"><testcase name="t" classname="c"/></testsuite></testsuites>"#,
        // Output before the failure, in the wrong order.
        #"<testsuites><testsuite name="s" tests="1"><testcase name="t" classname="c"><system-out>x</system-out><failure/></testcase></testsuite></testsuites>"#,
    ])
    func invalidJUnitIsRefused(xml: String) throws {
        let result = try Self.validate(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + xml)
        #expect(result.status != 0, "accepted: \(xml)")
    }

    /// One test case per objective; a failure exactly where the objective fails the gate.
    @Test func failuresAreTheObjectivesThatFailTheGate() throws {
        let warn = JUnitReportRenderer.render(try ReportFixtures.showcase())
        #expect(warn.components(separatedBy: "<testcase ").count - 1 == 5)
        // Two advisory objectives missed: the gate says warn, so no test fails.
        #expect(!warn.contains("<failure"))
        #expect(warn.contains("(advisory: a miss counts as a warning)"))

        let failing = JUnitReportRenderer.render(try ReportFixtures.failing())
        #expect(failing.components(separatedBy: "<failure ").count - 1 == 3)  // latency.p99, error_rate, p99.9 inconclusive
        #expect(failing.contains(#"<testsuite name="gauntlet.showcase" tests="5" failures="3""#))
        #expect(failing.contains(#"<failure message="measured 61.4ms, needed &lt; 50.0ms" type="fail">"#))
        #expect(failing.contains(#"type="inconclusive""#))
    }

    /// Under --strict a warning is a failure everywhere: the two advisory misses fail their test
    /// cases, the counts say so, the file stays valid, and the text and Markdown say FAIL.
    @Test func strictMakesWarningsFailures() throws {
        let judged = try ReportFixtures.showcase().judged(strict: true)
        #expect(judged.verdict == .fail)
        let xml = JUnitReportRenderer.render(judged)
        #expect(xml.contains(#"<testsuite name="gauntlet.showcase" tests="5" failures="2""#), "\(xml)")
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 2)
        #expect(xml.contains(#"type="strict-fail""#) && xml.contains(#"type="strict-inconclusive""#))
        #expect(xml.contains("(a failure under --strict)"))
        #expect(try Self.validate(xml).status == 0)
        #expect(TextReportRenderer.render(judged).contains("Warnings fail under --strict: 2 advisory missed"))
        #expect(MarkdownReportRenderer.render(judged).contains("FAIL"))
        // Without --strict nothing changes.
        #expect(JUnitReportRenderer.render(try ReportFixtures.showcase().judged(strict: false)) == JUnitReportRenderer.render(try ReportFixtures.showcase()))
    }
}

import Foundation
import GauntletCore
import Testing

/// The scenario files in the repository, through the command line a user types.
@Suite struct ScenarioFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func files(in folder: String) -> [String] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0).path }
    }

    /// Every example validates, data files and objectives included, and plans enough samples for
    /// every objective it sets (--strict fails on a warning).
    @Test func everyExampleValidates() throws {
        let examples = Self.files(in: "scenarios")
        #expect(examples.count >= 6)
        for example in examples {
            let result = try GauntletProcess.run(["validate", "--strict", example])
            #expect(result.status == 0, "\(example): \(result.stdout)\(result.stderr)")
            #expect(!result.stdout.contains("warning"), "\(example): \(result.stdout)")
        }
    }

    /// Every malformed scenario of the corpus is refused by `gauntlet run` with exit 2 and one
    /// located line (file:line:column or file: for a file-wide problem), before anything is sent.
    @Test func everyMalformedScenarioExitsTwoWithALocatedError() throws {
        let corpus = Self.files(in: "Tests/GauntletCoreTests/ScenarioCorpus")
        #expect(corpus.count >= 25)
        for file in corpus {
            let result = try GauntletProcess.run(["run", file])
            #expect(result.status == 2, "\(file): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(file): \(result.stderr)")
            #expect(result.stderr.hasPrefix(file + ":"), "\(file): \(result.stderr)")
            #expect(!result.stderr.contains("gauntlet: GET") && !result.stderr.contains("report written"))
        }
    }
}

/// The documentation names every error kind a report can hold.
@Suite struct ErrorKindDocumentationTests {
    @Test(arguments: ["README.md", "docs/report.md"])
    func everyErrorKindIsDocumented(file: String) throws {
        let text = try String(contentsOf: ScenarioFilesTests.root.appendingPathComponent(file), encoding: .utf8)
        let section = try #require(text.range(of: "Error kinds")).upperBound
        let rest = String(text[section...])
        for kind in ErrorKind.allCases {
            #expect(rest.contains("`\(kind.rawValue)`"), "\(file) does not name the error kind '\(kind.rawValue)'")
        }
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import GauntletRun
import Synchronization
import Testing

/// Report names never collide and a report is written whole: runs in the same second, even at
/// the same instant from several threads, each keep their own files.
@Suite struct ReportFilesTests {
    static func result() throws -> RunResult {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let loaded = try ScenarioLoader.load(QuickLook(
            url: try RequestSpec.parseURL(server.baseURL + "/"), load: .rate(50, arrivals: .constant),
            duration: 200_000_000))
        return try RunPipeline(RunRequest(scenario: loaded, workers: 1)).execute().result
    }

    @Test func resultsOfTheSameSecondKeepTheirOwnFiles() throws {
        let result = try Self.result()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-names-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Eight writers at once, all for the same start second.
        let written = Mutex<[ReportFiles.Written]>([])
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                if let files = try? ReportFiles.write(result, to: folder, name: "same") { written.withLock { $0.append(files) } }
                group.leave()
            }
        }
        group.wait()
        let all = written.withLock { $0 }
        #expect(all.count == 8)
        #expect(Set(all.map(\.json)).count == 8 && Set(all.map(\.html)).count == 8)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 16, "\(files.sorted())")
        // Each JSON is whole: it decodes to the run it was written from.
        for files in all {
            let decoded = try RunResult.decode(Data(contentsOf: URL(fileURLWithPath: files.json)))
            #expect(decoded.summary.requests.completed == result.summary.requests.completed)
        }
        // No temporary file is left behind.
        #expect(files.allSatisfy { $0.hasSuffix(".json") || $0.hasSuffix(".html") })
    }
}

/// A comparison's files: its JSON and its page beside it, under names that never collide.
@Suite struct ComparisonReportFilesTests {
    static func comparison() throws -> CompareResult {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GauntletReportTests/Golden/compare-models.json")
        return try CompareResult.decode(Data(contentsOf: fixture))
    }

    @Test func thePageIsWrittenBesideTheJSON() throws {
        let comparison = try Self.comparison()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-compare-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try ReportFiles.write(comparison, to: folder, name: "compare models")
        let second = try ReportFiles.write(comparison, to: folder, name: "compare models")
        #expect(URL(fileURLWithPath: first.json).lastPathComponent.hasPrefix("compare-models-compare-"))
        for written in [first, second] {
            #expect(written.html == String(written.json.dropLast(".json".count)) + ".html")
            let decoded = try CompareResult.decode(Data(contentsOf: URL(fileURLWithPath: written.json)))
            #expect(decoded.objectives == comparison.objectives)
            let page = try String(contentsOfFile: written.html, encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<h1>compare-models-short</h1>"))
        }
        #expect(first.json != second.json)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 4)
    }
}

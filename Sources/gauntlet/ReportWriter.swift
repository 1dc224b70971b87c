import Foundation
import GauntletReport

/// Saves a run's reports where the user asked; failing to write one is exit 3.
enum ReportWriter {
    /// Where one run's files went.
    struct Written {
        var json: String
        var html: String
    }

    /// Writes `<folder>/<name>-<UTC start>.json` and `.html` beside it.
    static func write(_ report: RunReport, to folder: String, name: String) throws -> Written {
        let stamp = timestamp(report.environment.startedAt)
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        let base = URL(fileURLWithPath: folder).appendingPathComponent("\(safeName)-\(stamp)")
        let json = base.appendingPathExtension("json"), html = base.appendingPathExtension("html")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(folder, error)
        }
        try save(try report.encoded(), to: json.path)
        try save(Data(HTMLReportRenderer.render(report).utf8), to: html.path)
        return Written(json: json.path, html: html.path)
    }

    /// Writes `text` to `path` atomically, creating its folder.
    static func save(_ text: String, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(path, error)
        }
        try save(Data(text.utf8), to: path)
    }

    private static func save(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw failure(path, error)
        }
    }

    /// Appends the Markdown summary to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
    static func appendStepSummary(_ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            throw failure(path, error)
        }
    }

    private static func failure(_ path: String, _ error: Error) -> ExitStatus {
        FileHandle.standardError.send(Data("gauntlet: error: cannot write the report to \(path): \(error.localizedDescription)\n".utf8))
        return ExitStatus.couldNotRun
    }

    /// 20261129T061500Z
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

import Foundation
import GauntletCore
import GauntletReport

/// Writes a result's files where the user asked: the JSON and the HTML page beside it, and on
/// request JUnit XML and Markdown. Every file is written whole or not at all (a temporary file
/// renamed into place), and two runs never take the same name.
public enum ReportFiles {
    /// Where one result's files went.
    public struct Written: Sendable {
        public var json: String
        public var html: String
    }

    /// Writes `<folder>/<name>-<UTC start>[-segment-K-of-N].json` and `.html` beside it. A name
    /// already taken (another run in the same second) gets `-2`, `-3`, … before its extension.
    public static func write(_ result: RunResult, to folder: String, name: String) throws(ReportFileError) -> Written {
        var stem = "\(safe(name))-\(timestamp(result.environment.startedAt))"
        if let segment = result.segment, segment.count > 1 { stem += "-segment-\(segment.index)-of-\(segment.count)" }
        if let merged = result.mergedFrom, !merged.isEmpty { stem += "-merged" }
        return try write(stem: stem, to: folder, encoded: { try result.encoded() }, page: { HTMLReportRenderer.render(result) })
    }

    /// Writes a comparison's `<folder>/<name>-compare-<UTC start>.json` and its page, `.html`
    /// beside it, named and written as a run's report is: never over another file, whole or not at all.
    public static func write(_ comparison: CompareResult, to folder: String, name: String) throws(ReportFileError) -> Written {
        try write(
            stem: "\(safe(name))-compare-\(timestamp(comparison.environment.startedAt))", to: folder,
            encoded: { try comparison.encoded() }, page: { ComparisonHTMLRenderer.render(comparison) })
    }

    /// Writes a capacity search's `<folder>/<name>-capacity-<UTC start>.json` and its page beside it.
    public static func write(_ capacity: CapacityResult, to folder: String, name: String) throws(ReportFileError) -> Written {
        try write(
            stem: "\(safe(name))-capacity-\(timestamp(capacity.environment.startedAt))", to: folder,
            encoded: { try capacity.encoded() }, page: { CapacityHTMLRenderer.render(capacity) })
    }

    /// The JSON under a name no other report has taken, and its page beside it.
    private static func write(
        stem: String, to folder: String, encoded: () throws -> Data, page: () -> String
    ) throws(ReportFileError) -> Written {
        try createFolder(folder)
        let json = try claim(folder: folder, stem: stem)
        let html = String(json.dropLast(".json".count)) + ".html"
        let data: Data
        do { data = try encoded() } catch { throw ReportFileError(path: json, reason: "\(error)") }
        try save(data, to: json)
        try save(Data(page().utf8), to: html)
        return Written(json: json, html: html)
    }

    /// Writes `text` to `path` whole, creating its folder.
    public static func save(_ text: String, to path: String) throws(ReportFileError) {
        try createFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        try save(Data(text.utf8), to: path)
    }

    /// Appends the Markdown summary to the file GitHub Actions names in `$GITHUB_STEP_SUMMARY`.
    public static func appendStepSummary(
        _ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ReportFileError) {
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
            throw ReportFileError(path: path, reason: error.localizedDescription)
        }
    }

    /// 20261129T061500Z
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// Letters, digits, `-` and `_` kept; anything else becomes `-`.
    static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    /// Creates `<stem>.json` exclusively (O_EXCL), trying `<stem>-2.json`, `-3`, … while the
    /// name is taken, so concurrent runs never write over each other.
    private static func claim(folder: String, stem: String) throws(ReportFileError) -> String {
        for attempt in 1...1_000 {
            let base = attempt == 1 ? stem : "\(stem)-\(attempt)"
            let path = URL(fileURLWithPath: folder).appendingPathComponent(base + ".json").path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                close(descriptor)
                // The page is claimed with it: a leftover HTML of that name would be overwritten.
                if FileManager.default.fileExists(atPath: String(path.dropLast(5)) + ".html") {
                    unlink(path)
                    continue
                }
                return path
            }
            guard errno == EEXIST else {
                throw ReportFileError(path: path, reason: String(cString: strerror(errno)))
            }
        }
        throw ReportFileError(path: "\(folder)/\(stem).json", reason: "1,000 files of that name exist already")
    }

    private static func createFolder(_ folder: String) throws(ReportFileError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportFileError(path: folder, reason: error.localizedDescription)
        }
    }

    private static func save(_ data: Data, to path: String) throws(ReportFileError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReportFileError(path: path, reason: error.localizedDescription)
        }
    }
}

/// A report file that could not be written: the run could not be carried out (exit 3).
public struct ReportFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot write the report to \(path): \(reason)" }
}

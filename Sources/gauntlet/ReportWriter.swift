import Foundation
import GauntletReport

/// Saves a run's report where the user asked; failing to write it is exit 3.
enum ReportWriter {
    static func write(_ report: RunReport, to folder: String, name: String) throws -> String {
        let stamp = timestamp(report.environment.startedAt)
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        let url = URL(fileURLWithPath: folder).appendingPathComponent("\(safeName)-\(stamp).json")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try report.encoded().write(to: url, options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("gauntlet: error: cannot write the report to \(url.path): \(error.localizedDescription)\n".utf8))
            throw ExitStatus.couldNotRun
        }
        return url.path
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

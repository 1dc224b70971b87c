import Foundation
import GauntletCore

/// How every renderer writes a figure, so the HTML page, the Markdown summary, the JUnit file
/// and the terminal agree to the digit.
enum FigureFormat {
    /// A value in an objective's unit: `4.84ms`, `0.100%`, `101.7/s`, `6.5585`.
    static func value(_ value: Double, unit: String) -> String {
        TextReportRenderer.format(value, unit: unit)
    }

    /// A margin with its sign, in the objective's unit: `+45.2ms`, `−4.247%`.
    static func margin(_ margin: Double, unit: String) -> String {
        let sign = margin < 0 ? "−" : "+"
        return sign + value(abs(margin), unit: unit)
    }

    /// The threshold as a condition: `< 50.0ms`, `>= 95.000%`.
    static func threshold(_ objective: RunResult.ObjectiveRecord) -> String {
        "\(objective.comparator) \(value(objective.threshold, unit: objective.unit))"
    }

    /// `warn at 25.0ms`, or nil without a warn threshold.
    static func warnThreshold(_ objective: RunResult.ObjectiveRecord) -> String? {
        objective.warnThreshold.map { "warn at \(value($0, unit: objective.unit))" }
    }

    /// A count with thousands separated by a thin space: `12 345`.
    static func count(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "\u{202F}" }
            text.append(digit)
        }
        return text
    }

    static func milliseconds(_ value: Double) -> String { TextSummaryRenderer.milliseconds(value) }
    static func rate(_ value: Double) -> String { TextSummaryRenderer.rate(value) }
    static func seconds(_ value: Double) -> String { TextSummaryRenderer.seconds(value) }
    static func percent(_ fraction: Double, digits: Int = 2) -> String { (fraction * 100).formatted(fractionDigits: digits) + "%" }

    /// The error rate of a run: errors over completed requests.
    static func errorRate(_ requests: RunSummary.Requests) -> Double {
        requests.completed == 0 ? 0 : Double(requests.errors) / Double(requests.completed)
    }

    /// `2026-11-29 06:40:45 UTC`.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
    }
}

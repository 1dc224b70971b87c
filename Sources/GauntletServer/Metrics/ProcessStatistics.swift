import Foundation

/// A process's CPU seconds and resident memory, from /proc: the server's own for `/metrics`, or
/// the embedded server's as seen by the run that started it.
public struct ProcessStatistics: Sendable {
    public var cpuSeconds: Double
    public var residentBytes: UInt64
    public var peakResidentBytes: UInt64

    /// This process's figures, or those of process `pid`; nil when it is gone.
    public static func current(pid: Int32? = nil) -> ProcessStatistics? {
        let folder = pid.map { "/proc/\($0)" } ?? "/proc/self"
        guard let stat = try? String(contentsOfFile: "\(folder)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "\(folder)/status", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        func kilobytes(_ key: String) -> UInt64 {
            status.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } }.map { $0 * 1024 } ?? 0
        }
        return ProcessStatistics(cpuSeconds: cpu, residentBytes: kilobytes("VmRSS:"), peakResidentBytes: kilobytes("VmHWM:"))
    }
}

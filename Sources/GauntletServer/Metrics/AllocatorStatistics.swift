import Foundation
#if canImport(CJemalloc)
import CJemalloc
import CJemallocConf
#endif

/// Which allocator the server runs on and what it holds, from jemalloc's own statistics (mallctl)
/// when it is linked in: the proof that it is in effect, on the start-up line and in `/metrics`.
public struct AllocatorStatistics: Sendable, Equatable {
    public var name: String
    public var version: String
    /// The options it runs with (compiled in, then MALLOC_CONF).
    public var options: String
    /// Bytes handed out to the program.
    public var allocated: UInt64?
    /// Bytes in pages holding live allocations.
    public var active: UInt64?
    /// Bytes in physically resident pages the allocator maps.
    public var resident: UInt64?

    public static func current() -> AllocatorStatistics {
        #if canImport(CJemalloc)
        let version = gauntlet_jemalloc_version().map { String(cString: $0) } ?? "unknown"
        let compiled = String(cString: gauntlet_malloc_conf())
        let environment = ProcessInfo.processInfo.environment["MALLOC_CONF"].map { " + MALLOC_CONF=\($0)" } ?? ""
        // What jemalloc actually parsed, which is what counts.
        let parsed = "narenas=\(gauntlet_jemalloc_unsigned_option("opt.narenas"))"
            + " background_thread=\(gauntlet_jemalloc_bool_option("opt.background_thread") == 1)"
            + " dirty_decay_ms=\(gauntlet_jemalloc_ssize_option("opt.dirty_decay_ms"))"
            + " muzzy_decay_ms=\(gauntlet_jemalloc_ssize_option("opt.muzzy_decay_ms"))"
        return AllocatorStatistics(
            name: "jemalloc", version: version, options: "\(compiled)\(environment) (in effect: \(parsed))",
            allocated: UInt64(gauntlet_jemalloc_size("stats.allocated")),
            active: UInt64(gauntlet_jemalloc_size("stats.active")),
            resident: UInt64(gauntlet_jemalloc_size("stats.resident")))
        #else
        return AllocatorStatistics(name: "glibc", version: "system", options: "", allocated: nil, active: nil, resident: nil)
        #endif
    }

    /// For the start-up line.
    public var summary: String {
        name == "jemalloc" ? "allocator jemalloc \(version), \(options)" : "allocator glibc malloc (built with GAUNTLET_ALLOCATOR=system)"
    }
}

// swift-tools-version:6.1
import PackageDescription

// Linux only: the load engine sleeps on a timerfd, and the embedded server and the resource
// figures read /proc. (Nothing here is meant to build on macOS.)
//
// The reference server runs on jemalloc (docs/server.md). `GAUNTLET_ALLOCATOR=system swift build`
// builds it on glibc's malloc instead, for the allocator benchmark.
let useJemalloc = Context.environment["GAUNTLET_ALLOCATOR"] != "system"
let allocatorTargets: [Target.Dependency] = useJemalloc ? ["CJemalloc", "CJemallocConf"] : []

// libFuzzer targets (Tests/Fuzz, docs/fuzzing.md), only when `make fuzz` asks for them: each
// links libFuzzer's own main, so they build only with `-sanitize=fuzzer`.
let fuzzing = Context.environment["GAUNTLET_FUZZ"] != nil
let fuzzTargets: [(product: String, target: String, dependencies: [Target.Dependency])] = [
    ("fuzz-scenario", "ScenarioReaderFuzz", ["GauntletCore"]),
    ("fuzz-objective", "ObjectiveParserFuzz", ["GauntletCore"]),
    ("fuzz-csv", "CSVReaderFuzz", ["GauntletCore"]),
    ("fuzz-histogram", "HistogramDecoderFuzz", ["GauntletCore", .product(name: "Histogram", package: "hdrhistogram-swift")]),
    ("fuzz-json", "JSONValueFuzz", ["GauntletServer"]),
    ("fuzz-v2-request", "InferRequestFuzz", ["GauntletServer"]),
]

let package = Package(
    name: "Gauntlet",
    products: [
        .executable(name: "gauntlet", targets: ["gauntlet"]),
        .library(name: "GauntletCore", targets: ["GauntletCore"]),
        .library(name: "GauntletLoad", targets: ["GauntletLoad"]),
        .library(name: "GauntletRun", targets: ["GauntletRun"]),
    ] + (fuzzing ? fuzzTargets.map { Product.executable(name: $0.product, targets: [$0.target]) } : []),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libcurl, with typed wrappers for its variadic setopt/getinfo (C stays at the edge).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // zlib, for the standard HdrHistogram V2 compressed encoding.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // jemalloc, replacing malloc for the whole process when linked; mallctl for its statistics.
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // The malloc_conf symbol jemalloc reads at start-up: the server's tuned options.
        .target(name: "CJemallocConf"),
        // Schedules, recording, figures, the gate: pure logic, no I/O.
        .target(
            name: "GauntletCore",
            dependencies: [
                "CZlib",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The libcurl load engine: workers, timers, the recorder's per-second collector.
        .target(
            name: "GauntletLoad",
            dependencies: ["GauntletCore", "CCurl"]
        ),
        // Renderers: a result in, bytes out.
        .target(
            name: "GauntletReport",
            dependencies: ["GauntletCore"]
        ),
        // The reference inference server: HTTP, routes, models, batcher, admission, faults, metrics.
        .target(
            name: "GauntletServer",
            dependencies: allocatorTargets + [
                "GauntletCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // A run as a library call: scenario in, result and verdict out; reports to files; merges.
        .target(
            name: "GauntletRun",
            dependencies: ["GauntletCore", "GauntletLoad", "GauntletReport", "GauntletServer"]
        ),
        // The CLI: parses flags, prints, picks exit codes.
        .executableTarget(
            name: "gauntlet",
            dependencies: [
                "GauntletCore", "GauntletRun", "GauntletReport", "GauntletServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // HTTP servers with known behaviour (fixed delay, periodic stall) that the tests measure against.
        .target(
            name: "GauntletFixtures",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "GauntletCoreTests", dependencies: ["GauntletCore"], exclude: ["ScenarioCorpus", "Fixtures"]),
        .testTarget(name: "GauntletLoadTests", dependencies: ["GauntletLoad", "GauntletCore", "GauntletFixtures"]),
        .testTarget(name: "GauntletServerTests", dependencies: ["GauntletServer", "GauntletCore", "GauntletFixtures"]),
        .testTarget(name: "GauntletReportTests", dependencies: ["GauntletReport", "GauntletCore"], exclude: ["Golden"]),
        .testTarget(name: "GauntletRunTests", dependencies: ["GauntletRun", "GauntletCore", "GauntletFixtures"]),
        // End-to-end: the built `gauntlet` executable as a user runs it.
        .testTarget(name: "GauntletCLITests", dependencies: ["GauntletFixtures", "GauntletCore", "GauntletReport"]),
    ] + (fuzzing ? fuzzingTargets : [])
)

/// Built only with GAUNTLET_FUZZ set (`make fuzz`): `@_extern` is experimental, and the targets
/// need `-sanitize=fuzzer`, which an ordinary build does not pass.
var fuzzingTargets: [Target] {
    let extern: [SwiftSetting] = [.enableExperimentalFeature("Extern")]
    return [.target(name: "FuzzDriver", path: "Tests/Fuzz/FuzzDriver", swiftSettings: extern)]
        + fuzzTargets.map {
            .executableTarget(
                name: $0.target, dependencies: $0.dependencies + ["FuzzDriver"], path: "Tests/Fuzz/\($0.target)",
                swiftSettings: extern)
        }
}

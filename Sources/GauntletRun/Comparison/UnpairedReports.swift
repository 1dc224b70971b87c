import Foundation
import GauntletCore

extension SavedResults {
    /// Two saved run reports compared unpaired (``UnpairedComparison``), named `baseline` and
    /// `candidate` (their files are in the result beside them). Refuses, naming the file: one that is missing, not a run
    /// report (a comparison's included), or the same file twice. Different scenarios, requests or
    /// load are not refused: the whole-run figures still line up, and the result warns of them.
    public static func compareUnpaired(
        baseline: String, candidate: String, environment: RunResult.EnvironmentInfo
    ) throws(ResultFileError) -> CompareResult {
        let paths = [baseline, candidate].map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
        if paths[0] == paths[1] {
            throw ResultFileError(file: candidate, "the same report as the baseline: give two runs to compare")
        }
        let baselineResult = try read(baseline), candidateResult = try read(candidate)
        return UnpairedComparison(
            baseline: .init(name: "baseline", file: baseline, result: baselineResult),
            candidate: .init(name: "candidate", file: candidate, result: candidateResult),
            environment: environment
        ).result
    }
}

import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

/// `gauntlet compare a.json b.json`: two saved run reports compared unpaired. Nothing is sent;
/// the library (``SavedResults/compareUnpaired(baseline:candidate:environment:)``) does the work.
extension CompareCommand {
    /// One scenario, or two saved reports; anything else is bad input (exit 2), naming the file.
    func validateInputs() throws {
        switch inputs.count {
        case 1 where inputs[0].lowercased().hasSuffix(".json"):
            throw ValidationError("\(inputs[0]): one saved report alone: give two (the baseline first) to compare them unpaired")
        case 1, 2:
            break
        default:
            throw ValidationError("\(inputs.dropFirst(2).joined(separator: ", ")): too many inputs: give one scenario, "
                + "or two saved run reports (the baseline first)")
        }
    }

    func runUnpaired(baseline: String, candidate: String) throws {
        let result: CompareResult
        do {
            let now = Date()
            result = try SavedResults.compareUnpaired(
                baseline: baseline, candidate: candidate, environment: .current(startedAt: now, endedAt: now))
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.badInput
        }
        try deliver(result.judged(strict: report.strict), name: result.scenario?.name ?? QuickLook.runName)
    }
}

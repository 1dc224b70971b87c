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
        var result: CompareResult
        do {
            let now = Date()
            result = try SavedResults.compareUnpaired(
                baseline: baseline, candidate: candidate, environment: .current(startedAt: now, endedAt: now))
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.badInput
        }
        if strict {
            result.strict = true
            if result.verdict == .warn { result.verdict = .fail }
        }
        // As a scenario comparison delivers its result (CompareCommand.run): the file, then the output.
        var written: String?
        var failure: (any Error)?
        do {
            written = try ReportFiles.write(result, to: out, name: result.scenario?.name ?? QuickLook.runName)
        } catch {
            failure = error
        }
        if json {
            FileHandle.standardOutput.send(try result.encoded())
            FileHandle.standardOutput.send(Data("\n".utf8))
        } else if !quiet {
            FileHandle.standardOutput.send(Data(ComparisonTextRenderer.render(result).utf8))
        }
        if let written, !quiet { Console.error("gauntlet: comparison written to \(written)") }
        if let failure {
            Console.error("gauntlet: error: \(failure)")
            throw ExitStatus.couldNotRun
        }
        let code = result.verdict.exitCode(strict: strict)
        if code != 0 {
            if quiet && !json { Console.error("gauntlet: comparison \(result.verdict.word)") }
            throw ExitStatus(code: code)
        }
    }
}

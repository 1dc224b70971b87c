import ArgumentParser
import Foundation
import GauntletCore

@main
struct Gauntlet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gauntlet",
        abstract: "Load testing and SLO verification for inference services.",
        discussion: """
            Exit codes: 0 success · 1 an objective failed or the run was inconclusive · \
            2 bad input, nothing sent · 3 the run could not be carried out (target unreachable) · \
            130/143 interrupted.
            """,
        version: GauntletVersion.current,
        subcommands: [RunCommand.self, CompareCommand.self, CapacityCommand.self, ValidateCommand.self, ReportCommand.self, MergeCommand.self, ServeCommand.self])

    /// Parses, runs, and maps every failure to the exit codes documented in the README,
    /// rather than swift-argument-parser's own (64 for usage errors).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitStatus {
            Foundation.exit(exit.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = message(for: error)
            FileHandle.standardError.send(Data("gauntlet: error: \(message)\n".utf8))
            Foundation.exit(code == .validationFailure ? ExitStatus.badInput.code : code.rawValue)
        }
    }
}

/// The process exit codes, one meaning each.
struct ExitStatus: Error {
    let code: Int32
    static let success = ExitStatus(code: 0)
    static let gateFailed = ExitStatus(code: 1)
    static let badInput = ExitStatus(code: 2)
    static let couldNotRun = ExitStatus(code: 3)
    static let interrupted = ExitStatus(code: 130)
    static let terminated = ExitStatus(code: 143)
}

import Foundation
import GauntletCore

/// The run summary as JSON (`gauntlet run --json`): the report's dialect, times in
/// milliseconds unless a key says otherwise.
public enum JSONSummaryRenderer {
    public static func render(_ summary: RunSummary) throws -> Data {
        try ResultJSON.encoder().encode(summary)
    }
}

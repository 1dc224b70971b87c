import GauntletCore
import GauntletLoad

extension ScenarioLoader {
    /// HTTP/2 only where it can work, checked before anything is sent: never to the embedded
    /// reference server (it speaks HTTP/1.1), and over http:// only where libcurl keeps
    /// prior-knowledge connections working (``CurlCapabilities``).
    static func checkHTTP(_ scenario: Scenario, asked flag: String) throws(ScenarioError) {
        guard scenario.load.http == .http2 else { return }
        // A quick look's errors are named by the flag; a scenario's by its file, the flag said.
        let via = scenario.file.isEmpty ? "" : " (\(flag))"
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(file: scenario.file.isEmpty ? flag : scenario.file, line: 0, column: 0, message: message)
        }
        let targets = scenario.comparesCandidates
            ? scenario.candidates.map { $0.target ?? ($0.server == nil ? scenario.target : nil) }
            : [scenario.target]
        if targets.contains(where: { $0 == nil }) {
            throw refuse("HTTP/2\(via): the embedded reference server speaks HTTP/1.1 only; give a target that speaks HTTP/2")
        }
        for target in targets.compactMap({ $0 }) {
            if let problem = CurlCapabilities.http2Problem(url: target) { throw refuse("HTTP/2\(via) to \(target): \(problem)") }
        }
    }
}

import ArgumentParser
import GauntletCore
import GauntletLoad
import GauntletRun

/// `--cacert`, `--cert`, `--key` and `--insecure`: curl's names, which users already know.
/// They override the scenario's `tls:` section; the merge is ``TLSOptions``'.
struct TLSFlags: ParsableArguments {
    @Option(name: .customLong("cacert"), help: ArgumentHelp(
        "Trust the CAs in this PEM bundle, in place of the system's bundle file.",
        valueName: "file"))
    var caFile: String?

    @Option(name: .customLong("cert"), help: ArgumentHelp(
        "Client certificate (PEM) for mutual TLS; without --key the file must hold the key too.", valueName: "file"))
    var certificateFile: String?

    @Option(name: .customLong("key"), help: ArgumentHelp("The client certificate's private key (PEM, not encrypted).", valueName: "file"))
    var keyFile: String?

    @Flag(inversion: .prefixedNo, help: "Do not verify the server's certificate; --no-insecure verifies even when the scenario's tls.insecure says not to.")
    var insecure: Bool?

    /// The run's TLS settings, every file checked; a problem is bad input (exit 2), nothing sent.
    func settings(for scenario: Scenario) throws -> TLSSettings {
        let options = TLSOptions(caFile: caFile, certificateFile: certificateFile, keyFile: keyFile, insecure: insecure)
        do { return try options.settings(for: scenario) } catch { throw ValidationError(error.description) }
    }
}

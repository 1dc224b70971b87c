import Foundation
import GauntletCore
import GauntletLoad

/// TLS as the command line sets it (`--cacert`, `--cert`, `--key`, `--insecure`), merged with the
/// scenario's `tls:` section and the environment into what the engine uses.
///
/// Each setting comes from a flag, else from the scenario; the CA bundle then from
/// `CURL_CA_BUNDLE`, else `SSL_CERT_FILE` (as curl's own command line reads them; libcurl does
/// not), else libcurl's built-in bundle. A certificate and its key are one choice: `--cert`
/// replaces the scenario's pair, so a key is never matched with someone else's certificate.
public struct TLSOptions: Sendable, Equatable {
    /// `--cacert`, relative to the working directory.
    public var caFile: String?
    /// `--cert`.
    public var certificateFile: String?
    /// `--key`; only with `--cert`.
    public var keyFile: String?
    /// `--insecure` (true) or `--no-insecure` (false); nil leaves it to the scenario.
    public var insecure: Bool?

    /// Read in this order when neither a flag nor the scenario names a CA bundle.
    public static let caEnvironmentVariables = ["CURL_CA_BUNDLE", "SSL_CERT_FILE"]

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, insecure: Bool? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecure = insecure
    }

    /// One file the run will use, and who named it.
    struct Choice: Equatable {
        enum Origin: Equatable {
            case flag(String)
            /// The scenario file, and the section's key.
            case scenario(file: String, key: String, line: Int, column: Int)
            case environment(String)
        }
        var path: String
        var resolvedPath: String
        var origin: Origin

        /// `problem`, said the way its origin is named: a located scenario error, or the flag
        /// or variable first.
        func explain(_ problem: String) -> String {
            switch origin {
            case .flag(let name), .environment(let name): "\(name): \(problem)"
            case .scenario(let file, let key, let line, let column):
                ScenarioError(file: file, line: line, column: column, message: "tls \(key): \(problem)").description
            }
        }
    }

    /// The merged choices, before any file is read.
    struct Merged: Equatable {
        var ca: Choice?
        var certificate: Choice?
        var key: Choice?
        var insecure: Bool
    }

    /// Applies the precedence; reads no file.
    /// - Parameter directory: what flags' and variables' relative paths are relative to.
    func merged(with scenario: Scenario, environment: [String: String], directory: String) -> Merged {
        func given(_ path: String, _ origin: Choice.Origin) -> Choice {
            let resolved = path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardized.path
            return Choice(path: path, resolvedPath: resolved, origin: origin)
        }
        func written(_ file: TLSSection.File?, _ key: String) -> Choice? {
            file.map {
                Choice(
                    path: $0.path, resolvedPath: $0.resolvedPath,
                    origin: .scenario(file: scenario.file, key: key, line: $0.line, column: $0.column))
            }
        }
        let section = scenario.tls
        let insecure = self.insecure ?? section?.insecure ?? false
        var ca = caFile.map { given($0, .flag("--cacert")) } ?? written(section?.ca, "ca")
        // Without verification no CA is used, so the environment's is not looked at (as curl -k does).
        if ca == nil && !insecure {
            ca = Self.caEnvironmentVariables.lazy.compactMap { name in
                environment[name].flatMap { $0.isEmpty ? nil : given($0, .environment(name)) }
            }.first
        }
        let certificate: Choice?, key: Choice?
        if let certificateFile {
            certificate = given(certificateFile, .flag("--cert"))
            key = keyFile.map { given($0, .flag("--key")) }
        } else {
            certificate = written(section?.cert, "cert")
            key = written(section?.key, "key")
        }
        return Merged(ca: ca, certificate: certificate, key: key, insecure: insecure)
    }

    /// The settings for a run of `scenario`, every file named checked before anything is sent.
    /// - Throws: ``TLSProblem``: bad input, naming the flag, scenario key or variable at fault.
    public func settings(
        for scenario: Scenario, environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = FileManager.default.currentDirectoryPath
    ) throws(TLSProblem) -> TLSSettings {
        if keyFile != nil && certificateFile == nil {
            throw TLSProblem("--key goes with --cert: a key alone presents no certificate")
        }
        let merged = merged(with: scenario, environment: environment, directory: directory)
        let checks: [(Choice?, TLSFileCheck.Role)] = [
            (merged.ca, .ca), (merged.certificate, .certificate(holdsKey: merged.key == nil)), (merged.key, .key),
        ]
        for case let (choice?, role) in checks {
            if let problem = TLSFileCheck.problem(role, path: choice.path, resolvedPath: choice.resolvedPath) {
                throw TLSProblem(choice.explain(problem))
            }
        }
        return TLSSettings(
            caFile: merged.ca?.resolvedPath, certificateFile: merged.certificate?.resolvedPath,
            keyFile: merged.key?.resolvedPath, insecure: merged.insecure)
    }
}

/// A TLS file that will not do, or flags that do not go together: bad input, nothing sent.
public struct TLSProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

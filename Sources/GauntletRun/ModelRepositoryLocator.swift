import Foundation
import GauntletCore

/// Finds the model repository of the embedded reference server, the way a user expects from
/// any folder: what they said (`--models`, then the scenario's `server: models:`, then
/// `$GAUNTLET_MODELS`), else the first place that holds models: `./models`, or the `models`
/// folder of the checkout or installation the `gauntlet` executable belongs to.
public struct ModelRepositoryLocator: Sendable {
    /// The environment variable naming a model repository.
    public static let environmentVariable = "GAUNTLET_MODELS"

    public var flag: String?
    /// The scenario's `server: models:`, already resolved against the scenario's folder.
    public var scenarioModels: String?
    public var environment: [String: String]
    public var currentDirectory: String
    public var executable: URL

    public init(
        flag: String?, scenarioModels: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: URL = EmbeddedServer.currentExecutable
    ) {
        self.flag = flag
        self.scenarioModels = scenarioModels
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.executable = executable
    }

    /// The folder to serve, or why none could be found, naming every place looked at.
    public func locate() throws(RunFailure) -> String {
        // What the user named is used as named; if it holds no models, the server says so.
        let named: [(String, String?)] = [
            ("--models", flag), ("the scenario's server: models:", scenarioModels),
            ("$\(Self.environmentVariable)", environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }),
        ]
        for case (let source, let path?) in named {
            guard Self.isDirectory(path) else {
                throw RunFailure("\(source) names '\(path)', which is not a folder; \(Self.advice)")
            }
            return path
        }
        let candidates = defaultCandidates
        if let found = candidates.first(where: Self.holdsModels) { return found }
        throw RunFailure(
            "no model repository for the embedded reference server: looked in \(candidates.joined(separator: ", ")); \(Self.advice)")
    }

    static let advice = "give --models FOLDER, 'server: models: FOLDER' in the scenario, or set $\(environmentVariable) "
        + "(a folder of <name>/<version>/model.json; the repository's own is models/), or give the scenario a 'target'"

    /// `./models`, then `models` beside each folder above the executable (a checkout's
    /// `.build/debug/gauntlet`), then `share/gauntlet/models` of an installation prefix.
    var defaultCandidates: [String] {
        var candidates = [URL(fileURLWithPath: currentDirectory).appendingPathComponent("models").standardized.path]
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder.appendingPathComponent("models").path)
            candidates.append(folder.appendingPathComponent("share/gauntlet/models").path)
            folder = folder.deletingLastPathComponent()
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// A folder with at least one `<name>/<version>/model.json`: a `models` folder that is
    /// something else is passed over.
    static func holdsModels(_ folder: String) -> Bool {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
            let modelFolder = (folder as NSString).appendingPathComponent(name)
            for version in (try? manager.contentsOfDirectory(atPath: modelFolder)) ?? []
            where manager.fileExists(atPath: "\(modelFolder)/\(version)/model.json") {
                return true
            }
        }
        return false
    }
}

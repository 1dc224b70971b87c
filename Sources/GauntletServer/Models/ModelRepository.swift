import Foundation

/// The models under a repository folder, laid out `<name>/<version>/model.json`, several
/// versions of a model loaded at once.
public struct ModelRepository: Sendable {
    public let models: [DenseModel]
    /// Generative models (`<name>/<version>/ngram.txt`), served at the OpenAI-compatible endpoints.
    public let generative: [NGramModel]

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads every `model.json` two levels below `folder`.
    public init(folder: String) throws(LoadError) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
            throw LoadError(description: "cannot read the model repository '\(folder)'")
        }
        var models: [DenseModel] = []
        var generative: [NGramModel] = []
        for name in names.sorted() {
            let modelFolder = (folder as NSString).appendingPathComponent(name)
            let versions = (try? manager.contentsOfDirectory(atPath: modelFolder)) ?? []
            // Numeric versions in numeric order (1, 2, 10), as metadata lists them.
            for version in versions.sorted(by: { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }) {
                let versionFolder = (modelFolder as NSString).appendingPathComponent(version) as NSString
                let ngram = versionFolder.appendingPathComponent("ngram.txt")
                if manager.fileExists(atPath: ngram) {
                    let model: NGramModel
                    do { model = try NGramModel(path: ngram) } catch { throw LoadError(description: error.description) }
                    guard model.name == name, model.version == version else {
                        throw LoadError(description: "\(ngram) says it is \(model.name) version \(model.version)")
                    }
                    generative.append(model)
                    continue
                }
                let path = versionFolder.appendingPathComponent("model.json")
                guard let data = manager.contents(atPath: path) else { continue }
                do {
                    let definition = try JSONDecoder().decode(ModelDefinition.self, from: data)
                    guard definition.name == name, definition.version == version else {
                        throw LoadError(description: "\(path) says it is \(definition.name) version \(definition.version)")
                    }
                    models.append(try DenseModel(definition))
                } catch let error as LoadError {
                    throw error
                } catch {
                    throw LoadError(description: "\(path): \(error)")
                }
            }
        }
        guard !models.isEmpty || !generative.isEmpty else { throw LoadError(description: "no model.json or ngram.txt under '\(folder)'") }
        self.models = models
        self.generative = generative
    }

    /// The generative model named `name` (its highest version).
    public func generativeModel(named name: String) -> NGramModel? {
        generative.filter { $0.name == name }.max { (Int($0.version) ?? 0) < (Int($1.version) ?? 0) }
    }

    /// The named model at `version`, or its highest version when none is given.
    public func model(named name: String, version: String? = nil) -> DenseModel? {
        let candidates = models.filter { $0.name == name }
        if let version { return candidates.first { $0.version == version } }
        return candidates.max { (Int($0.version) ?? 0, $0.version) < (Int($1.version) ?? 0, $1.version) }
    }
}

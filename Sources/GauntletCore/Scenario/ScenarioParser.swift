import Foundation
import Yams

/// Reads a scenario file's text into a validated `Scenario`, or the first problem found,
/// located by file, line and column. Reads no files itself: data and replay paths are
/// resolved against `folder` and checked by the loader that reads them.
public enum ScenarioParser {
    static let topLevelKeys = [
        "name", "description", "target", "candidates", "compare", "requests", "data", "load", "replay", "objectives", "cost",
        "server", "tls", "capacity", "goodput",
    ]

    public static func parse(yaml: String, file: String, folder: String) throws(ScenarioError) -> Scenario {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ScenarioError(file: file, line: 0, column: 0, message: "the file is empty; see docs/scenarios.md")
            }
            root = node
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw yamlSyntaxError(error, file: file)
        }
        let reader = ScenarioReader(file: file, folder: folder)
        return try reader.scenario(root)
    }

    static func yamlSyntaxError(_ error: any Error, file: String) -> ScenarioError {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, let yaml), .parser(let context, let problem, let mark, let yaml),
                .composer(let context, let problem, let mark, let yaml):
                let prefix = context.map { "\($0.text): " } ?? ""
                let hint = problem.contains("cannot start any token") && yamlLine(mark.line, of: yaml).contains("\t")
                    ? " (a tab: YAML is indented with spaces only)" : ""
                return ScenarioError(
                    file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(prefix)\(problem)\(hint)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                return ScenarioError(
                    file: file, line: context.mark.line, column: context.mark.column,
                    message: "duplicate key '\(duplicates.joined(separator: "', '"))'")
            default:
                break
            }
        }
        return ScenarioError(file: file, line: 0, column: 0, message: "invalid YAML: \(error)")
    }

    static func yamlLine(_ number: Int, of text: String) -> String {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        return number >= 1 && number <= lines.count ? String(lines[number - 1]) : ""
    }
}

/// The walk over the YAML tree; one method per section.
struct ScenarioReader {
    let file: String
    let folder: String
    /// The names candidates fill as `{{name}}`; any other placeholder is a data column.
    var candidateVariables: [String] = []
    var comparesCandidates = false
    var scalars: YAMLScalars { YAMLScalars(file: file) }

    func scenario(_ root: Node) throws(ScenarioError) -> Scenario {
        let top = try YAMLMapping(root, file: file, context: "the scenario")
        try top.allowOnly(ScenarioParser.topLevelKeys)
        let name = try top.optional("name").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "name") }
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let description = try top.optional("description").map { (node) throws(ScenarioError) in try scalars.string(node, "description") }
        let target = try top.optional("target").map { (node) throws(ScenarioError) in try targetURL(node) }
        let serverMapping = try top.mapping("server", context: "server")
        let server = try serverMapping.map { (mapping) throws(ScenarioError) in try serverSection(mapping) }
        let serverModels = try serverMapping.flatMap { (mapping) throws(ScenarioError) in try modelRepository(mapping) }
        if server != nil, target != nil, let node = top.keyNode("server") {
            throw .at(node, file: file, "'server' sets up the embedded reference server; this scenario has a 'target', so remove one of them")
        }
        // Candidates first: their variables decide which placeholders in the requests need data.
        let candidates = try top.optional("candidates").map { (node) throws(ScenarioError) in
            try self.candidates(node, key: top.keyNode("candidates"), server: server, serverModels: serverModels)
        } ?? []
        var reader = self
        reader.candidateVariables = candidates.first?.variables.map(\.name) ?? []
        reader.comparesCandidates = !candidates.isEmpty
        return try reader.scenario(
            top, name: name, description: description, target: target, server: server, serverModels: serverModels,
            candidates: candidates)
    }

    private func scenario(
        _ top: YAMLMapping, name: String, description: String?, target: String?, server: ServingOptions?,
        serverModels: String?, candidates: [Candidate]
    ) throws(ScenarioError) -> Scenario {
        let data = try dataSources(top.optional("data"))
        let replay = try top.mapping("replay", context: "replay").map { (mapping) throws(ScenarioError) in try replaySection(mapping) }
        if replay != nil, let node = top.optional("requests") {
            throw .at(node, file: file, "a replay sends the trace's own requests; remove 'requests' or the 'replay'")
        }
        let requests = try requestTemplates(top.optional("requests"), data: data, required: replay == nil, at: top.node)
        try checkVariableUse(candidates, requests: requests, data: data)
        let capacityMapping = try top.mapping("capacity", context: "capacity")
        let load = try loadSection(
            top.mapping("load", context: "load"), replay: replay, at: top.node, searchesCapacity: capacityMapping != nil)
        let compareMapping = try top.mapping("compare", context: "compare")
        if compareMapping != nil, candidates.isEmpty, let node = top.keyNode("compare") {
            throw .at(node, file: file, "'compare' sets how candidates are compared, and this scenario lists no 'candidates'")
        }
        let compare = candidates.isEmpty ? nil : try compareSection(
            compareMapping, candidatesKey: top.keyNode("candidates"), load: load, replay: replay, candidates: candidates.count,
            searchesCapacity: capacityMapping != nil)
        let objectives = try objectiveEntries(top.optional("objectives"))
        let cost = try top.mapping("cost", context: "cost").map { (mapping) throws(ScenarioError) in try costSection(mapping) }
        let capacity = try capacityMapping.map { (mapping) throws(ScenarioError) in try capacitySection(mapping, cost: cost) }
        if capacity != nil, replay != nil, let node = top.keyNode("capacity") {
            throw .at(node, file: file, "a capacity search sends the requests at rates it chooses; a replay sends a trace at its own times: remove one")
        }
        let tls = try top.mapping("tls", context: "tls").map { (mapping) throws(ScenarioError) in try tlsSection(mapping) }
        let goodput = try top.mapping("goodput", context: "goodput").map { (mapping) throws(ScenarioError) in
            try goodputSection(mapping, key: top.keyNode("goodput"), requests: requests)
        }
        let targets = candidates.isEmpty ? [target] : candidates.map { $0.target ?? ($0.server == nil ? target : nil) }
        try checkTLSApplies(tls, targets: targets, at: top.keyNode("tls"))

        var secrets = Set<String>()
        let candidateTexts = candidates.flatMap { [$0.target ?? ""] + $0.variables.map(\.value) }
        for text in [target ?? ""] + candidateTexts + requests.flatMap(\.secretBearingTexts) {
            secrets.formUnion(SecretReference.names(in: text))
        }
        return Scenario(
            file: file, name: name, description: description, target: target, requests: requests, data: data,
            load: load, replay: replay, objectives: objectives, cost: cost, server: server, tls: tls, secrets: secrets.sorted(),
            serverModels: serverModels, candidates: candidates, compare: compare, capacity: capacity, goodput: goodput)
    }

    func targetURL(_ node: Node) throws(ScenarioError) -> String {
        let text = try scalars.nonEmptyString(node, "target")
        // Secrets are checked after substitution; here only the shape, with them blanked.
        let blanked = SecretReference.blank(text)
        let url: URL
        do { url = try RequestSpec.parseURL(blanked) } catch { throw .at(node, file: file, "target: \(error)") }
        if url.query != nil || url.fragment != nil {
            throw .at(node, file: file, "target is a base URL that paths are appended to; move '?…' or '#…' into the requests' paths")
        }
        return text
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardized.path
    }
}

extension RequestTemplate {
    var secretBearingTexts: [String] {
        var texts = [path] + headers.map(\.value)
        switch body {
        case .literal(let text), .template(let text, _): texts.append(text)
        case .openAI(let openAI, _): texts += openAI.texts
        default: break
        }
        return texts
    }
}

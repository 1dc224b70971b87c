extension Scenario {
    /// `candidate`'s view of this scenario: a plain scenario, without candidates, whose requests
    /// have the candidate's variables filled in and go to its target or embedded server, and whose
    /// objectives are the absolute ones, which every candidate must meet on its own.
    ///
    /// What decides the traffic (phases, seed, data, mix, weights) is left as it is, so a
    /// `RequestCatalog` built from any candidate's view sends arrival *n* the same data rows.
    public func resolved(for candidate: Candidate) -> Scenario {
        var view = self
        let values = candidate.values
        view.requests = requests.map { $0.filled(with: values) }
        if let target = candidate.target {
            view.target = target
            view.server = nil
            view.serverModels = nil
        } else if let server = candidate.server {
            view.target = nil
            view.server = server
            view.serverModels = candidate.serverModels
        }
        // The section is for https targets; another candidate's may be the one it was written for.
        if view.target?.lowercased().hasPrefix("https://") != true { view.tls = nil }
        view.objectives = objectives.filter { !$0.isRelative }
        view.candidates = []
        view.compare = nil
        var secrets = Set<String>()
        for text in [view.target ?? ""] + view.requests.flatMap(\.secretBearingTexts) {
            secrets.formUnion(SecretReference.names(in: text))
        }
        view.secrets = secrets.sorted()
        return view
    }

    /// Refuses a candidate variable that shares its name with a column of a data source, as
    /// read from its file (`tables`, by source name): `{{name}}` would then be ambiguous.
    public func checkCandidateVariables(against tables: [String: DataTable]) throws(ScenarioError) {
        guard let first = candidates.first else { return }
        for variable in first.variables {
            for source in data {
                guard let table = tables[source.name], table.columns.contains(variable.name) else { continue }
                throw .at(variable.location, file: file,
                    "candidate variable '\(variable.name)' is also a column of data source '\(source.name)' ('\(source.path)'), so {{\(variable.name)}} would be ambiguous; rename one of them")
            }
        }
    }
}

extension RequestTemplate {
    /// The template with `values` filled into its path (percent-encoded), header values and text body.
    func filled(with values: [String: String]) -> RequestTemplate {
        var template = self
        template.path = Placeholder.fillPath(path, with: values)
        template.headers = headers.map { Header(name: $0.name, value: Placeholder.fill($0.value, with: values)) }
        if case .template(let text, let data) = body { template.body = .template(Placeholder.fill(text, with: values), data: data) }
        if case .openAI(let openAI, let data) = body {
            template.body = .openAI(openAI.mapTexts { Placeholder.fill($0, with: values) }, data: data)
        }
        return template
    }
}

extension ObjectiveEntry {
    /// Whether the objective is judged against the baseline candidate (`… <= baseline * 1.10`).
    /// An expression that does not parse counts as absolute; validation reports it.
    public var isRelative: Bool { (try? ObjectiveParser.parse(expression))?.baseline != nil }
}

import Foundation

/// `gauntlet run --url …`: the flags of a quick look, turned into a scenario of one request and
/// one phase, so every run is configured, planned and reported one way.
public struct QuickLook: Sendable {
    public enum Load: Sendable {
        case rate(Double, arrivals: ArrivalProcess)
        case concurrency(Int, thinkTime: Nanoseconds)
    }

    public var url: URL
    public var method: String
    /// `Name: value` lines.
    public var headers: [String]
    public var body: Data?
    public var load: Load
    public var duration: Nanoseconds
    public var warmup: Nanoseconds
    public var seed: UInt64
    public var timeout: Nanoseconds
    public var connections: Int?
    public var http: HTTPVersion
    /// HTTP/2 streams one connection carries at once.
    public var streamsPerConnection: Int
    /// `--objective`s, as written: gate the quick look like a scenario's objectives.
    public var objectives: [String]
    /// `--burstiness`: the shape of gamma arrivals' gaps.
    public var burstiness: Double
    /// `--openai MODEL`: an OpenAI-compatible body instead of `body`, its answers read for tokens.
    public var openAI: OpenAIBody?

    public init(
        url: URL, method: String? = nil, headers: [String] = [], body: Data? = nil, load: Load,
        duration: Nanoseconds = LoadSection.defaultQuickLookDuration, warmup: Nanoseconds = 0,
        seed: UInt64 = LoadSection.defaultSeed, timeout: Nanoseconds = LoadSection.defaultTimeout, connections: Int? = nil,
        http: HTTPVersion = .http1_1, streamsPerConnection: Int = 1, objectives: [String] = [], burstiness: Double = 1,
        openAI: OpenAIBody? = nil
    ) {
        self.burstiness = burstiness
        self.openAI = openAI
        self.url = url
        self.method = (method ?? (body == nil && openAI == nil ? "GET" : "POST")).uppercased()
        self.headers = headers
        self.body = body
        self.load = load
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
        self.timeout = timeout
        self.connections = connections
        self.http = http
        self.streamsPerConnection = streamsPerConnection
        self.objectives = objectives
    }

    /// The `--objective`s validated against the figure catalogue (the one request is `request`)
    /// and what a quick look can measure; a problem names the flag and the column in its text.
    public func validatedObjectives() throws(ScenarioError) -> [Objective] {
        var inputs = FigureInputs.quickLook
        if openAI != nil { inputs.tokenRequests = [Self.requestName] }
        let validator = ObjectiveValidator(requestNames: [Self.requestName], inputs: inputs)
        var validated: [Objective] = []
        for text in objectives {
            do {
                validated.append(try validator.objective(text, warn: nil, key: false))
            } catch {
                throw ScenarioError(
                    file: "--objective", line: 0, column: 0, message: "'\(text)', column \(error.column): \(error.message)")
            }
        }
        return validated
    }

    /// Refuses a method, URL or header that would change the request line or add a header;
    /// a problem names its flag and the column in the flag's text, the text shown with its
    /// control characters escaped: `--header: 'X-A: a\r\nHost: b', column 8: …`.
    public func checkRequestText() throws(ScenarioError) {
        func refuse(_ flag: String, _ text: String, column: Int, _ message: String) -> ScenarioError {
            ScenarioError(file: flag, line: 0, column: 0, message: "'\(RequestText.visible(text))', column \(column): \(message)")
        }
        if method.isEmpty { throw ScenarioError(file: "--method", line: 0, column: 0, message: "the method is empty") }
        if let offence = RequestText.tokenOffence(method) {
            throw refuse("--method", method, column: offence.offset,
                "\(RequestText.name(of: offence.character)): a method is a token; \(RequestText.tokenRule)")
        }
        let address = url.absoluteString
        if let offence = RequestText.pathOffence(address) {
            throw refuse("--url", address, column: offence.offset, "\(RequestText.name(of: offence.character)); \(RequestText.pathRule)")
        }
        for line in headers {
            guard let colon = line.firstIndex(of: ":") else {
                throw refuse("--header", line, column: 1, "must look like 'Name: value'")
            }
            let written = line[..<colon]
            let leading = written.prefix { $0 == " " || $0 == "\t" }.count
            let name = written.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { throw refuse("--header", line, column: 1, "no header name before the ':'") }
            if let offence = RequestText.tokenOffence(name) {
                throw refuse("--header", line, column: leading + offence.offset,
                    "\(RequestText.name(of: offence.character)) in the name; a header name is a token: \(RequestText.tokenRule)")
            }
            if let offence = RequestText.headerValueOffence(line[line.index(after: colon)...]) {
                throw refuse("--header", line, column: written.count + 1 + offence.offset,
                    "\(RequestText.name(of: offence.character)) in the value; \(RequestText.headerValueRule)")
            }
        }
    }

    /// The body `--openai MODEL --prompt TEXT` sends to `url`: a chat for a path ending in
    /// `/chat/completions`, else a completion.
    public static func openAIBody(model: String, prompt: String, maxTokens: Int?, url: URL) -> OpenAIBody {
        let chat = url.path.hasSuffix("/chat/completions")
        return OpenAIBody(
            model: model, input: chat ? .messages([.init(role: "user", content: prompt)]) : .prompt(prompt), maxTokens: maxTokens,
            includeUsage: true)
    }

    /// The name of its one request, and of its result files.
    public static let requestName = "request"
    public static let runName = "run"

    /// The scenario these flags describe: the URL's origin as the target, its path and query as
    /// the request's path, one constant or closed phase.
    public var scenario: Scenario {
        var origin = URLComponents(url: url, resolvingAgainstBaseURL: false) ?? URLComponents()
        let path = origin.percentEncodedPath.isEmpty ? "/" : origin.percentEncodedPath
        let query = origin.percentEncodedQuery.map { "?" + $0 } ?? ""
        origin.percentEncodedPath = ""
        origin.percentEncodedQuery = nil
        origin.fragment = nil
        let headerFields = headers.map { line -> RequestTemplate.Header in
            let parts = line.split(separator: ":", maxSplits: 1)
            return RequestTemplate.Header(
                name: parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? line,
                value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let request = RequestTemplate(
            name: Self.requestName, weight: 1, method: method, path: path + query, headers: headerFields,
            body: openAI.map { .openAI($0, data: nil) } ?? body.map(BodySpec.bytes), data: nil, expectedStatuses: [], checks: [],
            line: 0, column: 0)
        let phase: LoadPhase.Kind
        var connections = self.connections
        switch load {
        case .rate(let rate, _): phase = .constant(rate: rate)
        case .concurrency(let concurrency, let thinkTime):
            phase = .closed(concurrency: concurrency, thinkTime: thinkTime)
            connections = connections ?? (concurrency + streamsPerConnection - 1) / streamsPerConnection
        }
        let arrivals: ArrivalProcess = if case .rate(_, let arrivals) = load { arrivals } else { .constant }
        return Scenario(
            file: "", name: Self.runName, description: nil, target: origin.string ?? url.absoluteString,
            requests: [request], data: [],
            load: LoadSection(
                phases: [LoadPhase(kind: phase, duration: duration)], arrivals: arrivals, warmup: warmup, seed: seed,
                timeout: timeout, connections: connections, http: http, streamsPerConnection: streamsPerConnection,
                burstiness: burstiness),
            replay: nil, objectives: [], cost: nil, server: nil, tls: nil, secrets: [])
    }
}

extension Scenario {
    /// The scenario's objectives, parsed and validated against the figure catalogue, its
    /// request names, its candidates (relative objectives need them) and, for a run about to be
    /// sent, what it provides (`inputs`); a problem is located at the objective's line and column
    /// in the file.
    public func validatedObjectives(
        requestNames: [String], inputs: FigureInputs? = nil
    ) throws(ScenarioError) -> [Objective] {
        let validator = ObjectiveValidator(requestNames: requestNames, inputs: inputs, candidates: candidates.map(\.name))
        var validated: [Objective] = []
        for entry in objectives {
            var objective: Objective
            do {
                objective = try validator.objective(entry.expression, warn: entry.warn, key: entry.key)
            } catch {
                // Columns inside the expression add to where it starts in the file (quoted text is off by the quote).
                let column = error.part == .objective ? entry.column + error.column - 1 : entry.column
                throw ScenarioError(file: file, line: entry.line, column: column,
                    message: "objective '\(entry.expression)': \(error.message)")
            }
            if let abort = entry.abort {
                if let problem = AbortRule.problem(with: objective.expression) {
                    throw ScenarioError(file: file, line: entry.line, column: entry.column,
                        message: "objective '\(entry.expression)': \(problem)")
                }
                objective.abort = abort
            }
            validated.append(objective)
        }
        return validated
    }
}

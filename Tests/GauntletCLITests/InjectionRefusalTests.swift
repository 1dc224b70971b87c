import Foundation
import GauntletFixtures
import Testing

/// Issue 13, point 1: nothing written in a scenario, its data, a trace, the environment or a
/// flag may add a header or change a request line. Each case is bad input: exit 2, an error at
/// the file, line and column where the text is, and not one request at the fixture server.
@Suite(.serialized) struct InjectionRefusalTests {
    /// A folder holding a scenario and the files it names, removed afterwards.
    struct Folder {
        let url: URL

        init(_ files: [String: String]) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-injection-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        }

        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Exit 2 with `message` on standard error, on one line, and nothing sent.
    static func expectRefused(
        _ arguments: [String], environment: [String: String] = [:], server: FixtureServer,
        message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try GauntletProcess.run(arguments, environment: environment)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let lineBreaks = result.stderr.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count
        #expect(lineBreaks == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(server.requestsReceived == 0, sourceLocation: sourceLocation)
    }

    static func scenario(target: String, request: String, data: String = "") -> String {
        """
        target: \(target)
        \(data)
        requests:
        \(request)
        load:
          phases: [{constant: {rate: 20/s, duration: 1s}}]
        """
    }

    /// Literal text in a scenario: refused by `validate` and by `run` at its line and column.
    @Test(arguments: [
        (
            """
              - name: evil
                path: /
                headers:
                  X-Evil: "a\\r\\nHost: evil.example"
            """,
            "scenario.yaml:7:15: request 'evil' header 'X-Evil' holds a line break (CR LF) at character 2 of its value"
        ),
        (
            """
              - name: evil
                path: "/\\r\\nHost: evil.example"
            """,
            "scenario.yaml:5:11: request 'evil' path holds a line break (CR LF) at character 2"
        ),
    ])
    func scenarioTextIsRefused(request: String, message: String) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let folder = try Folder(["scenario.yaml": Self.scenario(target: server.baseURL, request: request)])
        defer { folder.remove() }
        for command in ["validate", "run"] {
            try Self.expectRefused([command, folder.path("scenario.yaml")], server: server, message: message)
        }
    }

    /// A data value bound for a header is refused where it is in the data file: CSV at the
    /// character, on its physical line; JSONL at the value.
    @Test(arguments: [
        ("tags.csv", "id,tag\n1,ok\n2,\"a\r\nX-Injected: yes\"\n",
         "tags.csv:3:5: column 'tag' holds a line break (CR LF), and it fills header 'X-Tag' of request 'tagged'"),
        ("tags.jsonl", #"{"id": 1, "tag": "ok"}"# + "\n" + #"{"id": 2, "tag": "a\r\nX-Injected: yes"}"# + "\n",
         "tags.jsonl:2:18: column 'tag' holds a line break (CR LF) at character 2 of its value, and it fills header 'X-Tag' of request 'tagged'"),
    ])
    func dataValuesForHeadersAreRefused(file: String, data: String, message: String) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let scenario = Self.scenario(
            target: server.baseURL,
            request: """
                  - name: tagged
                    path: /
                    data: tags
                    headers: {X-Tag: "{{tag}}"}
                """,
            data: "data: {tags: {file: \(file)}}")
        let folder = try Folder(["scenario.yaml": scenario, file: data])
        defer { folder.remove() }
        for command in ["validate", "run"] {
            try Self.expectRefused([command, folder.path("scenario.yaml")], server: server, message: message)
        }
    }

    /// The same quoted field spanning lines is read when it goes into a body; an error after it
    /// names the physical line, and a column counted from 1.
    @Test func quotedCSVFieldsSpanLinesAndErrorsCountFromOne() throws {
        let request = """
              - name: text
                path: /
                data: rows
                body: {template: "{{text}}"}
            """
        let good = try Folder([
            "scenario.yaml": Self.scenario(target: "http://127.0.0.1:9", request: request, data: "data: {rows: {file: rows.csv}}"),
            "rows.csv": "id,text\n1,\"two\r\nlines, and a comma\"\n2,\"say \"\"hi\"\"\"\n",
        ])
        defer { good.remove() }
        let valid = try GauntletProcess.run(["validate", good.path("scenario.yaml")])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("valid · 1 request kinds, 2 distinct requests"), "\(valid.stdout)")

        let ragged = try Folder([
            "scenario.yaml": Self.scenario(target: "http://127.0.0.1:9", request: request, data: "data: {rows: {file: rows.csv}}"),
            "rows.csv": "id,text\n1,\"two\nlines\"\n2,b,c\n",
        ])
        defer { ragged.remove() }
        let invalid = try GauntletProcess.run(["validate", ragged.path("scenario.yaml")])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("rows.csv:4:5: 3 fields where the header has 2"), "\(invalid.stderr)")
    }

    /// A candidate's value is written in the scenario: refused at the variable by `compare`.
    @Test func candidateValuesForHeadersAreRefused() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let folder = try Folder(["scenario.yaml": """
            candidates:
              - {name: current, baseline: true, target: \(server.baseURL), model: digits}
              - name: candidate
                target: \(server.baseURL)
                model: "digits\\r\\nHost: evil.example"
            requests:
              - {name: predict, path: /v2/models/m/infer, headers: {X-Model: "{{model}}"}}
            load: {phases: [{constant: {rate: 30/s, duration: 10s}}]}
            """])
        defer { folder.remove() }
        try Self.expectRefused(
            ["compare", folder.path("scenario.yaml")], server: server,
            message: "scenario.yaml:5:5: candidate 'candidate' model holds a line break (CR LF) at character 7, and it goes into request 'predict' header 'X-Model'")
    }

    /// A trace is sent verbatim: its lines are held to the same rules.
    @Test func replayTraceHeadersAreRefused() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let folder = try Folder([
            "scenario.yaml": "target: \(server.baseURL)\nreplay: {file: trace.jsonl}\nload: {timeout: 2s}\n",
            "trace.jsonl": #"{"offset_ms": 0, "path": "/", "headers": {"X-Evil": "a\r\nHost: evil.example"}}"# + "\n",
        ])
        defer { folder.remove() }
        try Self.expectRefused(
            ["run", folder.path("scenario.yaml")], server: server,
            message: "trace.jsonl:1:53: header 'X-Evil' holds a line break (CR LF) at character 2 of its value")
    }

    /// A `${NAME}` value from the environment (here `--env`) is refused by name, never shown.
    @Test func secretsThatWouldAddAHeaderAreRefusedByName() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let request = """
              - name: authorised
                path: /
                headers: {Authorization: "Bearer ${TOKEN}"}
            """
        let folder = try Folder(["scenario.yaml": Self.scenario(target: server.baseURL, request: request)])
        defer { folder.remove() }
        let result = try GauntletProcess.run(["run", folder.path("scenario.yaml"), "--env", "TOKEN=t\r\nX-Injected: yes"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(
            "scenario.yaml:4:5: request 'authorised': header 'Authorization' would hold ${TOKEN} from the environment, whose value holds a line break (CR LF) at character 2"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("X-Injected"))
        #expect(server.requestsReceived == 0)
    }
}

import Foundation
import GauntletCore
import Testing

/// Nothing a scenario, its data, the environment, a trace or a flag holds can change a request
/// line or add a header: such text is refused where it is written, data values in a path are
/// percent-encoded, and each value is filled in once. (Literal text in a scenario is refused
/// by the parser: see the corpus, `header-value-*.yaml`, `path-with-*.yaml`, `candidate-*`.)
@Suite struct RequestInjectionTests {
    static func parse(_ text: String) throws -> Scenario {
        try ScenarioParser.parse(yaml: text, file: "scenario.yaml", folder: "/scenarios")
    }

    static func scenario(path: String = "/", headers: String = "{}", body: String = "") throws -> Scenario {
        try parse("""
            data:
              rows: {file: rows.csv}
            requests:
              - name: tagged
                path: '\(path)'
                data: rows
                headers: \(headers)
            \(body.isEmpty ? "" : "    body: '\(body)'")
            load:
              phases: [{constant: {rate: 1/s, duration: 1s}}]
            """)
    }

    static func buildError(_ scenario: Scenario, _ table: DataTable, environment: [String: String] = [:]) -> ScenarioError? {
        do {
            _ = try RequestCatalog.build(scenario: scenario, tables: ["rows": table], environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// Each data value stays one path segment, or one query value after the `?`; spaces inside
    /// a placeholder's braces are no space in the path.
    @Test func dataValuesInAPathArePercentEncoded() throws {
        let scenario = try Self.scenario(path: "/items/{{id}}?q={{q}}&page={{ page }}")
        let table = try DataTable.csv("id,q,page\n\"a/b?c#d%e f\",x&y=z,1\n")
        let catalog = try RequestCatalog.build(scenario: scenario, tables: ["rows": table], environment: [:])
        #expect(catalog.requests.map(\.path) == ["/items/a%2Fb%3Fc%23d%25e%20f?q=x%26y%3Dz&page=1"])
    }

    /// The loader reads a column bound for a header with that check (see `DataTableTests`); a
    /// table read without it is refused all the same when the requests are built, at the
    /// request, naming the data file and the row's line.
    @Test func aDataValueThatWouldBreakAHeaderIsNeverBuilt() throws {
        let scenario = try Self.scenario(headers: #"{X-Tag: "{{tag}}"}"#)
        #expect(scenario.headerColumns(of: "rows") == ["tag": "header 'X-Tag' of request 'tagged'"])
        let table = try DataTable.csv("id,tag\n1,ok\n2,\"a\r\nX-Injected: yes\"\n")
        let error = try #require(Self.buildError(scenario, table))
        #expect(error.file == "scenario.yaml" && error.line == 4 && error.column == 5)
        #expect(error.message.hasPrefix(
            "request 'tagged': header 'X-Tag' would hold column 'tag' of data 'rows' ('rows.csv', line 3), whose value holds a line break (CR LF) at character 2"))
    }

    /// `${NAME}` values are checked where they go, and named, never shown.
    @Test(arguments: [
        (#"{Authorization: "Bearer ${TOKEN}"}"#, "/", "header 'Authorization' would hold ${TOKEN} from the environment, whose value holds a line break (CR LF) at character 2"),
        ("{}", "/v/${TOKEN}", "the path would hold ${TOKEN} from the environment, whose value holds a line break (CR LF) at character 2"),
    ])
    func secretsThatWouldBreakARequestAreNamedNotShown(headers: String, path: String, message: String) throws {
        let scenario = try Self.scenario(path: path, headers: headers)
        let table = try DataTable.csv("id\n1\n")
        let error = try #require(Self.buildError(scenario, table, environment: ["TOKEN": "t\r\nX-Injected: yes"]))
        #expect(error.message.contains(message), "\(error)")
        #expect(!error.message.contains("X-Injected"))
    }

    /// A value is filled in once: placeholders or `${NAME}` inside it are sent as they are.
    @Test func valuesAreFilledInOnce() throws {
        let scenario = try Self.scenario(body: "{{a}}-{{b}}")
        let table = try DataTable.csv("a,b\n{{b}},${HOME}\n")
        let catalog = try RequestCatalog.build(scenario: scenario, tables: ["rows": table], environment: ["HOME": "/root"])
        #expect(catalog.requests.first?.body == Data("{{b}}-${HOME}".utf8))
    }

    /// `run --url`: each flag is checked, the error naming the flag and the column in its text,
    /// on one line.
    @Test(arguments: [
        (["X-Evil: a\r\nHost: evil.example"], "GET", "--header",
         #"'X-Evil: a\r\nHost: evil.example', column 10: a line break (CR LF) in the value; a header value may not hold CR, LF, NUL or other control characters but a tab"#),
        (["X-Evil: a\nb"], "GET", "--header", #"'X-Evil: a\nb', column 10: a line feed (LF) in the value"#),
        (["Bad Name: x"], "GET", "--header", "'Bad Name: x', column 4: a space in the name; a header name is a token"),
        ([], "GET /admin", "--method", "'GET /ADMIN', column 4: a space: a method is a token"),
    ])
    func quickLookFlagsAreChecked(headers: [String], method: String, flag: String, message: String) throws {
        let quickLook = QuickLook(
            url: URL(string: "http://127.0.0.1:9/")!, method: method, headers: headers, load: .rate(10, arrivals: .constant))
        do {
            try quickLook.checkRequestText()
            Issue.record("accepted \(headers) \(method)")
        } catch {
            #expect(error.file == flag)
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(!error.description.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        }
    }

    /// Trace lines are sent verbatim, so they are held to the same rules, at their line and column.
    @Test(arguments: [
        (#"{"offset_ms": 0, "path": "/", "headers": {"X-Evil": "a\r\nHost: evil.example"}}"#, 53,
         "header 'X-Evil' holds a line break (CR LF) at character 2 of its value"),
        (#"{"offset_ms": 0, "path": "/a b"}"#, 26, "'path' holds a space at character 3"),
        (#"{"offset_ms": 0, "method": "GET /admin", "path": "/"}"#, 28, "'method' 'GET /ADMIN' holds a space at character 4"),
        (#"{"offset_ms": 0, "path": "/", "headers": {"Bad Name": "x"}}"#, 42, "header name 'Bad Name' holds a space"),
    ])
    func replayTraceLinesAreChecked(line: String, column: Int, message: String) {
        do {
            _ = try ReplayTrace.parse(#"{"offset_ms": 0, "path": "/"}"# + "\n" + line + "\n")
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.line == 2 && error.column == column, "\(error)")
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}

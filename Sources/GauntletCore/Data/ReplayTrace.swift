import Foundation

/// Recorded requests with their time offsets, one JSON object per line:
/// `{"offset_ms": 12.5, "method": "POST", "path": "/v2/models/m/infer", "headers": {"Content-Type": "application/json"}, "body": "{…}"}`.
/// `method` defaults to GET (POST with a body); `headers` and `body` are optional.
public struct ReplayTrace: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var offset: Nanoseconds
        public var request: MaterializedRequest
    }

    public var entries: [Entry]

    /// The entries' offsets divided by `speed` (2 replays twice as fast).
    public func times(speed: Double) -> [Nanoseconds] {
        entries.map { Nanoseconds((Double($0.offset) / speed).rounded()) }
    }

    public static func parse(_ text: String) throws(DataTable.ParseError) -> ReplayTrace {
        var entries: [Entry] = []
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let start = JSONLine.firstColumn(of: line)
            func fail(_ message: String, at key: String? = nil) -> DataTable.ParseError {
                DataTable.ParseError(line: number, column: key.flatMap { JSONLine.valueColumn(of: $0, in: line) } ?? start, message: message)
            }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw fail("not a JSON object")
            }
            let known: Set = ["offset_ms", "method", "path", "headers", "body"]
            if let unknown = object.keys.first(where: { !known.contains($0) }) {
                throw fail("unknown key '\(unknown)'\(Suggestion.hint(for: unknown, in: known))")
            }
            guard let milliseconds = (object["offset_ms"] as? NSNumber)?.doubleValue, milliseconds >= 0, milliseconds.isFinite,
                  milliseconds < 7 * 24 * 3600 * 1000
            else {
                throw fail("'offset_ms' must be a number of milliseconds ≥ 0", at: "offset_ms")
            }
            guard let path = object["path"] as? String, path.hasPrefix("/") else {
                throw fail("'path' must be text starting with '/'", at: "path")
            }
            // Sent verbatim, so refused here rather than let it rewrite the request line.
            if let offence = RequestText.pathOffence(path) {
                throw fail("'path' holds \(offence.description); \(RequestText.pathRule)", at: "path")
            }
            let body = object["body"].map { $0 as? String }
            if case .some(nil) = body { throw fail("'body' must be text", at: "body") }
            var headers: [String] = []
            if let raw = object["headers"] {
                guard let map = raw as? [String: Any], map.values.allSatisfy({ $0 is String }) else {
                    throw fail("'headers' must map names to text", at: "headers")
                }
                for name in map.keys.sorted() {
                    let value = map[name] as! String
                    if name.isEmpty { throw fail("a header name is empty", at: "headers") }
                    if let offence = RequestText.tokenOffence(name) {
                        throw fail("header name '\(RequestText.visible(name))' holds \(offence.description); \(RequestText.tokenRule)", at: "headers")
                    }
                    if let offence = RequestText.headerValueOffence(value) {
                        throw fail("header '\(name)' holds \(offence.description) of its value; \(RequestText.headerValueRule)", at: name)
                    }
                    headers.append("\(name): \(value)")
                }
            }
            let method = ((object["method"] as? String) ?? (body == nil ? "GET" : "POST")).uppercased()
            if method.isEmpty { throw fail("'method' is empty", at: "method") }
            if let offence = RequestText.tokenOffence(method) {
                throw fail("'method' '\(RequestText.visible(method))' holds \(offence.description): a method is a token; \(RequestText.tokenRule)", at: "method")
            }
            let request = MaterializedRequest(
                template: 0, method: method, path: path, headers: headers, body: (body ?? nil).map { Data($0.utf8) })
            entries.append(Entry(offset: Nanoseconds((milliseconds * 1e6).rounded()), request: request))
        }
        guard !entries.isEmpty else { throw DataTable.ParseError(line: 1, column: 1, message: "the trace has no requests") }
        // Keep recorded order for equal offsets; send in time order.
        entries = entries.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
        return ReplayTrace(entries: entries)
    }
}

extension RequestCatalog {
    /// The trace's requests, arrival n sending entry n.
    public static func replay(_ trace: ReplayTrace) -> RequestCatalog {
        RequestCatalog(
            templateNames: ["replay"], requests: trace.entries.map(\.request), ranges: [0..<trace.entries.count],
            weights: [1], seed: 0)
    }
}

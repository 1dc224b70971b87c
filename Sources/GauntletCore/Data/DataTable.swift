import Foundation

/// Rows read from a CSV or JSONL file: named columns, text values.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// CSV with a header line; fields may be quoted with `"` (a doubled `""` inside quotes is one quote).
    public static func csv(_ text: String) throws(ParseError) -> DataTable {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw ParseError(line: 1, message: "the file is empty") }
        let columns = try fields(header, line: 1)
        guard Set(columns).count == columns.count else {
            throw ParseError(line: 1, message: "duplicate column names in the header")
        }
        var rows: [[String]] = []
        for (offset, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            let values = try fields(line, line: offset + 2)
            guard values.count == columns.count else {
                throw ParseError(line: offset + 2, message: "\(values.count) fields where the header has \(columns.count)")
            }
            rows.append(values)
        }
        return DataTable(columns: columns, rows: rows)
    }

    /// One JSON object per line; values must be scalars (numbers, strings, booleans).
    public static func jsonl(_ text: String) throws(ParseError) -> DataTable {
        var columns: [String] = []
        var rows: [[String]] = []
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw ParseError(line: offset + 1, message: "not a JSON object")
            }
            if columns.isEmpty { columns = object.keys.sorted() }
            guard Set(object.keys) == Set(columns) else {
                throw ParseError(line: offset + 1, message: "keys differ from the first line's (\(columns.joined(separator: ", ")))")
            }
            rows.append(try columns.map { (column) throws(ParseError) in
                switch object[column] {
                case let number as NSNumber: return number.stringValue
                case let string as String: return string
                default: throw ParseError(line: offset + 1, message: "'\(column)' must be a number, text or boolean")
                }
            })
        }
        guard !columns.isEmpty else { throw ParseError(line: 1, message: "the file has no rows") }
        return DataTable(columns: columns, rows: rows)
    }

    private static func fields(_ line: String, line number: Int) throws(ParseError) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw ParseError(line: number, message: "unterminated quoted field") }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}

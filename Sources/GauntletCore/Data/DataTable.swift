import Foundation

/// Rows read from a CSV or JSONL file: named columns, text values.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]
    /// The 1-based physical line each row starts on, in step with `rows`; empty for a table
    /// built in code.
    public var lines: [Int]

    public init(columns: [String], rows: [[String]], lines: [Int] = []) {
        self.columns = columns
        self.rows = rows
        self.lines = lines
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        /// 1-based, in characters, as editors count.
        public var column: Int
        public var message: String

        public init(line: Int, column: Int, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// CSV with a header line (RFC 4180): fields may be quoted with `"`; inside quotes a doubled
    /// `""` is one quote, and commas and line breaks belong to the field, so a record may span
    /// lines. Spaces around an unquoted field are dropped; a quoted one is kept as written.
    ///
    /// - Parameter headerColumns: columns whose values fill header values, each with what it
    ///   fills (`header 'X-Tag' of request 'tagged'`): a value holding CR, LF, NUL or another control character but a tab is refused
    ///   where it is in the file, in every row, as it would end the header and start another.
    public static func csv(_ text: String, headerColumns: [String: String] = [:]) throws(ParseError) -> DataTable {
        var reader = CSVReader(text)
        guard let header = try reader.next() else { throw ParseError(line: 1, column: 1, message: "the file is empty") }
        let columns = header.fields
        if let twice = columns.indices.first(where: { columns[..<$0].contains(columns[$0]) }) {
            let at = header.starts[twice]
            throw ParseError(line: at.line, column: at.column, message: "column '\(columns[twice])' is named twice in the header")
        }
        let checked = columns.indices.filter { headerColumns[columns[$0]] != nil }
        var rows: [[String]] = []
        var lines: [Int] = []
        while let record = try reader.next() {
            guard record.fields.count == columns.count else {
                // Too many: where the first extra field starts; too few: where the next would.
                let at = record.fields.count > columns.count ? record.starts[columns.count] : record.end
                throw ParseError(
                    line: at.line, column: at.column,
                    message: "\(record.fields.count) \(record.fields.count == 1 ? "field" : "fields") where the header has \(columns.count)")
            }
            for index in checked {
                guard let found = record.breaks[index] else { continue }
                throw ParseError(
                    line: found.position.line, column: found.position.column,
                    message: "column '\(columns[index])' holds \(RequestText.name(of: found.character)), and it fills \(headerColumns[columns[index]]!): \(RequestText.headerValueRule)")
            }
            rows.append(record.fields)
            lines.append(record.line)
        }
        return DataTable(columns: columns, rows: rows, lines: lines)
    }

    /// One JSON object per line; values must be scalars (numbers, strings, booleans).
    ///
    /// - Parameter headerColumns: as for ``csv(_:headerColumns:)``; a value is located at its key.
    public static func jsonl(_ text: String, headerColumns: [String: String] = [:]) throws(ParseError) -> DataTable {
        var columns: [String] = []
        var rows: [[String]] = []
        var lines: [Int] = []
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let start = JSONLine.firstColumn(of: line)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw ParseError(line: number, column: start, message: "not a JSON object")
            }
            if columns.isEmpty { columns = object.keys.sorted() }
            guard Set(object.keys) == Set(columns) else {
                throw ParseError(line: number, column: start, message: "keys differ from the first line's (\(columns.joined(separator: ", ")))")
            }
            func at(_ column: String) -> Int { JSONLine.valueColumn(of: column, in: line) ?? start }
            let row = try columns.map { (column) throws(ParseError) -> String in
                switch object[column] {
                case let number as NSNumber: return number.stringValue
                case let string as String:
                    if let use = headerColumns[column], let offence = RequestText.headerValueOffence(string) {
                        throw ParseError(
                            line: number, column: at(column),
                            message: "column '\(column)' holds \(offence.description) of its value, and it fills \(use): \(RequestText.headerValueRule)")
                    }
                    return string
                default:
                    throw ParseError(line: number, column: at(column), message: "'\(column)' must be a number, text or boolean")
                }
            }
            rows.append(row)
            lines.append(number)
        }
        guard !columns.isEmpty else { throw ParseError(line: 1, column: 1, message: "the file has no rows") }
        return DataTable(columns: columns, rows: rows, lines: lines)
    }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    /// The physical line row `row` starts on, when the table was read from a file.
    public func line(ofRow row: Int) -> Int? { lines.indices.contains(row) ? lines[row] : nil }

    /// Keeps the rows `keep` accepts, their lines in step.
    public mutating func keepRows(where keep: ([String]) -> Bool) {
        let kept = rows.indices.filter { keep(rows[$0]) }
        if lines.count == rows.count { lines = kept.map { lines[$0] } }
        rows = kept.map { rows[$0] }
    }
}

import Foundation

/// Where things are on a line of JSON, for errors: JSONSerialization keeps no positions.
enum JSONLine {
    /// The 1-based column of the line's first character other than a space or tab.
    static func firstColumn(of line: Substring) -> Int {
        line.prefix { $0 == " " || $0 == "\t" }.count + 1
    }

    /// The 1-based column where the value of the first `"key":` on `line` starts, or nil when
    /// the key is not written plainly (escapes in it). Inside a JSON string a quote is escaped,
    /// so a string that merely holds `"key":` does not match.
    static func valueColumn(of key: String, in line: Substring) -> Int? {
        let pattern = "\"\(key)\""
        var rest = line[...]
        while let found = rest.range(of: pattern) {
            var index = found.upperBound
            func skipSpaces() { while index < line.endIndex, line[index] == " " || line[index] == "\t" { index = line.index(after: index) } }
            skipSpaces()
            if index < line.endIndex, line[index] == ":" {
                index = line.index(after: index)
                skipSpaces()
                return line.distance(from: line.startIndex, to: index) + 1
            }
            rest = line[found.upperBound...]
        }
        return nil
    }
}

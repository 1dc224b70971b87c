/// Reads CSV records one at a time (RFC 4180): fields split by `,`, a field quoted with `"` may
/// hold commas, doubled quotes (`""` is one `"`) and line breaks, so a record may span lines.
/// Positions are kept so errors name the physical line and the column (1-based, in characters)
/// where something is.
struct CSVReader {
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    struct Record {
        var fields: [String] = []
        /// Where each field starts: its first character other than a space (its opening quote,
        /// when quoted), or where it would be, when empty.
        var starts: [Position] = []
        /// Each field's first control character a header may not hold, and where it is, for fields no header may take.
        var breaks: [(character: Character, position: Position)?] = []
        /// Just past the record's last character, where a missing field would go.
        var end = Position(line: 1, column: 1)
        /// The physical line the record starts on.
        var line: Int { starts.first?.line ?? end.line }
    }

    private var rest: Substring
    private var position = Position(line: 1, column: 1)

    init(_ text: String) {
        rest = text[...]
    }

    /// The next record, skipping blank lines; nil at the end of the text.
    mutating func next() throws(DataTable.ParseError) -> Record? {
        while let first = rest.first, first.isNewline { take() }
        guard !rest.isEmpty else { return nil }
        var record = Record()
        var field = ""
        var start: Position?
        var fieldBreak: (character: Character, position: Position)?
        // `quoted`: inside quotes now; `wasQuoted`: the field was opened with a quote.
        var quoted = false, wasQuoted = false
        var opening = position
        func finish(at here: Position) {
            record.fields.append(wasQuoted ? field : field.trimmingCharacters(in: .whitespaces))
            record.starts.append(start ?? here)
            record.breaks.append(fieldBreak)
            field = ""
            start = nil
            fieldBreak = nil
            quoted = false
            wasQuoted = false
        }
        while let character = rest.first {
            let here = position
            take()
            if quoted {
                if character == "\"" {
                    if rest.first == "\"" {
                        take()
                        field.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    if fieldBreak == nil, Self.breaksAHeader(character) { fieldBreak = (character, here) }
                    field.append(character)
                }
            } else if character == "," {
                finish(at: here)
            } else if character.isNewline {
                finish(at: here)
                record.end = here
                return record
            } else if character == "\"" && !wasQuoted && field.allSatisfy({ $0 == " " || $0 == "\t" }) {
                quoted = true
                wasQuoted = true
                opening = here
                start = here
                field = ""
            } else if wasQuoted && (character == " " || character == "\t") {
                // Spaces after the closing quote are not part of the field.
            } else {
                if start == nil && character != " " && character != "\t" { start = here }
                if fieldBreak == nil, Self.breaksAHeader(character) { fieldBreak = (character, here) }
                field.append(character)
            }
        }
        if quoted {
            throw DataTable.ParseError(
                line: opening.line, column: opening.column,
                message: "the quoted field opened here is never closed (a quoted field may span lines, so the rest of the file was read into it)")
        }
        finish(at: position)
        record.end = position
        return record
    }

    /// Moves past the first character, counting lines and columns.
    private mutating func take() {
        guard let character = rest.popFirst() else { return }
        if character.isNewline {
            position = Position(line: position.line + 1, column: 1)
        } else {
            position.column += 1
        }
    }

    /// What ``RequestText/headerValueOffence(_:)`` refuses, so its place in the file is kept.
    private static func breaksAHeader(_ character: Character) -> Bool {
        RequestText.headerValueOffence(String(character)) != nil
    }
}

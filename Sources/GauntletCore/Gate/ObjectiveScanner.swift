/// The character-level reading under ``ObjectiveParser``: one token at a time, each error at the
/// column where the unexpected text starts, quoting it and saying what would have fitted there.
struct ObjectiveScanner {
    /// A part of a dotted name, with where it starts.
    struct Segment: Equatable {
        var text: String
        var column: Int
    }

    private let characters: [Character]
    private let part: ObjectiveError.Part
    private var index = 0

    init(_ text: String, part: ObjectiveError.Part) {
        characters = Array(text)
        self.part = part
    }

    var atEnd: Bool { index >= characters.count }
    var column: Int { index + 1 }
    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    mutating func skipSpaces() {
        while let character = current, character.isWhitespace { index += 1 }
    }

    func error(_ message: String, column: Int? = nil) -> ObjectiveError {
        ObjectiveError(part: part, column: column ?? self.column, message: message)
    }

    /// The text at the current position for "found …": the rest of the word, quoted, or "the end".
    var found: String {
        guard let current else { return "the end" }
        if current.isWhitespace { return "a space" }
        var end = index
        while end < characters.count, !characters[end].isWhitespace, end - index < 16 { end += 1 }
        return "'" + String(characters[index..<end]) + "'"
    }

    // MARK: Names

    /// `name { "." name }`, where a percentile's fraction (`p99.9`) stays inside its part.
    mutating func dottedName() throws(ObjectiveError) -> [Segment] {
        var segments = [try segment(expected: "a figure name (e.g. latency.p99, error_rate)")]
        while current == "." {
            index += 1
            segments.append(try segment(expected: "a name after '.'"))
        }
        return segments
    }

    private mutating func segment(expected: String) throws(ObjectiveError) -> Segment {
        let start = index
        guard let first = current, first.isLetter || first == "_" else {
            throw error("expected \(expected), found \(found)")
        }
        while let character = current, Self.isNameCharacter(character) { index += 1 }
        if Self.isPercentile(String(characters[start..<index])), current == ".", peek(1)?.isDigit == true {
            index += 1
            while let character = current, Self.isNameCharacter(character) { index += 1 }
        }
        return Segment(text: String(characters[start..<index]), column: start + 1)
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    /// Statistic words the grammar knows; whether a figure offers one is the catalogue's business.
    static let statisticWords: Set<String> = ["max", "mean", "min", "avg", "median"]

    /// `p` followed by `digits [ "." digits ]`.
    static func isPercentile(_ text: String) -> Bool {
        guard text.first == "p" else { return false }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isDigit) }
    }

    static func isStatistic(_ text: String) -> Bool { statisticWords.contains(text) || isPercentile(text) }

    // MARK: Comparators

    mutating func comparator(after subject: String) throws(ObjectiveError) -> Comparator {
        let start = index
        while let character = current, "<>=!".contains(character) { index += 1 }
        let written = String(characters[start..<index])
        let expected = "a comparator (<, <=, >, >=, ==, !=)"
        guard !written.isEmpty else { throw error("expected \(expected) after '\(subject)', found \(found)") }
        if let comparator = Comparator(rawValue: written) { return comparator }
        let hint = switch written {
        case "=": "; write '==' for equality"
        case "=<": " (did you mean '<='?)"
        case "=>": " (did you mean '>='?)"
        case "===": " (did you mean '=='?)"
        case "<>", "=!": " (did you mean '!='?)"
        default: ""
        }
        throw error("expected \(expected), found '\(written)'\(hint)", column: start + 1)
    }

    // MARK: Thresholds

    /// `number [ unit ]`, with optional space between the two.
    mutating func threshold() throws(ObjectiveError) -> Threshold {
        let start = index
        var digits = 0
        while current?.isDigit == true { index += 1; digits += 1 }
        if current == ".", peek(1)?.isDigit == true {
            index += 1
            while current?.isDigit == true { index += 1; digits += 1 }
        }
        guard digits > 0 else {
            let negative = current == "-" ? "; a threshold is never negative" : ""
            throw error("expected a threshold, a number with an optional unit (e.g. 50ms, 0.1%, 950/s), found \(found)\(negative)\(baselineHint)")
        }
        let number = String(characters[start..<index])
        guard let value = Double(number), value.isFinite else {
            throw error("'\(number)' is too large a number", column: start + 1)
        }
        let numberEnd = index
        skipSpaces()
        let unitStart = index
        if current == "%" {
            index += 1
        } else {
            if current == "/" { index += 1 }
            while current?.isLetter == true { index += 1 }
        }
        let written = String(characters[unitStart..<index])
        guard !written.isEmpty else {
            index = numberEnd
            return Threshold(value: value, unit: nil, text: number, column: start + 1)
        }
        guard let unit = ThresholdUnit(written: written) else {
            if written.lowercased() == "e", current?.isDigit == true {
                throw error("'\(number)\(written)…' has an exponent; write the number out in full", column: start + 1)
            }
            // Only a wrong case is suggested: `/d` is not a misspelt `/s`, nor `e` an `s`.
            let hint = ThresholdUnit(written: written.lowercased()).map { " (did you mean '\($0.rawValue)'?)" } ?? ""
            throw error(
                "unknown unit '\(written)'\(hint); expected one of \(ThresholdUnit.spellings), or none",
                column: unitStart + 1)
        }
        return Threshold(
            value: value, unit: unit, text: String(characters[start..<index]), column: start + 1,
            unitColumn: unitStart + 1)
    }

    /// Where a threshold was expected but a word stands: a misspelt `baseline`, or `baseline` in
    /// a warn threshold, which is always absolute.
    private var baselineHint: String {
        var end = index
        while end < characters.count, characters[end].isLetter { end += 1 }
        let word = String(characters[index..<end])
        guard !word.isEmpty else { return "" }
        if word == BaselineTerm.word {
            return part == .warn ? "; a warn threshold is absolute (a relative objective has no warn band)" : ""
        }
        guard part == .objective, Suggestion.closest(to: word, in: [BaselineTerm.word]) != nil else { return "" }
        return " (did you mean '\(BaselineTerm.word)'?)"
    }

    // MARK: Relative thresholds

    /// Whether the next word is `baseline`, standing alone (not the start of a longer name).
    var atBaseline: Bool {
        let word = Array(BaselineTerm.word)
        guard index + word.count <= characters.count, Array(characters[index..<index + word.count]) == word else { return false }
        let next = peek(word.count)
        return next.map { !Self.isNameCharacter($0) } ?? true
    }

    /// `"baseline" ( "*" | "+" | "-" )`, up to the number that follows.
    mutating func baselineTerm() throws(ObjectiveError) -> BaselineTerm {
        let start = index
        index += BaselineTerm.word.count
        skipSpaces()
        guard let character = current, let operation = BaselineTerm.Operation(rawValue: String(character)) else {
            throw error(
                "after 'baseline', expected '* factor', '+ offset' or '- offset' (e.g. baseline * 1.10, baseline + 5ms), found \(found)")
        }
        index += 1
        skipSpaces()
        return BaselineTerm(operation: operation, column: start + 1)
    }

    /// Refuses `1.10 * baseline`: the grammar puts the baseline first.
    mutating func refuseReversedBaseline(after threshold: Threshold) throws(ObjectiveError) {
        let start = index
        skipSpaces()
        guard let operation = current.flatMap({ BaselineTerm.Operation(rawValue: String($0)) }) else {
            index = start
            return
        }
        let operatorColumn = column
        index += 1
        skipSpaces()
        guard atBaseline else {
            index = start
            return
        }
        throw error("write the baseline first: 'baseline \(operation.rawValue) \(threshold)'", column: operatorColumn)
    }

    mutating func expectEnd(of what: String) throws(ObjectiveError) {
        skipSpaces()
        guard atEnd else { throw error("unexpected \(found) after the threshold; expected the end of \(what)") }
    }
}

extension Character {
    fileprivate var isDigit: Bool { ("0"..."9").contains(self) }
}

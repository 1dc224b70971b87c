/// Reads one OpenAI-compatible stream chunk (an event's JSON data) in a single pass over its bytes,
/// allocating nothing: whether it is valid JSON (RFC 8259: an object at the top), and the few
/// things a load generator needs from it — a top-level `error`, how many `choices` carried text
/// (`delta.content` or `text`), and `usage`'s token counts.
///
/// Foundation's JSONSerialization took about 9 µs per chunk here, which capped one worker at about
/// 100,000 tokens a second; this scanner keeps the same verdicts (checked against it in the tests).
struct CompletionChunkScanner {
    struct Facts: Equatable {
        var hasError = false
        /// Choices whose `delta.content` or `text` is a non-empty string.
        var textPieces = 0
        var promptTokens: Int?
        var completionTokens: Int?
    }

    /// Where a value sits, as far as the scanner cares.
    private enum Place {
        case root, choices, choice, delta, usage, other
        case textValue, promptTokens, completionTokens
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var facts = Facts()
    /// Nesting so far: a hostile chunk cannot recurse the stack away.
    private var depth = 0
    private static let maximumDepth = 64

    /// The chunk's facts, or nil when it is not a JSON object.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Facts? {
        var scanner = CompletionChunkScanner(bytes: bytes)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{"), scanner.value(.root) else { return nil }
        scanner.skipSpace()
        return scanner.index == bytes.count ? scanner.facts : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value(_ place: Place) -> Bool {
        skipSpace()
        guard let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "{"): return object(place)
        case UInt8(ascii: "["): return array(place)
        case UInt8(ascii: "\""):
            guard let length = string() else { return false }
            if place == .textValue && length > 0 { facts.textPieces += 1 }
            return true
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            let (valid, whole) = number()
            guard valid else { return false }
            if place == .promptTokens, let whole { facts.promptTokens = whole }
            if place == .completionTokens, let whole { facts.completionTokens = whole }
            return true
        }
    }

    private mutating func object(_ place: Place) -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return false }
        index += 1
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { return false }
            let keyStart = index + 1
            guard let length = string() else { return false }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<(keyStart + length)])
            skipSpace()
            guard peek == UInt8(ascii: ":") else { return false }
            index += 1
            let inner = Self.place(of: key, in: place)
            if place == .root && Self.equals(key, "error") { facts.hasError = true }
            guard value(inner) else { return false }
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return true
            default: return false
            }
        }
    }

    private mutating func array(_ place: Place) -> Bool {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return false }
        index += 1
        skipSpace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return true
        }
        let element: Place = place == .choices ? .choice : .other
        while true {
            guard value(element) else { return false }
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// The place of the value under `key` in an object at `place`.
    private static func place(of key: UnsafeBufferPointer<UInt8>, in place: Place) -> Place {
        switch place {
        case .root:
            if equals(key, "choices") { return .choices }
            if equals(key, "usage") { return .usage }
        case .choice:
            if equals(key, "delta") { return .delta }
            if equals(key, "text") { return .textValue }
        case .delta:
            if equals(key, "content") { return .textValue }
        case .usage:
            if equals(key, "prompt_tokens") { return .promptTokens }
            if equals(key, "completion_tokens") { return .completionTokens }
        default: break
        }
        return .other
    }

    private static func equals(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }

    /// Skips a string (at its opening quote); its raw length between the quotes, or nil when it is
    /// not a valid JSON string (a control character, a bad escape, no closing quote).
    private mutating func string() -> Int? {
        index += 1
        let start = index
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return index - 1 - start
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = peek else { return nil }
                if escaped == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        index += 1
                        guard let hex = peek, Self.isHex(hex) else { return nil }
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    return nil
                }
                index += 1
            case 0..<0x20: return nil
            default: index += 1
            }
        }
        return nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count, memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// Skips a number: whether it is one, and its value when it is a whole number that fits an Int.
    private mutating func number() -> (valid: Bool, whole: Int?) {
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard isDigit(peek) else { return (false, nil) }
        var whole = 0
        var fits = true
        if peek == UInt8(ascii: "0") {
            index += 1
        } else {
            while isDigit(peek) {
                let (times, overflowTimes) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(Int(peek! - 0x30))
                if overflowTimes || overflowSum { fits = false }
                whole = sum
                index += 1
            }
        }
        var integral = true
        if peek == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard isDigit(peek) else { return (false, nil) }
            while isDigit(peek) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integral = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek) else { return (false, nil) }
            while isDigit(peek) { index += 1 }
        }
        return (true, integral && fits ? (negative ? -whole : whole) : nil)
    }
}

#if canImport(Glibc)
import Glibc
#endif

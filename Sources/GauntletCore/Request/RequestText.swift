/// What may go into a request's method, path and header lines. HTTP/1.1 frames a request by
/// its lines: a CR or LF in a header value ends that header and starts another (a second `Host`,
/// say), and a space or line break in the method or path rewrites the request line. libcurl
/// sends header lines as given, so Gauntlet refuses such text before anything is sent.
public enum RequestText {
    /// The first character of some text that may not be where it is, and where it is.
    public struct Offence: Sendable, Equatable {
        public var character: Character
        /// 1-based, in characters of the text checked (a CR LF pair is one).
        public var offset: Int

        public init(character: Character, offset: Int) {
            self.character = character
            self.offset = offset
        }

        /// `a line feed (LF) at character 3`.
        public var description: String { "\(RequestText.name(of: character)) at character \(offset)" }
    }

    public static let headerValueRule =
        "a header value may not hold CR, LF, NUL or other control characters but a tab: CR and LF would end the header and start another"
    public static let pathRule =
        "a path may not hold spaces, CR, LF, NUL or other control characters: each would change the request line (encode a space as %20)"
    public static let tokenRule = "it may hold only letters, digits and !#$%&'*+-.^_`|~"

    /// The first CR, LF, NUL or other control character but a tab in a header value: CR and LF
    /// would start another header, and RFC 9110 §5.5 allows no other control character there.
    public static func headerValueOffence(_ value: some StringProtocol) -> Offence? {
        firstOffence(in: value) { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
    }

    /// The first space or control character in a path (or a whole URL).
    public static func pathOffence(_ path: some StringProtocol) -> Offence? {
        firstOffence(in: path) { $0 == " " || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// The first character that is not allowed in an HTTP token (RFC 9110 §5.6.2): a method or a
    /// header name. (An empty token has none; callers refuse it on its own.)
    public static func tokenOffence(_ text: some StringProtocol) -> Offence? {
        firstOffence(in: text) { !isTokenCharacter($0) }
    }

    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIILetter || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
    }

    private static func firstOffence(in text: some StringProtocol, where offends: (Unicode.Scalar) -> Bool) -> Offence? {
        for (index, character) in text.enumerated() where character.unicodeScalars.contains(where: offends) {
            return Offence(character: character, offset: index + 1)
        }
        return nil
    }

    /// The character as a person would name it: `a line break (CR LF)`, `a NUL character`, `'é'`.
    public static func name(of character: Character) -> String {
        switch character {
        case "\r\n": "a line break (CR LF)"
        case "\r": "a carriage return (CR)"
        case "\n": "a line feed (LF)"
        case "\0": "a NUL character"
        case " ": "a space"
        case "\t": "a tab"
        default:
            if let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
                "the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))"
            } else {
                "'\(character)'"
            }
        }
    }

    /// `text` with its control characters written as escapes (`\r`, `\n`, `\0`, `\t`, `\u{1B}`),
    /// so echoing it in an error keeps the error on one line and shows what was there.
    public static func visible(_ text: some StringProtocol) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\0": result += "\\0"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// What is wrong with a request about to be sent, or nil: its method, its URL (base and
    /// path) and each `Name: value` header line. The engine's last check before sending.
    public static func problem(method: String, url: String, headers: [String]) -> String? {
        if method.isEmpty { return "the method is empty" }
        if let offence = tokenOffence(method) {
            return "method '\(visible(method))' holds \(offence.description): a method is a token; \(tokenRule)"
        }
        if let offence = pathOffence(url) {
            return "URL '\(visible(url))' holds \(offence.description); \(pathRule)"
        }
        for line in headers {
            guard let colon = line.firstIndex(of: ":") else {
                return "header line '\(visible(line))' has no ':' between its name and its value"
            }
            let name = line[..<colon]
            if name.isEmpty { return "header line '\(visible(line))' has no name before its ':'" }
            if let offence = tokenOffence(name) {
                return "header name '\(visible(name))' holds \(offence.description); \(tokenRule)"
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            if let offence = headerValueOffence(value) {
                return "header '\(name)' holds \(offence.description) of its value; \(headerValueRule)"
            }
        }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

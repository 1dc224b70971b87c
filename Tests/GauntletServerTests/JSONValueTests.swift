import Foundation
import GauntletServer
import Testing

/// The request parser against Foundation's on documents both accept, and against RFC 8259 on
/// the ones it must refuse.
@Suite struct JSONValueTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    /// Our tree and JSONSerialization's, compared value by value.
    static func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let value): return (theirs as? NSNumber).map { String(cString: $0.objCType) == "c" && $0.boolValue == value } ?? false
        case .number(let value): return (theirs as? NSNumber)?.doubleValue == value
        case .string(let text): return theirs as? String == text
        case .array(let elements):
            guard let list = theirs as? [Any], list.count == elements.count else { return false }
            return zip(elements, list).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let dictionary = theirs as? [String: Any], dictionary.count == members.count else { return false }
            return members.allSatisfy { key, value in dictionary[key].map { same(value, $0) } ?? false }
        }
    }

    @Test(arguments: [
        #"{"id":"r1","inputs":[{"name":"input-0","shape":[2,3],"datatype":"FP32","data":[[1,2.5,-3e2],[0,0.125,1E-3]]}]}"#,
        #"  [true, false, null, "", "a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4e2d\ud83d\ude00", "é中😀"]  "#,
        #"{"nested":{"deep":[[[[1]]]]},"empty":{},"list":[]}"#,
        "-0", "0.5", "123456789012345678", "1.7976931348623157e308", "-2.2250738585072014E-308",
    ])
    func agreesWithFoundation(text: String) throws {
        let ours = try Self.parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.same(ours, theirs))
    }

    @Test(arguments: [
        ("", "end of input"), ("[1,]", "unexpected character"), ("{\"a\":1,}", "member name"), ("01", "start with 0"),
        ("1.", "after '.'"), ("1e", "exponent"), ("-", "needs digits"), ("\"abc", "not closed"), ("[1 2]", "',' or ']'"),
        ("{\"a\" 1}", "':'"), ("{\"a\":1,\"a\":2}", "appears twice"), ("\"\\ud800\"", "lone surrogate"),
        ("\"a\u{01}b\"", "control character"), ("\"\\x\"", "unknown escape"), ("nul", "expected 'null'"), ("{} {}", "after the document"),
        ("1e999", "out of range"), (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "nested more than 64"),
        ("NaN", "unexpected character"), ("'a'", "unexpected character"),
    ])
    func refusesWhatRFC8259Refuses(text: String, fragment: String) {
        #expect {
            try Self.parse(text)
        } throws: { error in
            (error as? JSONValue.SyntaxError)?.description.contains(fragment) ?? false
        }
    }

    @Test func invalidUTF8InAStringIsRefused() {
        #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func sixtyFourLevelsAreAccepted() throws {
        _ = try Self.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
    }
}

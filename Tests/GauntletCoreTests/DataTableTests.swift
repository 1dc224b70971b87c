import Foundation
import GauntletCore
import Testing

/// Reading data files: CSV as RFC 4180 has it (quoted fields across lines), errors at the
/// physical line and the 1-based column, and values bound for headers refused where they are.
@Suite struct DataTableTests {
    static let tagUse = ["tag": "header 'X-Tag' of request 'tagged'"]

    static func parseError(_ read: () throws -> DataTable) -> DataTable.ParseError? {
        do {
            _ = try read()
            return nil
        } catch {
            return error as? DataTable.ParseError
        }
    }

    /// A quoted field may hold line breaks, commas and doubled quotes; the record then spans
    /// lines, and each row remembers the line it starts on.
    @Test func quotedFieldsSpanLines() throws {
        let table = try DataTable.csv("id,text,tag\n1,\"line one\nline two, still\",a\n\n2,\"say \"\"hi\"\"\",b\n")
        #expect(table.columns == ["id", "text", "tag"])
        #expect(table.rows == [["1", "line one\nline two, still", "a"], ["2", "say \"hi\"", "b"]])
        #expect(table.lines == [2, 5])
    }

    @Test func crlfFilesKeepCRLFInsideQuotes() throws {
        let table = try DataTable.csv("id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n")
        #expect(table.rows == [["1", "a\r\nb"], ["2", "c"]])
        #expect(table.lines == [2, 4])
    }

    /// Spaces around an unquoted field are dropped; a quoted field keeps its own.
    @Test func spacesAroundFields() throws {
        let table = try DataTable.csv("a, b\n 1 , \" x \" \n")
        #expect(table.columns == ["a", "b"])
        #expect(table.rows == [["1", " x "]])
    }

    /// Errors name the physical line and the column from 1: after a record spanning lines, the
    /// line a later record starts on, and the column of its first extra field.
    @Test(arguments: [
        ("a,b\n\"x\ny\",1\n3,4,5\n", 4, 5, "3 fields where the header has 2"),
        ("a,b,c\n1,2\n", 2, 4, "2 fields where the header has 3"),
        ("a,b\n1,2\n3\n", 3, 2, "1 field where the header has 2"),
        ("a,b\n1,\"open\n2,3\n", 2, 3, "the quoted field opened here is never closed"),
        ("a,b,a\n1,2,3\n", 1, 5, "column 'a' is named twice in the header"),
        ("", 1, 1, "the file is empty"),
        ("\n\n", 1, 1, "the file is empty"),
    ])
    func csvErrorsAreLocatedFromOne(text: String, line: Int, column: Int, message: String) {
        let error = Self.parseError { try DataTable.csv(text) }
        #expect(error?.line == line && error?.column == column, "\(String(describing: error))")
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
    }

    /// A value bound for a header is refused at the character that would break it, on its own
    /// physical line; the same file reads when the column goes elsewhere (a body).
    @Test func csvValueWithALineBreakIsRefusedForAHeader() throws {
        let text = "id,tag\n1,ok\n2,\"a\r\nX-Injected: yes\"\n"
        let error = try #require(Self.parseError { try DataTable.csv(text, headerColumns: Self.tagUse) })
        #expect(error.line == 3 && error.column == 5)
        #expect(error.message == "column 'tag' holds a line break (CR LF), and it fills header 'X-Tag' of request 'tagged': a header value may not hold CR, LF, NUL or other control characters but a tab: CR and LF would end the header and start another")
        #expect(try DataTable.csv(text).rows[1] == ["2", "a\r\nX-Injected: yes"])
    }

    @Test func csvValueWithANulIsRefusedForAHeader() throws {
        let error = try #require(Self.parseError { try DataTable.csv("id,tag\n1,a\0b\n", headerColumns: Self.tagUse) })
        #expect(error.line == 2 && error.column == 4)
        #expect(error.message.hasPrefix("column 'tag' holds a NUL character"))
    }

    /// A JSONL value is located at its key's value, with the character inside the value.
    @Test func jsonlValueWithALineBreakIsRefusedForAHeader() throws {
        let text = #"""
            {"id": 1, "tag": "ok"}
            {"id": 2, "tag": "a\r\nX-Injected: yes"}
            """#
        let error = try #require(Self.parseError { try DataTable.jsonl(text, headerColumns: Self.tagUse) })
        #expect(error.line == 2 && error.column == 18)
        #expect(error.message.hasPrefix("column 'tag' holds a line break (CR LF) at character 2 of its value, and it fills header 'X-Tag' of request 'tagged'"))
        let table = try DataTable.jsonl(text)
        #expect(table.rows[1] == ["2", "a\r\nX-Injected: yes"])
        #expect(table.lines == [1, 2])
    }

    @Test func jsonlErrorsHaveColumns() {
        let error = Self.parseError { try DataTable.jsonl("{\"a\": 1}\n  [1]\n") }
        #expect(error == DataTable.ParseError(line: 2, column: 3, message: "not a JSON object"))
    }

    /// A filter keeps each row's line with it.
    @Test func keptRowsKeepTheirLines() throws {
        var table = try DataTable.csv("split,x\ntest,1\ntrain,2\ntest,3\n")
        table.keepRows { $0[0] == "test" }
        #expect(table.rows == [["test", "1"], ["test", "3"]])
        #expect(table.lines == [2, 4])
        #expect(table.line(ofRow: 1) == 4 && table.line(ofRow: 2) == nil)
    }
}

import FuzzDriver
import GauntletCore

/// libFuzzer entry point: any bytes as a CSV data file, with one column said to fill a header.
/// A table read has every row as wide as its header, no header-filling value that could break
/// the header, and a file line for every row; a refusal is located from line 1, column 1.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let table = try DataTable.csv(text, headerColumns: ["tag": "header 'X-Tag' of request 'fuzz'"])
        precondition(table.rows.allSatisfy { $0.count == table.columns.count }, "a row is not as wide as the header")
        precondition(table.lines.count == table.rows.count, "\(table.rows.count) rows but \(table.lines.count) lines")
        precondition(zip(table.lines, table.lines.dropFirst()).allSatisfy { $0 < $1 }, "row lines do not rise")
        if let tag = table.index(of: "tag") {
            for row in table.rows {
                precondition(RequestText.headerValueOffence(row[tag]) == nil, "a header-filling value holds a control character")
            }
        }
    } catch {
        precondition(error.line >= 1 && error.column >= 1, "a CSV error located at \(error.line):\(error.column)")
    }
    return 0
}

@_cdecl("CSVReaderFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

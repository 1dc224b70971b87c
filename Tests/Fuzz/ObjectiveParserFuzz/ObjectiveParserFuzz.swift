import FuzzDriver
import GauntletCore

/// libFuzzer entry point: any bytes as an objective (`latency.p99 < 50ms`). What parses prints
/// as text that parses to the same objective, so a report's echo of it means what the user wrote.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzObjectiveParser(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let expression = try? ObjectiveParser.parse(text) else { return 0 }
    let printed = expression.description
    guard let again = try? ObjectiveParser.parse(printed) else {
        preconditionFailure("'\(text)' parsed, but its description '\(printed)' does not")
    }
    precondition(again.description == printed, "'\(printed)' reprints as '\(again.description)'")
    return 0
}

@_cdecl("ObjectiveParserFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

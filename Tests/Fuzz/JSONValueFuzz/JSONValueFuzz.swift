import FuzzDriver
import GauntletServer

/// libFuzzer entry point: any bytes as a request body for the server's strict JSON reader. It
/// returns a value or a syntax error, within its depth limit; it never crashes or overflows the stack.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONValue(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    precondition(depth(of: value) <= JSONValue.maximumDepth, "a value deeper than \(JSONValue.maximumDepth) was accepted")
    return 0
}

private func depth(of value: JSONValue) -> Int {
    switch value {
    case .array(let items): 1 + (items.map(depth(of:)).max() ?? 0)
    case .object(let members): 1 + (members.values.map(depth(of:)).max() ?? 0)
    default: 0
    }
}

@_cdecl("JSONValueFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

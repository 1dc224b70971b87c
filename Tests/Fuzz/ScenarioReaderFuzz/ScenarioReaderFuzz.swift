import FuzzDriver
import GauntletCore

/// libFuzzer entry point: any bytes as a scenario file. A scenario is read or refused with a
/// located error, never a crash; what is read cannot change a request line or add a header
/// (issue 13: methods and header names are tokens, header values and paths hold no control
/// character outside the placeholders that data fills later).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenarioReader(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let scenario: Scenario
    do { scenario = try ScenarioParser.parse(yaml: text, file: "fuzz.yaml", folder: "/nonexistent") } catch {
        precondition(!error.message.isEmpty, "a scenario was refused without a message")
        precondition(error.line >= 0 && error.column >= 0, "a scenario error located at \(error.line):\(error.column)")
        return 0
    }
    precondition(!scenario.requests.isEmpty || scenario.replay != nil, "a scenario was read with nothing to send")
    for request in scenario.requests {
        precondition(!request.method.isEmpty && RequestText.tokenOffence(request.method) == nil, "method '\(request.method)'")
        precondition(RequestText.pathOffence(writtenText(of: request.path)) == nil, "path '\(request.path)'")
        for header in request.headers {
            precondition(!header.name.isEmpty && RequestText.tokenOffence(header.name) == nil, "header name '\(header.name)'")
            precondition(RequestText.headerValueOffence(writtenText(of: header.value)) == nil, "header value '\(header.value)'")
        }
    }
    return 0
}

/// `text` without its `{{…}}` placeholders, which may hold spaces (`{{ px0 }}`) and are filled,
/// and checked, value by value.
private func writtenText(of text: String) -> String {
    Placeholder.pieces(of: text).reduce(into: "") { result, piece in
        if case .text(let written) = piece { result += written }
    }
}

@_cdecl("ScenarioReaderFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

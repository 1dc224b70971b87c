import FuzzDriver
import Foundation
import GauntletServer

/// The model the requests are for: digits-logreg from the repository's `models/` (64 inputs).
private let model: DenseModel = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let file = root.appendingPathComponent("models/digits-logreg/1/model.json")
    do {
        let definition = try JSONDecoder().decode(ModelDefinition.self, from: Data(contentsOf: file))
        return try DenseModel(definition)
    } catch {
        fatalError("cannot load \(file.path): \(error)")
    }
}()

/// libFuzzer entry point: any bytes as the body of a KServe V2 infer request. The server reads
/// it or answers a 400 naming the problem; what it reads has rows as wide as the model's
/// input, and answering it (predict, encode) never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInferRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let body = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    let request: InferRequest
    do { request = try InferRequest.parse(body, for: model) } catch {
        guard case .badRequest(let message) = error else { return 0 }
        precondition(!message.isEmpty, "a request was refused without a message")
        return 0
    }
    precondition(!request.rows.isEmpty && request.rows.allSatisfy { $0.count == model.inputWidth },
        "a request was read with rows not \(model.inputWidth) wide")
    let predictions = request.rows.map { model.predict($0) }
    let answer = InferResponse.encode(predictions, request: request, model: model)
    precondition(!answer.isEmpty, "an empty answer")
    return 0
}

@_cdecl("InferRequestFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

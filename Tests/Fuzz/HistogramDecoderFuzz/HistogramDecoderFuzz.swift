import FuzzDriver
import Foundation
import GauntletCore
import Histogram

/// libFuzzer entry point: any bytes as an HdrHistogram V2 encoding (compressed or not), as a
/// result file or a merge would hand them over. What decodes re-encodes to bytes that decode
/// to an equal histogram, so a merge of saved results loses nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistogramDecoder(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(UnsafeRawBufferPointer(start: start, count: count))
    guard let decoded = try? Histogram<UInt64>(decodingV2: data) else { return 0 }
    let again: Histogram<UInt64>
    do { again = try Histogram<UInt64>(decodingV2: decoded.encodedV2()) } catch {
        preconditionFailure("a decoded histogram's own encoding does not decode: \(error)")
    }
    precondition(again == decoded, "a decoded histogram changed through its own encoding")
    precondition(again.totalCount == decoded.totalCount, "the count changed through an encoding")
    return 0
}

@_cdecl("HistogramDecoderFuzz_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv)
}

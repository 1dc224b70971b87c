/// libFuzzer's entry, for executables SwiftPM builds.
///
/// SwiftPM renames an executable's `main` to `<Module>_main` and links `main` to it, so
/// libFuzzer's own `main` never runs. Each target's `<Module>_main` calls `runFuzzer`, which hands
/// control to libFuzzer's driver with the target's `LLVMFuzzerTestOneInput`.
@_extern(c, "LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt

@_extern(c, "LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt

public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return llvmFuzzerRunDriver(&argc, &argv) { start, count in llvmFuzzerTestOneInput(start, count) }
}

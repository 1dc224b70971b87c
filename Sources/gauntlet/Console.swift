import Foundation

extension FileHandle {
    /// `write(_:)` that ignores a closed pipe: Foundation's `write(_:)` traps on EPIPE
    /// (`gauntlet run … | head`, a parent that went away), and neither a run's summary nor a
    /// server's drain should die of a reader that left.
    func send(_ data: Data) { try? write(contentsOf: data) }
}

/// Lines to stdout and stderr, sent with `FileHandle.send`.
enum Console {
    static func out(_ line: String) { FileHandle.standardOutput.send(Data((line + "\n").utf8)) }
    static func error(_ line: String) { FileHandle.standardError.send(Data((line + "\n").utf8)) }
}

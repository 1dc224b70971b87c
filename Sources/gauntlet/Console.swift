import Foundation

/// Lines to stdout and stderr that never crash the process: Foundation's `FileHandle.write(_:)`
/// traps on a closed pipe (`gauntlet serve | head`, a parent that went away), and a server must
/// keep serving, and drain on SIGTERM, whoever stopped reading its log.
enum Console {
    static func out(_ line: String) { write(line, to: .standardOutput) }
    static func error(_ line: String) { write(line, to: .standardError) }

    private static func write(_ line: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }
}

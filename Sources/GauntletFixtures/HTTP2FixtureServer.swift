import Foundation
import Synchronization

/// `nghttpd` (nghttp2's HTTP/2 server) on 127.0.0.1: over TLS with the test CA's server
/// certificate, HTTP/2 chosen by ALPN, or without TLS by prior knowledge (`h2c`). It answers
/// `GET /` with `ok` and echoes POST bodies. Its frame log is read as it is written, so tests can
/// see how many connections a run opened and how many streams one carried at once: read them
/// after ``stop()``, which returns once every line the server wrote has been counted.
public final class HTTP2FixtureServer: Sendable {
    public let port: Int
    public let baseURL: String
    private let process: Process
    private let log: FrameLog
    private let htdocs: URL
    /// Signalled when the log reaches its end (the server has exited and every line is read).
    private let logEnded = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)

    /// Connections that spoke HTTP/2 to the server so far (the readiness probe's does not count).
    public var connectionsAccepted: Int { log.state.withLock { $0.connections.count } }
    /// Requests received so far (HEADERS frames opening a stream).
    public var requestsReceived: Int { log.state.withLock { $0.requests } }
    /// The most streams one connection had open at once: requests received and not yet answered.
    public var mostStreamsAtOnce: Int { log.state.withLock { $0.mostOpen } }

    /// - Parameter certificates: nil serves `h2c` (prior knowledge, no TLS).
    public init(certificates: TestCertificates?, maxConcurrentStreams: Int = 100, startTimeout: TimeInterval = 20) throws {
        htdocs = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-h2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: htdocs, withIntermediateDirectories: true)
        try Data("ok\n".utf8).write(to: htdocs.appendingPathComponent("index.html"))
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nghttpd")
        process.arguments = ["-v", "-a", "127.0.0.1", "-d", htdocs.path, "--echo-upload", "-m", String(maxConcurrentStreams)]
            + (certificates.map { [String(port), $0.serverKey, $0.serverCertificate] } ?? ["--no-tls", String(port)])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            try? FileManager.default.removeItem(at: htdocs)
            throw FixtureError("nghttpd did not start (apt-get install nghttp2-server): \(error)")
        }
        let log = FrameLog()
        let reading = pipe.fileHandleForReading
        let logEnded = logEnded
        Thread.detachNewThread {
            defer { logEnded.signal() }
            var pending = ""
            while case let data = reading.availableData, !data.isEmpty {
                pending += String(decoding: data, as: UTF8.self)
                guard let end = pending.lastIndex(of: "\n") else { continue }
                log.read(pending[..<end])
                pending = String(pending[pending.index(after: end)...])
            }
        }
        self.process = process
        self.log = log
        self.port = port
        baseURL = "\(certificates == nil ? "http" : "https")://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(startTimeout)
        while !Self.accepts(port) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw FixtureError("nghttpd did not start listening on 127.0.0.1:\(port)")
            }
            usleep(20_000)
        }
    }

    /// Stops the server and waits until its log is read to the end (or 10 s), so the counts are final.
    public func stop() {
        guard !stopped.withLock({ let was = $0; $0 = true; return was }) else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        _ = logEnded.wait(timeout: .now() + 10)
        try? FileManager.default.removeItem(at: htdocs)
    }

    /// A port nothing listens on: bound, then released for the server to take.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in(
            sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw FixtureError("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in(
            sin_family: sa_family_t(AF_INET), sin_port: in_port_t(UInt16(port).bigEndian),
            sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// nghttpd's `-v` lines, counted as they come:
    /// `[id=1] [  0.001] recv HEADERS frame <length=30, flags=0x25, stream_id=1>`.
    final class FrameLog: Sendable {
        struct State {
            var connections: Set<Int> = []
            var open: [Int: Int] = [:]
            var requests = 0
            var mostOpen = 0
        }
        let state = Mutex(State())

        func read(_ text: Substring) {
            state.withLock { state in
                for line in text.split(separator: "\n") {
                    guard line.hasPrefix("[id="), let close = line.firstIndex(of: "]"),
                          let connection = Int(line[line.index(line.startIndex, offsetBy: 4)..<close])
                    else { continue }
                    // A client's connection sends frames; the start-up probe's connects and leaves.
                    if line.contains(" recv ") { state.connections.insert(connection) }
                    guard let stream = Self.field("stream_id=", in: line), stream > 0 else { continue }
                    if line.contains("recv HEADERS frame") {
                        state.requests += 1
                        state.open[connection, default: 0] += 1
                        state.mostOpen = max(state.mostOpen, state.open[connection]!)
                    } else if line.contains(" send "), let flags = Self.field("flags=0x", in: line, radix: 16), flags & 0x1 != 0 {
                        state.open[connection, default: 0] -= 1  // END_STREAM: the answer is complete
                    }
                }
            }
        }

        static func field(_ name: String, in line: Substring, radix: Int = 10) -> Int? {
            guard let range = line.range(of: name) else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isHexDigit }, radix: radix)
        }
    }
}

import Foundation

/// A bare TCP connection speaking HTTP/1.1 by hand, for tests that need what URLSession hides:
/// a client that stalls mid-request, exact headers, a connection's close.
public final class RawHTTPConnection {
    public struct Response {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    public let socket: Int32

    public init(port: Int, receiveTimeout: TimeInterval = 10) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    public func send(_ text: String) { send(Data(text.utf8)) }

    public func send(_ data: Data) {
        data.withUnsafeBytes { _ = Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// A request with a body and its Content-Length, on a kept-alive connection.
    public func request(_ method: String, _ path: String, body: String? = nil, headers: [String] = []) {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        send(text)
    }

    /// A chunked body's bytes, once its last (empty) chunk has arrived; nil while it has not.
    static func dechunked(_ raw: Data) -> Data? {
        var body = Data()
        var position = raw.startIndex
        while let lineEnd = raw[position...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: raw[position..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 { return body }
            let start = lineEnd.upperBound
            guard raw.endIndex - start >= size + 2 else { return nil }
            body.append(raw[start..<(start + size)])
            position = start + size + 2
        }
        return nil
    }

    /// Reads one response (by Content-Length, or a chunked body to its end); nil if the
    /// connection closed or timed out first.
    public func readResponse() -> Response? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let end = buffer.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                if headers["transfer-encoding"]?.lowercased() == "chunked" {
                    if let body = Self.dechunked(buffer[end.upperBound...]) {
                        return Response(status: status, headers: headers, body: body)
                    }
                } else {
                    let length = Int(headers["content-length"] ?? "0") ?? 0
                    if buffer.count - end.upperBound >= length {
                        return Response(status: status, headers: headers, body: buffer[end.upperBound..<(end.upperBound + length)])
                    }
                }
            }
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Whether the server closed the connection (a read returns end of file) within the timeout.
    public func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, 0) == 0
    }
}

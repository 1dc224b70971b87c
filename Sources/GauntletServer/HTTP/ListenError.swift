import Foundation
import NIOCore

/// Why the server could not listen, in words a person acts on: a port already taken is the
/// common case and says so, rather than as `bind(…): Address already in use (errno: 98)`.
public struct ListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let underlying: any Error

    public var description: String {
        switch (underlying as? IOError)?.errnoCode {
        case EADDRINUSE?:
            "port \(port) is already in use on \(host); stop what listens there, or give another --port (0 picks a free one)"
        case EACCES?:
            "not allowed to listen on port \(port) of \(host) (ports below 1024 need privileges); give another --port"
        case EADDRNOTAVAIL?:
            "\(host) is not an address of this machine; give --host 127.0.0.1, 0.0.0.0 or one of its addresses"
        default:
            "cannot listen on \(host):\(port): \(underlying)"
        }
    }
}

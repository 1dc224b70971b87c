import CCurl
import Foundation
import GauntletCore

/// A request spec turned into what libcurl reads: C strings, a header list and a body
/// buffer that stay put for the whole run, shared read-only by every worker's handles.
final class PreparedRequest: @unchecked Sendable {
    let url: String
    let method: String
    let userAgent: String
    let headerList: UnsafeMutablePointer<curl_slist>?
    let body: UnsafeMutableRawBufferPointer?

    static let userAgent = "gauntlet/\(GauntletVersion.current)"

    init(_ spec: RequestSpec) {
        url = spec.url.absoluteString
        method = spec.method.uppercased()
        userAgent = Self.userAgent
        var list: UnsafeMutablePointer<curl_slist>?
        // With a body, "Expect:" stops libcurl from waiting for a 100-continue on larger
        // bodies, a round trip the user did not ask for.
        for line in spec.headers + (spec.body == nil ? [] : ["Expect:"]) {
            list = curl_slist_append(list, line)
        }
        headerList = list
        if let data = spec.body {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, data.count), alignment: 1)
            _ = data.copyBytes(to: buffer.bindMemory(to: UInt8.self))
            body = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<data.count])
        } else {
            body = nil
        }
    }

    deinit {
        curl_slist_free_all(headerList)
        body?.deallocate()
    }
}

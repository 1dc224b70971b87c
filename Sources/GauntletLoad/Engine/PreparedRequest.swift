import CCurl
import Foundation
import GauntletCore

/// A request turned into what libcurl reads: C strings, a header list and a body buffer
/// that stay put for the whole run, shared read-only by every worker's handles.
final class PreparedRequest: @unchecked Sendable {
    let url: String
    let method: String
    let headerList: UnsafeMutablePointer<curl_slist>?
    let body: UnsafeMutableRawBufferPointer?
    /// Index of the request's template, for per-request figures.
    let template: Int
    /// The data rows it carries, to count predictions by row.
    let rows: [Int]
    /// Each row's expected answer; when there are any, the response is read for the predictions.
    let labels: [String]
    /// Whether the answer's body is kept, for the predictions read from it. (Body checks need
    /// no body kept: they are judged as it streams in.)
    let keepsBody: Bool

    static let userAgent = "gauntlet/\(GauntletVersion.current)"

    init(_ request: MaterializedRequest, baseURL: String) {
        url = baseURL + request.path
        method = request.method.uppercased()
        template = request.template
        rows = request.rows
        labels = request.labels
        keepsBody = !request.labels.isEmpty
        var list: UnsafeMutablePointer<curl_slist>?
        // With a body, "Expect:" stops libcurl from waiting for a 100-continue on larger
        // bodies, a round trip the user did not ask for.
        for line in request.headers + (request.body == nil ? [] : ["Expect:"]) {
            list = curl_slist_append(list, line)
        }
        headerList = list
        if let data = request.body {
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

import GauntletCore

/// The failed requests a report kept, for a person working out why: in the terminal with
/// `--verbose`, and as a section of the HTML page.
enum FailureSamplesRenderer {
    /// One heading per request and failure, then each sample: when, where, libcurl's words,
    /// headers and the start of the body.
    static func text(_ samples: [FailureSample]) -> String {
        guard !samples.isEmpty else { return "" }
        var text = "\nfailed requests (the first \(FailureSamples.perFailure) per request and failure)\n"
        for sample in samples {
            text += "  \(sample.request) · \(title(sample)) · at \(FigureFormat.seconds(sample.atSeconds))"
                + (sample.address.map { " · \($0)" } ?? "") + "\n"
            if let message = sample.message { text += "    \(message)\n" }
            for header in sample.headers ?? [] { text += "    \(header)\n" }
            if let body = sample.body, !body.isEmpty {
                text += "    body: \(oneLine(body))\n"
            }
        }
        return text
    }

    /// `HTTP 404`, or the kind in words (`connect refused`) when no answer came.
    static func title(_ sample: FailureSample) -> String {
        let kind = ErrorKind(rawValue: sample.kind)
        if sample.status > 0 {
            let status = "HTTP \(sample.status)"
            return kind == .http4xx || kind == .http5xx ? status : "\(kind?.label ?? sample.kind) (\(status))"
        }
        return kind?.label ?? sample.kind
    }

    /// Control characters shown, lines joined, so one sample stays one readable line.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }
            .filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }

    static func html(_ samples: [FailureSample]) -> String {
        guard !samples.isEmpty else { return "" }
        var html = "<h2 id=\"failures\">Failed requests</h2>\n"
        html += "<p class=\"note\">The first \(FailureSamples.perFailure) of each request and failure, by intended send time.</p>\n"
        html += "<table class=\"failures\"><thead><tr><th>request</th><th>failure</th><th class=\"num\">at</th>"
            + "<th>address</th><th>what came back</th></tr></thead><tbody>\n"
        for sample in samples {
            var detail: [String] = []
            if let message = sample.message { detail.append(HTMLText.escape(message)) }
            if let headers = sample.headers, !headers.isEmpty {
                detail.append("<pre>" + HTMLText.escape(headers.joined(separator: "\n")) + "</pre>")
            }
            if let body = sample.body, !body.isEmpty { detail.append("<pre>" + HTMLText.escape(body) + "</pre>") }
            html += "<tr><td><code>\(HTMLText.escape(sample.request))</code></td><td>\(HTMLText.escape(title(sample)))</td>"
                + "<td class=\"num\">\(HTMLText.escape(FigureFormat.seconds(sample.atSeconds)))</td>"
                + "<td>\(HTMLText.escape(sample.address ?? "—"))</td><td>\(detail.joined())</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}

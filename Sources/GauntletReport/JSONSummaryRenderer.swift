import Foundation
import GauntletCore

/// What `gauntlet run --json` prints: the run summary's fields at the top level (as before),
/// and beside them what a CI step acts on: the verdict and its headline, every objective with
/// its measured value, the figures of each request (`by_request`), quality, cost and the
/// report files written. The report's dialect: times in milliseconds unless a key says otherwise.
public enum JSONSummaryRenderer {
    public static func render(_ result: RunResult, reports: ReportPaths = ReportPaths()) throws -> Data {
        try ResultJSON.encoder().encode(Digest(result: result, reports: reports))
    }

    /// The files a run wrote, for a script to pick up without parsing standard error.
    public struct ReportPaths: Codable, Sendable, Equatable {
        public var json: String?
        public var html: String?
        public var junit: String?
        public var markdown: String?

        public init(json: String? = nil, html: String? = nil, junit: String? = nil, markdown: String? = nil) {
            self.json = json
            self.html = html
            self.junit = junit
            self.markdown = markdown
        }
    }

    struct Digest: Encodable {
        let result: RunResult
        let reports: ReportPaths

        enum Keys: String, CodingKey {
            case verdict, strict, headline, notes, objectives, byRequest, quality, cost, reports
        }

        func encode(to encoder: any Encoder) throws {
            // The summary's own keys first, into the same object.
            try result.summary.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            let verdict = VerdictSummary(result)
            try container.encode(result.verdict, forKey: .verdict)
            try container.encodeIfPresent(result.strict, forKey: .strict)
            try container.encode(verdict.headline, forKey: .headline)
            try container.encode(verdict.notes, forKey: .notes)
            try container.encode(result.objectives, forKey: .objectives)
            try container.encode(result.requests, forKey: .byRequest)
            try container.encodeIfPresent(result.quality, forKey: .quality)
            try container.encodeIfPresent(result.cost, forKey: .cost)
            if reports != ReportPaths() { try container.encode(reports, forKey: .reports) }
        }
    }
}

import Foundation
import GauntletCore
import Testing

/// The proof of identical traffic: a digest of (arrival index, intended offset, row) that is the
/// same for every candidate by construction, whatever the order it is added in.
@Suite struct TrafficDigestTests {
    static let scenarioText = """
        candidates:
          - {name: current, baseline: true, model: digits-logreg}
          - {name: candidate, model: digits-mlp}
        data:
          digits: {file: digits.csv, label: label, order: shuffled}
        requests:
          - name: predict
            weight: 3
            path: /v2/models/{{model}}/infer
            body: {v2: {data: digits, shape: [1, 2]}}
          - name: explain
            path: /explain/{{model}}?digit={{label}}
            data: digits
        load:
          warmup: 2s
          arrivals: poisson
          seed: 5
          phases:
            - constant: {rate: 200/s, duration: 30s}
        """
    static let table = try! DataTable.csv("label,a,b\n" + (0..<37).map { "\($0 % 10),\($0),\($0 * 2)\n" }.joined())

    static func catalogs(_ text: String = scenarioText) throws -> (Scenario, [RequestCatalog]) {
        let scenario = try ScenarioParser.parse(yaml: text, file: "compare.yaml", folder: "/tmp")
        let catalogs = try scenario.candidates.map { candidate in
            try RequestCatalog.build(scenario: scenario, candidate: candidate, tables: ["digits": table], environment: [:])
        }
        return (scenario, catalogs)
    }

    @Test func everyCandidateIsSentTheSameRowsForTheSameArrival() throws {
        let (_, catalogs) = try Self.catalogs()
        let (current, candidate) = (catalogs[0], catalogs[1])
        #expect(current.requests.count == candidate.requests.count)
        for arrival in 0..<2_000 {
            let index = current.requestIndex(forArrival: arrival)
            #expect(candidate.requestIndex(forArrival: arrival) == index)
            let a = current.requests[index], b = candidate.requests[index]
            #expect(a.template == b.template && a.rows == b.rows && a.labels == b.labels)
            #expect(a.path != b.path)
            #expect(a.path.contains("digits-logreg") && b.path.contains("digits-mlp"))
        }
    }

    @Test func candidatesDigestsAreEqualAndAddUpOverBlocksInAnyOrder() throws {
        let (scenario, catalogs) = try Self.catalogs()
        let source = LoadPlan(load: scenario.load)
        let plan = BlockPlan(plan: source, candidates: 2, blocks: 6)
        let digests = catalogs.map { plan.trafficDigest(catalog: $0) }
        #expect(digests[0] == digests[1])
        #expect(digests[0].arrivals == UInt64(Array(source.model.schedule.arrivals()).count))

        // Computed straight from the whole schedule, arrival by arrival, in reverse.
        var whole = TrafficDigest()
        for arrival in Array(source.model.schedule.arrivals()).reversed() {
            let request = catalogs[1].requests[catalogs[1].requestIndex(forArrival: arrival.index)]
            whole.add(index: arrival.index, intended: arrival.intended, payload: TrafficDigest.payload(of: request))
        }
        #expect(whole == digests[0])

        // Blocks merged in the order candidate 1 is sent them.
        var merged = TrafficDigest()
        for step in plan.steps where step.candidates == [1] { merged.merge(plan.trafficDigest(of: step.part, catalog: catalogs[1])) }
        #expect(merged == digests[1])
    }

    /// Other rows (another shuffle), another arrival index or another offset change the digest.
    @Test func anyDifferenceInRowsIndicesOrOffsetsShows() throws {
        let (scenario, catalogs) = try Self.catalogs()
        let (_, reseeded) = try Self.catalogs(Self.scenarioText.replacingOccurrences(of: "seed: 5", with: "seed: 6"))
        // The same schedule (seed 5) sent with seed 6's shuffled rows.
        let plan = BlockPlan(plan: LoadPlan(load: scenario.load), candidates: 2, blocks: 6)
        #expect(plan.trafficDigest(catalog: reseeded[0]) != plan.trafficDigest(catalog: catalogs[0]))

        var a = TrafficDigest(), b = TrafficDigest(), c = TrafficDigest()
        a.add(index: 1, intended: 100, payload: TrafficDigest.payload(template: 0, rows: [3]))
        b.add(index: 2, intended: 100, payload: TrafficDigest.payload(template: 0, rows: [3]))
        c.add(index: 1, intended: 101, payload: TrafficDigest.payload(template: 0, rows: [3]))
        #expect(a != b && a != c && b != c)
        #expect(TrafficDigest.payload(template: 0, rows: [3, 4]) != TrafficDigest.payload(template: 0, rows: [4, 3]))
        #expect(TrafficDigest.payload(template: 0, rows: [3]) != TrafficDigest.payload(template: 1, rows: [3]))
    }

    @Test func itIsSavedAsACountAndSixteenHexDigits() throws {
        var digest = TrafficDigest()
        digest.add(index: 7, intended: 123_456, payload: 42)
        let data = try JSONEncoder().encode(digest)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"arrivals\":1"))
        #expect(try JSONDecoder().decode(TrafficDigest.self, from: data) == digest)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TrafficDigest.self, from: Data(#"{"arrivals": 1, "digest": "xyz"}"#.utf8))
        }
    }
}

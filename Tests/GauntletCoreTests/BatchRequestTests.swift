import Foundation
import GauntletCore
import Testing

/// V2 requests carrying several data rows: which rows each request carries, the body built from
/// them, and the labels that go with them.
@Suite struct BatchRequestTests {
    /// Ten rows: row i has label "i" and features (i, 10 + i), so a body shows which rows it holds.
    static let table = try! DataTable.csv(
        "label,a,b\n" + (0..<10).map { "\($0),\($0),\(10 + $0)" }.joined(separator: "\n") + "\n")

    static func catalog(v2: String, order: String = "sequential", seed: UInt64 = 1) throws -> RequestCatalog {
        let scenario = try ScenarioParser.parse(yaml: """
            data:
              rows: {file: rows.csv, label: label, order: \(order)}
            requests:
              - name: predict
                path: /v2/models/m/infer
                body: {v2: \(v2)}
            load:
              seed: \(seed)
              phases: [{constant: {rate: 1/s, duration: 1s}}]
            """, file: "batch.yaml", folder: "/tmp")
        return try RequestCatalog.build(scenario: scenario, tables: ["rows": table], environment: [:])
    }

    /// The body's tensor: its shape and its data as numbers.
    static func tensor(_ request: MaterializedRequest) throws -> (shape: [Int], data: [Double]) {
        let body = try #require(request.body)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let input = try #require((object["inputs"] as? [[String: Any]])?.first)
        let shape = try #require(input["shape"] as? [Int])
        return (shape, try #require(input["data"] as? [Double]))
    }

    /// Rows 4 over 10 rows: ⌈10 ÷ 4⌉ = 3 requests of consecutive rows, the last wrapping to the
    /// start; the `-1` batch dimension becomes 4, each body holds its rows' features in order.
    @Test func fourRowsPerRequestAreConsecutiveAndWrapAround() throws {
        let catalog = try Self.catalog(v2: "{data: rows, rows: 4, shape: [-1, 2]}")
        #expect(catalog.requests.map(\.rows) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]])
        #expect(catalog.requests.map(\.labels) == [["0", "1", "2", "3"], ["4", "5", "6", "7"], ["8", "9", "0", "1"]])
        for request in catalog.requests {
            let tensor = try Self.tensor(request)
            #expect(tensor.shape == [4, 2])
            #expect(tensor.data == request.rows.flatMap { [Double($0), Double(10 + $0)] })
        }
        // Arrivals take the requests in turn, so the rows go by in the source's order.
        #expect((0..<7).map { catalog.requests[catalog.requestIndex(forArrival: $0)].rows[0] } == [0, 4, 8, 0, 4, 8, 0])
    }

    /// The written batch dimension and a free feature dimension: [4, -1] with two features is [4, 2].
    @Test func aFreeFeatureDimensionIsFilledPerRow() throws {
        let catalog = try Self.catalog(v2: "{data: rows, rows: 4, shape: [4, -1]}")
        #expect(try Self.tensor(catalog.requests[0]).shape == [4, 2])
        let image = try Self.catalog(v2: "{data: rows, rows: 5, shape: [-1, 1, 2]}")
        #expect(image.requests.count == 2)
        #expect(try Self.tensor(image.requests[1]).shape == [5, 1, 2])
    }

    /// A shuffled source is shuffled first and then cut into batches: every row is carried, and
    /// the same seed cuts the same batches.
    @Test func aShuffledSourceIsBatchedInItsShuffledOrder() throws {
        let catalog = try Self.catalog(v2: "{data: rows, rows: 5, shape: [-1, 2]}", order: "shuffled", seed: 3)
        let carried = catalog.requests.map(\.rows)
        #expect(carried.count == 2 && carried.joined().sorted() == Array(0..<10))
        #expect(carried.joined().map { $0 } != Array(0..<10), "the seed's order is not the file's")
        let again = try Self.catalog(v2: "{data: rows, rows: 5, shape: [-1, 2]}", order: "shuffled", seed: 3)
        #expect(again.requests.map(\.rows) == carried)
        // One row per request visits the rows in the same order as five per request.
        let single = try Self.catalog(v2: "{data: rows, shape: [1, -1]}", order: "shuffled", seed: 3)
        #expect(single.requests.map(\.rows).joined().map { $0 } == carried.joined().map { $0 })
    }

    /// More rows per request than the source has: the one request repeats rows to fill its batch.
    @Test func aBatchLargerThanTheDataRepeatsRows() throws {
        let catalog = try Self.catalog(v2: "{data: rows, rows: 12, shape: [-1, 2]}")
        #expect(catalog.requests.map(\.rows) == [Array(0..<10) + [0, 1]])
        #expect(try Self.tensor(catalog.requests[0]).shape == [12, 2])
    }

    /// A shape whose other dimensions do not hold a row's features is refused when the data is read,
    /// at the request.
    @Test func aShapeThatDoesNotHoldARowIsRefused() throws {
        let error = #expect(throws: ScenarioError.self) { try Self.catalog(v2: "{data: rows, rows: 4, shape: [4, 3]}") }
        #expect(error?.line == 4 && error?.column == 5)
        #expect(error?.message == "request 'predict': v2 shape [4, 3] holds 3 values per row, but each row has 2 features")
    }
}

import GauntletCore
import Testing

@Suite struct CostFiguresTests {
    static func template(_ body: BodySpec?) -> RequestTemplate {
        RequestTemplate(
            name: "r", weight: 1, method: body == nil ? "GET" : "POST", path: "/", headers: [], body: body, data: nil,
            expectedStatuses: [], checks: [], line: 1, column: 1)
    }

    static let v2Batch8 = BodySpec.inferV2(InferV2Body(data: "d", input: "x", shape: [8, 64], datatype: "FP32", rows: 8))
    static let v2Free = BodySpec.inferV2(InferV2Body(data: "d", input: "x", shape: [-1, 64], datatype: "FP32"))
    static let v2FreeRows4 = BodySpec.inferV2(InferV2Body(data: "d", input: "x", shape: [-1, 64], datatype: "FP32", rows: 4))

    /// Rows of (body, the cost section's predictions_per_request, predictions counted per request).
    @Test(arguments: [
        (nil, nil, 0), (nil, 4, 0),  // a request without a body is no prediction
        // A V2 body counts the rows it carries, unless the cost section says otherwise.
        (v2Batch8, nil, 8), (v2Batch8, 2, 2), (v2Free, nil, 1), (v2FreeRows4, nil, 4), (v2FreeRows4, 1, 1),
        (.literal("{}"), nil, 1), (.template("{{a}}", data: "d"), 3, 3),
    ] as [(BodySpec?, Int?, UInt64)])
    func predictionsPerRequest(body: BodySpec?, fixed: Int?, expected: UInt64) {
        let cost = CostSection(hourlyPrice: 1, instances: 1, currency: "USD", predictionsPerRequest: fixed)
        #expect(CostFigures.predictionsPerRequest(Self.template(body), cost: cost) == expected)
    }

    /// 3.60/h × 2 instances for 10 s is 0.02; over 1,000 predictions that is 0.00002 each, 20 per million.
    @Test func costIsPriceOverPredictionsInTheWindow() throws {
        let cost = CostSection(hourlyPrice: 3.6, instances: 2, currency: "EUR", predictionsPerRequest: nil)
        let figures = try #require(CostFigures(cost: cost, predictions: 1_000, windowSeconds: 10, meetsObjectives: true))
        #expect(abs(figures.costPerPrediction - 0.00002) < 1e-15)
        #expect(abs(figures.costPerMillionPredictions - 20) < 1e-9)
        #expect(figures.predictionsPerSecond == 100)
        #expect(CostFigures(cost: cost, predictions: 0, windowSeconds: 10, meetsObjectives: nil) == nil)
    }
}

import Foundation
import GauntletCore
import GauntletServer
import Testing

/// The Swift forward passes against scikit-learn's own predictions on the 450 test rows:
/// the same class on every row, probabilities within 1e-5.
@Suite struct ModelPredictionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct TestPredictions: Decodable {
        var labels: [Int]
        var predicted: [Int]
        var probabilities: [[Double]]
    }

    static func testRows() throws -> [[Double]] {
        let text = try String(contentsOf: root.appendingPathComponent("scenarios/data/digits.csv"), encoding: .utf8)
        let table = try DataTable.csv(text)
        let split = table.index(of: "split")!
        let pixels = (0..<64).map { table.index(of: "px\($0)")! }
        return table.rows.filter { $0[split] == "test" }.map { row in pixels.map { Double(row[$0])! } }
    }

    @Test(arguments: ["digits-logreg", "digits-mlp"])
    func swiftPredictionsEqualScikitLearns(model name: String) throws {
        let repository = try ModelRepository(folder: Self.root.appendingPathComponent("models").path)
        let model = try #require(repository.model(named: name, version: "1"))
        let expected = try JSONDecoder().decode(
            TestPredictions.self,
            from: Data(contentsOf: Self.root.appendingPathComponent("models/\(name)/1/test-predictions.json")))
        let rows = try Self.testRows()
        #expect(rows.count == 450)
        var worst = 0.0
        var correct = 0
        for (index, row) in rows.enumerated() {
            let prediction = model.predict(row)
            #expect(prediction.label == expected.predicted[index], "row \(index)")
            for (mine, theirs) in zip(prediction.probabilities, expected.probabilities[index]) {
                worst = max(worst, abs(mine - theirs))
            }
            if prediction.label == expected.labels[index] { correct += 1 }
        }
        #expect(worst < 1e-5, "largest probability difference \(worst)")
        // The accuracies the trainer reports: 437/450 and 440/450.
        #expect(correct == (name == "digits-logreg" ? 437 : 440))
    }

    @Test func aLayerThatDoesNotFitIsRefusedAtLoad() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("models/digits-logreg/1/model.json"))
        var definition = try JSONDecoder().decode(ModelDefinition.self, from: data)
        definition.layers[0].weights[3].removeLast()
        #expect(throws: DenseModel.LoadError.self) { try DenseModel(definition) }
    }
}

import Foundation
import GauntletRun
import Testing

/// The embedded server's models are found from any folder: what the user named first, then
/// the first place that holds models; and a miss says where it looked and how to point at them.
@Suite struct ModelRepositoryLocatorTests {
    /// A throwaway tree: `<root>/checkout/models/m/1/model.json` and an executable at
    /// `<root>/checkout/.build/debug/gauntlet`; the working folder is `<root>/elsewhere`.
    struct Tree {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-models-\(UUID().uuidString)")
        var checkoutModels: String { root.appendingPathComponent("checkout/models").path }
        var executable: URL { root.appendingPathComponent("checkout/.build/debug/gauntlet") }
        var elsewhere: String { root.appendingPathComponent("elsewhere").path }

        init(withModels: Bool = true) throws {
            let manager = FileManager.default
            try manager.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            try manager.createDirectory(at: executable.deletingLastPathComponent(), withIntermediateDirectories: true)
            if withModels {
                try manager.createDirectory(atPath: checkoutModels + "/m/1", withIntermediateDirectories: true)
                try Data("{}".utf8).write(to: URL(fileURLWithPath: checkoutModels + "/m/1/model.json"))
            }
        }

        func locator(flag: String? = nil, scenario: String? = nil, environment: [String: String] = [:]) -> ModelRepositoryLocator {
            ModelRepositoryLocator(
                flag: flag, scenarioModels: scenario, environment: environment, currentDirectory: elsewhere, executable: executable)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func fromAnotherFolderTheExecutablesCheckoutIsFound() throws {
        let tree = try Tree()
        defer { tree.remove() }
        #expect(try tree.locator().locate() == tree.checkoutModels)
    }

    @Test func whatTheUserNamedComesFirst() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let other = tree.elsewhere
        #expect(try tree.locator(flag: other, scenario: tree.checkoutModels).locate() == other)
        #expect(try tree.locator(scenario: other, environment: ["GAUNTLET_MODELS": tree.checkoutModels]).locate() == other)
        #expect(try tree.locator(environment: ["GAUNTLET_MODELS": other]).locate() == other)
    }

    @Test func aNamedFolderThatIsNotThereSaysWhoNamedIt() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let error = try #require(throws: RunFailure.self) { try tree.locator(flag: "/nonexistent/models").locate() }
        #expect(error.description.contains("--models names '/nonexistent/models', which is not a folder"))
        let fromEnvironment = try #require(throws: RunFailure.self) {
            try tree.locator(environment: ["GAUNTLET_MODELS": "/nonexistent"]).locate()
        }
        #expect(fromEnvironment.description.contains("$GAUNTLET_MODELS names '/nonexistent'"))
    }

    @Test func noModelsAnywhereListsThePlacesAndTheWaysToPointAtThem() throws {
        let tree = try Tree(withModels: false)
        defer { tree.remove() }
        let error = try #require(throws: RunFailure.self) { try tree.locator().locate() }
        #expect(error.description.contains("looked in \(tree.elsewhere)/models, "))
        #expect(error.description.contains(tree.checkoutModels))
        for way in ["--models FOLDER", "server: models:", "$GAUNTLET_MODELS", "'target'"] {
            #expect(error.description.contains(way), "\(error)")
        }
    }
}

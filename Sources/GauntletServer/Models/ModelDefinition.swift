/// A model exported by `models/train.py` in the `gauntlet.model/v1` JSON format
/// (documented in models/README.md): standardisation, then dense layers.
public struct ModelDefinition: Codable, Sendable, Equatable {
    public static let format = "gauntlet.model/v1"

    public struct Tensor: Codable, Sendable, Equatable {
        public var name: String
        public var datatype: String
        /// -1 for a variable dimension (the batch).
        public var shape: [Int]
    }

    public struct Standardization: Codable, Sendable, Equatable {
        public var mean: [Double]
        public var scale: [Double]
    }

    public struct Layer: Codable, Sendable, Equatable {
        /// Rows are outputs, columns inputs (out × in).
        public var weights: [[Double]]
        public var bias: [Double]
        public var activation: Activation
    }

    public enum Activation: String, Codable, Sendable { case relu, softmax }

    public var format: String
    public var name: String
    public var version: String
    public var kind: String
    public var inputs: [Tensor]
    public var outputs: [Tensor]
    public var classes: [Int]
    public var standardization: Standardization
    public var layers: [Layer]
}

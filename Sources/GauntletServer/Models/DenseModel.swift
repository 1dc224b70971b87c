import Foundation

/// A loaded model ready to predict: its weights flattened for fast dot products, checked once
/// at load so inference never meets a shape it cannot handle.
public struct DenseModel: Sendable {
    public struct Prediction: Sendable, Equatable {
        public var label: Int
        public var probabilities: [Double]
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public let definition: ModelDefinition
    public var name: String { definition.name }
    public var version: String { definition.version }
    /// Features per row.
    public let inputWidth: Int
    private let mean: [Double]
    /// 1 / scale, so standardising is a multiplication.
    private let inverseScale: [Double]
    private let layers: [FlatLayer]

    struct FlatLayer: Sendable {
        let inputs: Int
        let outputs: Int
        /// Row-major out × in.
        let weights: [Double]
        let bias: [Double]
        let activation: ModelDefinition.Activation
    }

    public init(_ definition: ModelDefinition) throws(LoadError) {
        guard definition.format == ModelDefinition.format else {
            throw LoadError(description: "format '\(definition.format)' is not \(ModelDefinition.format)")
        }
        let width = definition.standardization.mean.count
        guard width > 0, definition.standardization.scale.count == width,
              definition.standardization.scale.allSatisfy({ $0 != 0 && $0.isFinite })
        else { throw LoadError(description: "standardization must have equal, non-zero mean and scale vectors") }
        var flat: [FlatLayer] = []
        var inputs = width
        for (index, layer) in definition.layers.enumerated() {
            guard !layer.weights.isEmpty, layer.weights.allSatisfy({ $0.count == inputs }), layer.bias.count == layer.weights.count else {
                throw LoadError(description: "layer \(index) does not take \(inputs) inputs, or its bias does not match its outputs")
            }
            flat.append(FlatLayer(
                inputs: inputs, outputs: layer.weights.count, weights: layer.weights.flatMap { $0 }, bias: layer.bias,
                activation: layer.activation))
            inputs = layer.weights.count
        }
        guard let last = flat.last, last.activation == .softmax, last.outputs == definition.classes.count else {
            throw LoadError(description: "the last layer must be a softmax over the \(definition.classes.count) classes")
        }
        self.definition = definition
        inputWidth = width
        mean = definition.standardization.mean
        inverseScale = definition.standardization.scale.map { 1 / $0 }
        layers = flat
    }

    /// Predicts one row of `inputWidth` features.
    public func predict(_ features: some Collection<Double>) -> Prediction {
        precondition(features.count == inputWidth, "a row has \(inputWidth) features")
        var activations = zip(features, zip(mean, inverseScale)).map { value, standard in (value - standard.0) * standard.1 }
        for layer in layers {
            var next = [Double](repeating: 0, count: layer.outputs)
            layer.weights.withUnsafeBufferPointer { weights in
                activations.withUnsafeBufferPointer { input in
                    for output in 0..<layer.outputs {
                        var sum = layer.bias[output]
                        let row = output * layer.inputs
                        for column in 0..<layer.inputs { sum += weights[row + column] * input[column] }
                        next[output] = sum
                    }
                }
            }
            switch layer.activation {
            case .relu: for index in next.indices where next[index] < 0 { next[index] = 0 }
            case .softmax: Self.softmax(&next)
            }
            activations = next
        }
        // The first of equal maxima, as numpy's argmax.
        var best = 0
        for index in activations.indices where activations[index] > activations[best] { best = index }
        return Prediction(label: definition.classes[best], probabilities: activations)
    }

    /// Softmax with the maximum subtracted first, so large scores cannot overflow.
    static func softmax(_ values: inout [Double]) {
        let maximum = values.max() ?? 0
        var total = 0.0
        for index in values.indices {
            values[index] = exp(values[index] - maximum)
            total += values[index]
        }
        for index in values.indices { values[index] /= total }
    }
}

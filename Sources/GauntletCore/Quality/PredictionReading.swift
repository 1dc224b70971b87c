/// How the predicted class of each row is read from a V2 answer: the scenario's `prediction`.
public enum PredictionReading: Sendable, Equatable {
    /// The rule that fits common classification servers (see ``PredictionParser``): a class
    /// output, found by name or datatype, else the arg-max of the first output of scores.
    case automatic
    /// The output named `output`. Without `argmax` its values are the classes, one per row;
    /// with it they are scores, `count ÷ rows` per row, and a row's class is the index of its
    /// highest score (the first of equal ones).
    case output(String, argmax: Bool)
}

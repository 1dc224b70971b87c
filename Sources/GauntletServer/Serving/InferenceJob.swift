/// One admitted infer request on its way through the batcher: what to run, and whom to tell.
struct InferenceJob: Sendable {
    enum Outcome: Sendable {
        /// The encoded V2 answer.
        case answered([UInt8])
        /// It waited past the queue deadline and was not run.
        case expired
    }

    let model: DenseModel
    let request: InferRequest
    /// Called once, on an executor thread.
    let complete: @Sendable (Outcome) -> Void
}

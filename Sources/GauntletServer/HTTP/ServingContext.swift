import GauntletCore
import Synchronization

/// What every connection of one server shares: the answers, the batcher, the counters, the
/// faults, and whether it is draining.
final class ServingContext: Sendable {
    let responder: ServerResponder
    let scheduler: InferenceScheduler
    let metrics: ServerMetrics
    let faults: FaultPlan
    /// Generates for the OpenAI-compatible endpoints; nil without a generative model.
    let generation: GenerationEngine?
    let maxBodyBytes: Int
    /// Set on SIGTERM: answers then close their connections.
    let draining = Atomic<Bool>(false)
    /// Requests received in full and not yet answered.
    let inFlight = Atomic<Int>(0)

    init(responder: ServerResponder, options: ServingOptions, metrics: ServerMetrics, maxBodyBytes: Int) {
        self.responder = responder
        self.metrics = metrics
        faults = FaultPlan(options: options.faults)
        scheduler = InferenceScheduler(models: responder.repository.models, options: options, metrics: metrics, faults: faults)
        generation = responder.repository.generative.isEmpty ? nil : GenerationEngine(options: options, faults: faults)
        self.maxBodyBytes = maxBodyBytes
    }

    func metricsText() -> String {
        MetricsExposition(
            metrics: metrics.snapshot, queueDepth: scheduler.depth + (generation?.depth ?? 0), inFlight: inFlight.load(ordering: .relaxed),
            allocator: .current(), process: .current()
        ).render()
    }
}

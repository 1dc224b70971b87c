import GauntletCore

/// `/metrics`: the server's counters, its queue and connections right now, its allocator and
/// its process, in Prometheus text with base units.
struct MetricsExposition {
    var metrics: ServerMetrics.State
    var queueDepth: Int
    var inFlight: Int
    var allocator: AllocatorStatistics
    var process: ProcessStatistics?

    func render() -> String {
        var out = PrometheusText()
        out.family("gauntlet_inference_requests_total", .counter, "Infer requests answered, by model, version and HTTP status.")
        for key in metrics.requests.keys.sorted() {
            for (status, count) in metrics.requests[key]!.sorted(by: { $0.key < $1.key }) {
                out.sample("gauntlet_inference_requests_total",
                           [("model", key.model), ("version", key.version), ("status", String(status))], Double(count))
            }
        }
        out.family("gauntlet_inference_request_duration_seconds", .histogram,
                   "Seconds from an infer request's arrival to its answer, queueing and batching included.")
        for key in metrics.latency.keys.sorted() {
            let histogram = metrics.latency[key]!
            out.histogram("gauntlet_inference_request_duration_seconds", [("model", key.model), ("version", key.version)],
                          bounds: ServerMetrics.latencyBounds, counts: histogram.counts, overflow: histogram.overflow, sum: histogram.sum)
        }
        out.family("gauntlet_http_requests_total", .counter, "Other requests answered (health, metadata, metrics, unroutable), by status.")
        for (status, count) in metrics.otherRequests.sorted(by: { $0.key < $1.key }) {
            out.sample("gauntlet_http_requests_total", [("status", String(status))], Double(count))
        }
        out.family("gauntlet_queue_depth", .gauge, "Infer requests waiting for an executor.")
        out.sample("gauntlet_queue_depth", [], Double(queueDepth))
        out.family("gauntlet_requests_in_flight", .gauge, "Requests received and not yet answered.")
        out.sample("gauntlet_requests_in_flight", [], Double(inFlight))
        out.family("gauntlet_batch_size", .histogram, "Requests run together in one batch.")
        out.histogram("gauntlet_batch_size", [], bounds: ServerMetrics.batchBounds, counts: metrics.batches.counts,
                      overflow: metrics.batches.overflow, sum: metrics.batches.sum)
        out.family("gauntlet_shed_total", .counter, "Infer requests answered 503 without running, by reason.")
        for reason in ServerMetrics.ShedReason.allCases {
            out.sample("gauntlet_shed_total", [("reason", reason.rawValue)], Double(metrics.shed[reason] ?? 0))
        }
        out.family("gauntlet_injected_errors_total", .counter, "Infer requests answered 500 by fault injection.")
        out.sample("gauntlet_injected_errors_total", [], Double(metrics.injectedErrors))
        out.family("gauntlet_allocator_info", .gauge, "The memory allocator in effect, with its version and options.")
        out.sample("gauntlet_allocator_info", [("allocator", allocator.name), ("version", allocator.version), ("options", allocator.options)], 1)
        for (name, value, help) in [
            ("allocated", allocator.allocated, "Bytes jemalloc has handed out to the program."),
            ("active", allocator.active, "Bytes in jemalloc pages holding live allocations."),
            ("resident", allocator.resident, "Bytes in physically resident pages jemalloc maps."),
        ] {
            guard let value else { continue }
            out.family("gauntlet_jemalloc_\(name)_bytes", .gauge, help)
            out.sample("gauntlet_jemalloc_\(name)_bytes", [], Double(value))
        }
        if let process {
            out.family("process_cpu_seconds_total", .counter, "User and system CPU seconds of the server process.")
            out.sample("process_cpu_seconds_total", [], process.cpuSeconds)
            out.family("process_resident_memory_bytes", .gauge, "Resident memory of the server process.")
            out.sample("process_resident_memory_bytes", [], Double(process.residentBytes))
            out.family("process_peak_resident_memory_bytes", .gauge, "Peak resident memory of the server process (VmHWM).")
            out.sample("process_peak_resident_memory_bytes", [], Double(process.peakResidentBytes))
        }
        return out.text
    }
}

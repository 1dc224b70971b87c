extension BlockPlan {
    /// The digest of the traffic `part` carries for a candidate whose requests are `catalog`:
    /// each arrival's global index, offset in the whole schedule and payload. Equal for every
    /// candidate whose catalogue is built from its view of the same scenario; what a candidate's
    /// recorded digest must equal.
    public func trafficDigest(of part: Part, catalog: RequestCatalog) -> TrafficDigest {
        let start = span(of: part).lowerBound
        var digest = TrafficDigest()
        for arrival in model(for: part).schedule.arrivals() {
            let request = catalog.requests[catalog.requestIndex(forArrival: arrival.index)]
            digest.add(index: arrival.index, intended: start + arrival.intended, payload: TrafficDigest.payload(of: request))
        }
        return digest
    }

    /// The digest of everything a candidate is sent: every part, the warm-up included.
    public func trafficDigest(catalog: RequestCatalog) -> TrafficDigest {
        var digest = TrafficDigest()
        let parts: [Part] = (warmup > 0 ? [.warmup] : []) + blocks.indices.map { .block($0) }
        for part in parts { digest.merge(trafficDigest(of: part, catalog: catalog)) }
        return digest
    }
}

import Yams

extension ScenarioReader {
    static let capacityKeys = [
        "start_rate", "max_rate", "resolution", "duration", "warmup", "extensions", "late_after", "concurrency", "plan",
    ]
    static let planKeys = ["peak", "average", "headroom", "spares", "price_per_hour", "currency"]

    /// The `capacity:` section: how `gauntlet capacity` searches, and the plan it costs.
    func capacitySection(_ mapping: YAMLMapping, cost: CostSection?) throws(ScenarioError) -> CapacitySection {
        try mapping.allowOnly(Self.capacityKeys)
        var section = CapacitySection(location: SourceLocation(mapping.key ?? mapping.node))
        if let node = mapping.optional("start_rate") { section.startRate = try scalars.rate(node, "capacity start_rate") }
        if let node = mapping.optional("max_rate") { section.maxRate = try scalars.rate(node, "capacity max_rate") }
        if section.startRate > section.maxRate {
            let node = mapping.optional("start_rate") ?? mapping.optional("max_rate") ?? mapping.node
            throw .at(node, file: file,
                "capacity start_rate (\(section.startRate.compact)/s) is above max_rate (\(section.maxRate.compact)/s): the search doubles from the start up to the maximum")
        }
        if let node = mapping.optional("resolution") { section.resolution = try resolution(node) }
        if let node = mapping.optional("duration") {
            section.stepDuration = try scalars.duration(node, "capacity duration", maximum: 3600 * TimeUnit.nanosecondsPerSecond)
        }
        if let node = mapping.optional("warmup") {
            section.warmup = try scalars.duration(node, "capacity warmup", allowZero: true, maximum: 3600 * TimeUnit.nanosecondsPerSecond)
        }
        if let node = mapping.optional("extensions") { section.extensions = try scalars.int(node, "capacity extensions", in: 0...20) }
        if let node = mapping.optional("late_after") {
            section.lateAfter = try scalars.duration(node, "capacity late_after", maximum: 60 * TimeUnit.nanosecondsPerSecond)
        }
        if let node = mapping.optional("concurrency") {
            do {
                section.concurrency = try ConcurrencySweep.parse(try scalars.string(node, "capacity concurrency"))
            } catch {
                throw .at(node, file: file, "capacity concurrency: \(error)")
            }
        }
        if let plan = try mapping.mapping("plan", context: "capacity plan") {
            section.plan = try planInputs(plan, cost: cost)
        }
        return section
    }

    /// `5%` of the passing rate, or `10/s`.
    private func resolution(_ node: Node) throws(ScenarioError) -> CapacitySection.Resolution {
        let text = try scalars.string(node, "capacity resolution")
        do {
            return try CapacitySection.Resolution.parse(text)
        } catch {
            throw .at(node, file: file, "capacity resolution \(error)")
        }
    }

    /// The traffic a plan is for and what an instance costs; the price and currency may come from `cost:`.
    private func planInputs(_ mapping: YAMLMapping, cost: CostSection?) throws(ScenarioError) -> CapacityPlanInputs {
        try mapping.allowOnly(Self.planKeys)
        let peak = try scalars.rate(try mapping.required("peak"), "capacity plan peak")
        let average = try mapping.optional("average").map { (node) throws(ScenarioError) in
            let average = try scalars.rate(node, "capacity plan average")
            guard average <= peak else {
                throw .at(node, file: file, "capacity plan average (\(average.compact)/s) is above the peak (\(peak.compact)/s)")
            }
            return average
        }
        let headroom = try mapping.optional("headroom").map { (node) throws(ScenarioError) in
            try share(node, "capacity plan headroom", maximum: CapacityPlanInputs.maximumHeadroom)
        } ?? 0
        let spares = try mapping.optional("spares").map { (node) throws(ScenarioError) in
            try scalars.int(node, "capacity plan spares", in: 0...CapacityPlanInputs.maximumSpares)
        } ?? 0
        let price = try mapping.optional("price_per_hour").map { (node) throws(ScenarioError) in
            try scalars.double(node, "capacity plan price_per_hour", minimum: 0, maximum: 1e9)
        } ?? cost?.hourlyPrice
        guard let price else {
            throw .at(mapping.key ?? mapping.node, file: file,
                "capacity plan needs a price: set 'price_per_hour' (what one instance costs per hour), or 'cost: hourly_price'")
        }
        let currency = try mapping.optional("currency").map { (node) throws(ScenarioError) in
            try scalars.nonEmptyString(node, "capacity plan currency")
        } ?? cost?.currency ?? "USD"
        return CapacityPlanInputs(
            peakRate: peak, averageRate: average, headroom: headroom, spares: spares, hourlyPrice: price, currency: currency,
            predictionsPerRequest: cost?.predictionsPerRequest ?? 1)
    }

    /// `30%` or `0.3`.
    private func share(_ node: Node, _ what: String, maximum: Double) throws(ScenarioError) -> Double {
        let text = try scalars.string(node, what).trimmingWhitespace()
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value >= 0, value <= maximum else {
            throw .at(node, file: file, "\(what) must be a share from 0% to \((maximum * 100).compact)% (30% or 0.3), not '\(text)'")
        }
        return value
    }
}

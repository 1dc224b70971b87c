import GauntletCore

extension RunPlan {
    /// The plan with the goodput limits its engine counted against, when its requests are read for
    /// tokens (the scenario's `goodput:` section, or none set); unchanged otherwise.
    func withGoodput(of scenario: Scenario, catalog: RequestCatalog) -> RunPlan {
        guard catalog.tokenReadings.contains(where: { $0 != .none }) else { return self }
        var plan = self
        plan.goodput = scenario.goodput ?? GoodputLimits()
        return plan
    }
}

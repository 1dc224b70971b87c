extension RequestCatalog {
    /// The requests `candidate` is sent: its view of `scenario` (``Scenario/resolved(for:)``) built
    /// as any scenario is, after refusing a variable named like a data column.
    ///
    /// Every candidate's catalogue has the same requests in the same order, differing only in
    /// the variables filled in, so ``requestIndex(forArrival:)`` picks the same data rows for all.
    public static func build(
        scenario: Scenario, candidate: Candidate, tables: [String: DataTable], environment: [String: String]
    ) throws(ScenarioError) -> RequestCatalog {
        try scenario.checkCandidateVariables(against: tables)
        return try build(scenario: scenario.resolved(for: candidate), tables: tables, environment: environment)
    }
}

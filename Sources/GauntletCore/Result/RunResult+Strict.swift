extension RunResult {
    /// The result judged with `--strict`: a warning (an objective inside its warn band, or an
    /// advisory one missed) fails the run. Applied once, before anything is printed or written,
    /// so the exit code, the summary, JUnit, Markdown and HTML all say the same.
    public func judged(strict: Bool) -> RunResult {
        guard strict else { return self }
        var judged = self
        judged.strict = true
        if verdict == .warn { judged.verdict = .fail }
        judged.cost?.meetsObjectives = judged.verdict.gate.map { !$0.isMiss }
        return judged
    }

    /// Whether `objective` counts against this run: it gates and was missed, or, under
    /// `--strict`, it is anything but a pass.
    public func fails(_ objective: ObjectiveRecord) -> Bool {
        if strict == true { return objective.verdict != .pass }
        return objective.gates(anyKey: objectives.contains(where: \.key)) && objective.verdict.isMiss
    }
}

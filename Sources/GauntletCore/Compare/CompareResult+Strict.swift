extension CompareResult {
    /// The comparison judged with `--strict`: a warning fails it. Applied once, before anything
    /// is printed or written, so the exit code, the summary, JUnit, Markdown and HTML agree, as
    /// ``RunResult/judged(strict:)`` does for a run.
    public func judged(strict: Bool) -> CompareResult {
        guard strict else { return self }
        var judged = self
        judged.strict = true
        if verdict == .warn { judged.verdict = .fail }
        return judged
    }

    /// Whether `objective` (for one candidate) counts against the comparison: it gates and was
    /// missed, or, under `--strict`, it is anything but a pass.
    public func fails(_ objective: ObjectiveRecord) -> Bool {
        if strict == true { return objective.verdict != .pass }
        return objective.gates(anyKey: objectives.contains(where: \.key)) && objective.verdict.isMiss
    }
}

extension CompareResult.ObjectiveRecord {
    /// Whether this objective decides the verdict: every objective when none is key, else only the key ones.
    public func gates(anyKey: Bool) -> Bool { !anyKey || key }
}

import Foundation
import GauntletCore
import GauntletReport

/// The gate step of a run: the figures a run produced, judged against the scenario's objectives.
enum GateRun {
    /// Every figure the gate can read: the run's, and each request template's under its name.
    static func figures(
        summary: RunSummary, measurements: RunMeasurements, quality: QualityFigures?, cost: CostFigures?
    ) -> FigureTable {
        var table = FigureTable(summary)
        if let quality {
            for (name, value) in [("accuracy", quality.accuracy), ("precision", quality.precision),
                                  ("recall", quality.recall), ("f1", quality.f1)] {
                table[name, scope: nil] = Figure(value: value, samples: quality.predictions)
            }
        }
        if let cost {
            table["cost_per_prediction", scope: nil] = Figure(value: cost.costPerPrediction, samples: cost.predictions)
            table["cost_per_1m_predictions", scope: nil] = Figure(value: cost.costPerMillionPredictions, samples: cost.predictions)
        }
        for (name, recorder) in measurements.byRequest {
            let measured = recorder.measured
            table.add(LatencyFigures(recorder.latency), as: "latency", scope: name)
            table.add(LatencyFigures(recorder.serviceTime), as: "service_time", scope: name)
            table.addRequests(
                completed: measured.completed, ok: measured.ok, errors: measured.errors,
                windowSeconds: summary.rate.windowSeconds, scope: name)
        }
        return table
    }

    static func records(_ results: [ObjectiveResult]) -> [RunReport.ObjectiveRecord] {
        results.map { result in
            RunReport.ObjectiveRecord(
                objective: result.objective.expression.description,
                figure: result.objective.expression.qualifiedFigure,
                unit: unit(of: result.objective.definition.kind),
                comparator: result.objective.expression.comparator.rawValue,
                threshold: result.threshold, warnThreshold: result.objective.warnThreshold, key: result.objective.key,
                measured: result.measured, samples: result.samples, margin: result.margin,
                verdict: result.verdict.rawValue, reason: result.reason)
        }
    }

    static func unit(of kind: FigureKind) -> String {
        switch kind {
        case .duration: "ms"
        case .fraction: "fraction"
        case .rate: "per second"
        case .count: "count"
        case .currency: "currency"
        }
    }
}

extension GateRun {
    /// Cost over the measurement window, counting each successful request's predictions.
    static func cost(of loaded: LoadedScenario?, measurements: RunMeasurements, summary: RunSummary) -> CostFigures? {
        guard let loaded, let section = loaded.scenario.cost else { return nil }
        var predictions: UInt64 = 0
        for template in loaded.scenario.requests {
            let ok = measurements.byRequest[template.name]?.measured.ok ?? 0
            predictions += ok * CostFigures.predictionsPerRequest(template, cost: section)
        }
        if loaded.scenario.replay != nil {
            predictions = summary.requests.ok * UInt64(section.predictionsPerRequest ?? 1)
        }
        return CostFigures(cost: section, predictions: predictions, windowSeconds: summary.rate.windowSeconds, meetsObjectives: nil)
    }
}

extension ScenarioLoader {
    /// Parses and validates the scenario's objectives against the figure catalogue and its request names.
    static func objectives(of scenario: Scenario, requestNames: [String]) throws(ScenarioError) -> [Objective] {
        let validator = ObjectiveValidator(requestNames: requestNames)
        var objectives: [Objective] = []
        for entry in scenario.objectives {
            do {
                objectives.append(try validator.objective(entry.expression, warn: entry.warn, key: entry.key))
            } catch {
                // Columns inside the expression add to where it starts in the file (quoted text is off by the quote).
                let column = error.part == .objective ? entry.column + error.column - 1 : entry.column
                throw ScenarioError(file: scenario.file, line: entry.line, column: column,
                    message: "objective '\(entry.expression)': \(error.message)")
            }
        }
        return objectives
    }
}

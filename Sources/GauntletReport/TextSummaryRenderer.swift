import GauntletCore

/// The summary a person reads at a glance after a run: what was asked, what happened,
/// latency from the intended time beside service time, and the generator's health.
public enum TextSummaryRenderer {
    public static func render(_ summary: RunSummary) -> String {
        var lines: [String] = []
        let plan = summary.plan
        lines.append("Gauntlet \(summary.gauntletVersion)" + (summary.interrupted ? "  (interrupted: partial results)" : ""))
        lines.append(row("target", "\(plan.method) \(SecretRedactor.redact(plan.url))"))
        lines.append(row("load", loadDescription(plan)))

        let requests = summary.requests
        var outcome = "\(requests.completed) completed · \(requests.ok) ok · \(requests.errors) errors"
        if requests.warmup > 0 { outcome += " · \(requests.warmup) in warm-up (not counted)" }
        if requests.cancelled > 0 { outcome += " · \(requests.cancelled) cancelled" }
        lines.append(row("requests", outcome))
        if !requests.errorsByKind.isEmpty {
            let kinds = requests.errorsByKind
                .sorted { (ErrorKind(rawValue: $0.key) ?? .other) < (ErrorKind(rawValue: $1.key) ?? .other) }
                .map { "\(ErrorKind(rawValue: $0.key)?.label ?? $0.key) \($0.value)" }
            lines.append(row("errors", kinds.joined(separator: " · ")))
        }
        if !requests.statusCodes.isEmpty {
            let codes = requests.statusCodes.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
            lines.append(row("status", codes.joined(separator: " ")))
        }
        if let http = summary.httpDescription { lines.append(row("http", http)) }
        if let proxy = plan.proxy { lines.append(row("proxy", SecretRedactor.redact(proxy))) }
        for outage in summary.outages ?? [] { lines.append(row("outage", outageDescription(outage, runEnd: summary.generator.elapsedSeconds))) }

        var rates = "achieved \(rate(summary.rate.achieved))"
        if let target = summary.rate.target { rates = "target \(rate(target)) · " + rates }
        rates += " · ok \(rate(summary.rate.successful)) over \(seconds(summary.rate.windowSeconds))"
        lines.append(row("rate", rates))

        lines.append("")
        lines.append(pad("", 26) + LatencyFigures.headers.map { pad($0, 10, right: true) }.joined())
        lines.append(figuresRow("latency (from intended)", summary.latency))
        // Only when it differs: with errors, the successes' latency apart from the failures'.
        if summary.requests.errors > 0, summary.requests.ok > 0, let successLatency = summary.successLatency {
            lines.append(figuresRow("  of successes", successLatency))
        }
        lines.append(figuresRow("service time (from sent)", summary.serviceTime))
        lines.append(figuresRow("schedule lag", summary.scheduleLag.figures))
        if let tokens = summary.tokens {
            lines.append(figuresRow("ttft (from intended)", tokens.ttft))
            lines.append(figuresRow("itl (between tokens)", tokens.itl))
            lines.append(figuresRow("tpot (per output token)", tokens.tpot))
        }
        lines.append("")
        if let tokens = summary.tokens { lines += tokenRows(tokens) }

        let lag = summary.scheduleLag
        let late = lag.lateSends == 0
            ? "every send started within \(milliseconds(lag.lateThresholdMilliseconds)) of its intended time"
            : "\(lag.lateSends) of \(requests.completed) sends started more than "
                + "\(milliseconds(lag.lateThresholdMilliseconds)) late (waiting for a connection, or the generator was busy)"
        lines.append(row("schedule", late))
        if let window = plan.sendWindowMilliseconds {
            lines.append(row("window", "sends due within \(milliseconds(window)) of each other went out on one wake-up (the wait is in their latency)"))
        }
        let generator = summary.generator
        lines.append(
            row(
                "generator",
                "CPU \(seconds(generator.cpuSeconds)) (\(generator.cpuMicrosecondsPerRequest.formatted(fractionDigits: 1)) µs/request)"
                    + " · \(plan.workers) workers · \(plan.connectionsDescription) · ran \(seconds(generator.elapsedSeconds))"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `unreachable from 12.40s · answered again at 13.02s · served at 13.55s: down 1.15s, recovery 0.53s`.
    static func outageDescription(_ outage: Outage, runEnd: Double) -> String {
        var text = "unreachable from \(seconds(outage.startSeconds))"
        if let restart = outage.restartSeconds { text += " · answered again at \(seconds(restart))" }
        if let recovered = outage.recoveredSeconds {
            text += " · served at \(seconds(recovered)): down \(seconds(outage.downtime(runEnd: runEnd)))"
                + ", recovery \(seconds(outage.recovery(runEnd: runEnd)))"
        } else {
            text += " · not serving again by the end (\(seconds(runEnd)))"
        }
        return text
    }

    public static func loadDescription(_ plan: RunPlan) -> String {
        var text: String
        switch plan.mode {
        case .openLoop:
            let rate = plan.targetRate.map { " at \(Self.rate($0))" } ?? " (shaped)"
            let burstiness = plan.burstiness.map { " (burstiness \($0.compact))" } ?? ""
            text = "open loop · \(plan.arrivals?.rawValue ?? "constant") arrivals\(burstiness)\(rate)"
        case .closedLoop:
            text = "closed loop · \(plan.concurrency ?? 0) in flight"
            if let think = plan.thinkTimeMilliseconds, think > 0 { text += " · think \(milliseconds(think))" }
        case .mixed:
            text = "open and closed loop phases · up to \(plan.concurrency ?? 0) in flight"
        }
        text += " for \(duration(plan.durationSeconds))"
        if plan.warmupSeconds > 0 { text += " after \(duration(plan.warmupSeconds)) warm-up" }
        text += " · timeout \(duration(plan.timeoutSeconds)) · seed \(plan.seed)"
        return text
    }

    /// `tokens  12,345 out (usage) · 41.2 per answer · 1,234 tokens/s · 5,678 in` and the goodput line.
    static func tokenRows(_ tokens: TokenFigures) -> [String] {
        var counted = "\(tokens.outputTokens) out, \(tokens.outputTokensPerRequest.formatted(fractionDigits: 1)) per answer"
        let source = switch tokens.outputCountedFrom {
        case "usage": " (the server's usage counts)"
        case "chunks": " (counted one per chunk with text: the server sent no usage)"
        default: " (usage counts where sent, else one per chunk)"
        }
        counted += source
        counted += " · \(tokens.outputTokensPerSecond.formatted(fractionDigits: 1)) tokens/s"
        if let input = tokens.inputTokens, let answers = tokens.inputTokensCounted {
            counted += " · \(input) in over \(answers) answers"
        }
        let goodput = tokens.goodput
        let share = tokens.requests == 0 ? "" : " (\(goodput.requests) of \(tokens.requests) answers)"
        return [
            row("tokens", counted),
            row("goodput", "\(rate(goodput.perSecond))\(share) meeting \(goodput.limits.description)"),
        ]
    }

    private static func figuresRow(_ label: String, _ figures: LatencyFigures) -> String {
        pad(label, 26) + figures.shown.map { pad(milliseconds($0.milliseconds), 10, right: true) }.joined()
    }

    private static func row(_ label: String, _ value: String) -> String { pad(label, 11) + value }

    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    /// Milliseconds with precision that suits their size: 0.214ms, 12.3ms, 480ms, 2.35s.
    public static func milliseconds(_ value: Double) -> String {
        if value >= 10_000 { return (value / 1000).formatted(fractionDigits: 1) + "s" }
        if value >= 1_000 { return (value / 1000).formatted(fractionDigits: 2) + "s" }
        if value >= 100 { return value.formatted(fractionDigits: 0) + "ms" }
        if value >= 10 { return value.formatted(fractionDigits: 1) + "ms" }
        if value >= 1 { return value.formatted(fractionDigits: 2) + "ms" }
        return value.formatted(fractionDigits: 3) + "ms"
    }

    /// A span that may be short: `1.00ms` below a second, `30.00s` above.
    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? milliseconds(seconds * 1_000) : self.seconds(seconds)
    }

    static func seconds(_ value: Double) -> String {
        value >= 100 ? value.formatted(fractionDigits: 0) + "s" : value.formatted(fractionDigits: 2) + "s"
    }

    public static func rate(_ value: Double) -> String {
        (value >= 100 ? value.formatted(fractionDigits: 1) : value.formatted(fractionDigits: 2)) + "/s"
    }
}

extension LatencyFigures {
    static var headers: [String] { ["p50", "p90", "p95", "p99", "p99.9", "max"] }
}

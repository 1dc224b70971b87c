import ArgumentParser
import Foundation
import GauntletCore
import GauntletRun

/// `gauntlet run`'s flags read into what the library takes: the scenario (or the quick look's),
/// its overrides, the segment and the agreed start. Every problem is bad input (exit 2).
extension RunCommand {
    func runSegment() throws -> RunSegment {
        guard let segment else { return .whole }
        do { return try RunSegment(parsing: segment) } catch { throw ValidationError("--segment: \(error)") }
    }

    func startInstant() throws -> Date? {
        guard let startAt else { return nil }
        do { return try StartTime.parse(startAt, now: Date()) } catch { throw ValidationError("--start-at: \(error)") }
    }

    /// The scenario file, or the quick look's flags as a scenario; every problem is bad input
    /// (exit 2), located by file, line and column, before anything is sent.
    func loadScenario() throws -> LoadedScenario {
        if let scenario {
            let overrides = try overrides()
            do {
                return try ScenarioLoader.load(path: scenario, overrides: overrides, for: .run)
            } catch {
                Console.error("\(error)")
                throw ExitStatus.badInput
            }
        }
        let quickLook = try quickLook()
        do {
            return try ScenarioLoader.load(quickLook)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The flags that change a scenario for this run, read.
    func overrides() throws -> ScenarioOverrides {
        func duration(_ text: String?, _ flag: String) throws -> Nanoseconds? {
            do { return try text.map(DurationParser.nanoseconds) } catch { throw ValidationError("\(flag): \(error)") }
        }
        var environment: [String: String] = [:]
        for pair in env {
            let name = String(pair.prefix { $0 != "=" })
            environment[name] = String(pair.dropFirst(name.count + 1))
        }
        return ScenarioOverrides(
            target: target, duration: try duration(self.duration, "--duration"), warmup: try duration(warmup, "--warmup"),
            rateScale: rateScale, seed: seed, timeout: try duration(timeout, "--timeout"), connections: connections,
            http: http2 ? .http2 : nil, streamsPerConnection: streamsPerConnection, environment: environment)
    }

    /// The `--url` flags, read.
    func quickLook() throws -> QuickLook {
        do {
            let url = try RequestSpec.parseURL(self.url ?? "")
            let measured = try duration.map(DurationParser.nanoseconds) ?? LoadSection.defaultQuickLookDuration
            let warmup = try DurationParser.nanoseconds(self.warmup ?? "0s")
            let timeout = try timeout.map(DurationParser.nanoseconds) ?? LoadSection.defaultTimeout
            guard measured > 0 else { throw ValidationError("--duration must be longer than 0s") }
            guard timeout > 0 else { throw ValidationError("--timeout must be longer than 0s") }
            let load: QuickLook.Load
            if let rate {
                load = .rate(try RateParser.perSecond(rate), arrivals: arrivals ?? .constant)
            } else {
                load = .concurrency(concurrency ?? 1, thinkTime: try DurationParser.nanoseconds(thinkTime ?? "0s"))
            }
            return QuickLook(
                url: url, method: method, headers: header, body: try body.map(Self.readBody), load: load,
                duration: measured, warmup: warmup, seed: seed ?? LoadSection.defaultSeed, timeout: timeout,
                connections: connections, http: http2 ? .http2 : .http1_1, streamsPerConnection: streamsPerConnection ?? 1,
                objectives: objective, burstiness: burstiness ?? 1,
                openAI: openai.map { QuickLook.openAIBody(model: $0, prompt: prompt ?? "Hello", maxTokens: maxTokens, url: url) })
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    static func readBody(_ argument: String) throws -> Data {
        guard argument.hasPrefix("@") else { return Data(argument.utf8) }
        let path = String(argument.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--body: cannot read file '\(path)'")
        }
        return data
    }
}

import Foundation
import GauntletCore
import Testing

/// `load: http` and `streams_per_connection`, read from a scenario and changed by flags.
@Suite struct HTTPVersionScenarioTests {
    static func parse(_ load: String) throws -> Scenario {
        try ScenarioParser.parse(
            yaml: """
                requests:
                  - {name: predict, path: /}
                load:
                \(load)
                """,
            file: "h2.yaml", folder: "/tmp")
    }

    @Test func http2WithStreamsIsRead() throws {
        let load = try Self.parse("""
              phases: [{closed: {concurrency: 64, duration: 10s}}]
              http: 2
              streams_per_connection: 16
            """).load
        #expect(load.http == .http2 && load.streamsPerConnection == 16)
        // Enough connections for the closed phase's 64 at 16 streams each, not 64 connections.
        #expect(load.connections == nil && load.effectiveConnections == LoadSection.defaultConnections)
        #expect(load.inFlightLimit == LoadSection.defaultConnections * 16)
    }

    @Test func theDefaultIsHTTP11WithOneRequestPerConnection() throws {
        let load = try Self.parse("  phases: [{constant: {rate: 10/s, duration: 10s}}]").load
        #expect(load.http == .http1_1 && load.streamsPerConnection == 1)
    }

    @Test func closedLoopConnectionsCountTheirStreams() {
        let load = LoadSection(
            phases: [LoadPhase(kind: .closed(concurrency: 500, thinkTime: 0), duration: 1)], http: .http2,
            streamsPerConnection: 8)
        #expect(load.effectiveConnections == 64)  // 500 / 8 → 63, but never below the default 64
        let wide = LoadSection(
            phases: [LoadPhase(kind: .closed(concurrency: 1_000, thinkTime: 0), duration: 1)], http: .http2,
            streamsPerConnection: 8)
        #expect(wide.effectiveConnections == 125)
    }

    @Test func flagsOverrideTheFileAndAreRecorded() throws {
        let scenario = try Self.parse("  phases: [{constant: {rate: 10/s, duration: 10s}}]")
        let overrides = ScenarioOverrides(http: .http2, streamsPerConnection: 32)
        let changed = try overrides.apply(to: scenario)
        #expect(changed.load.http == .http2 && changed.load.streamsPerConnection == 32)
        #expect(overrides.recorded == ["http=2", "streams_per_connection=32"])
    }

    @Test func streamsWithoutHTTP2AreRefusedNamingTheFlag() throws {
        let scenario = try Self.parse("  phases: [{constant: {rate: 10/s, duration: 10s}}]")
        #expect {
            _ = try ScenarioOverrides(streamsPerConnection: 4).apply(to: scenario)
        } throws: { error in
            "\(error)".contains("--streams-per-connection: 4 streams per connection need HTTP/2") && "\(error)".contains("--http2")
        }
    }
}

import GauntletReport
import Testing

@Suite struct ProgressLineTests {
    static let busy = ProgressSnapshot(
        elapsedSeconds: 12.04, totalSeconds: 30, phase: "ramp 10/s→50/s", targetRate: 34, achievedRate: 33,
        inFlight: 2, p99Milliseconds: 4.839, completed: 400, errors: 3)

    @Test(arguments: [
        (busy, "12.0s / 30.0s · ramp 10/s→50/s · target 34.00/s · achieved 33.00/s · in flight 2 · p99 4.84ms · errors 3 (0.8%)"),
        // Before the first second closes, nothing is known yet but the clock.
        (ProgressSnapshot(elapsedSeconds: 0.2, totalSeconds: 10), "0.2s / 10.0s · achieved — · in flight — · p99 — · errors 0"),
        // Closed loop: no target rate; the warm-up named as such.
        (ProgressSnapshot(elapsedSeconds: 1, totalSeconds: 5, phase: "warmup", achievedRate: 950, inFlight: 64,
                          p99Milliseconds: 1250, completed: 950),
         "1.0s / 5.0s · warm-up · achieved 950.0/s · in flight 64 · p99 1.25s · errors 0"),
    ])
    func textSaysWhereTheRunIs(snapshot: ProgressSnapshot, text: String) {
        #expect(ProgressLine.text(snapshot) == text)
    }

    /// On a terminal: every snapshot rewrites the one line, cut to the width so it never wraps,
    /// and the line is cleared at the end so the summary starts clean.
    @Test func terminalModeRewritesOneLine() {
        var line = ProgressLine(mode: .terminal(columns: 60))
        for elapsed in stride(from: 0.25, through: 3, by: 0.25) {
            var snapshot = Self.busy
            snapshot.elapsedSeconds = elapsed
            let output = line.update(snapshot)
            #expect(output?.hasPrefix("\r\u{1B}[2K") == true)
            #expect(output?.contains("\n") == false)
            #expect(output.map { $0.count - 5 } == 59)
        }
        #expect(line.finish() == "\r\u{1B}[2K")
        var wide = ProgressLine(mode: .terminal(columns: 200))
        #expect(wide.update(Self.busy) == "\r\u{1B}[2K" + ProgressLine.text(Self.busy))
    }

    /// Off a terminal: a plain line each time the run crosses a 10 s mark, however often it is asked,
    /// and nothing to clear at the end.
    @Test func plainModePrintsEveryTenSeconds() {
        var line = ProgressLine(mode: .plain(interval: 10))
        var printed: [String] = []
        for step in 0...140 {
            var snapshot = Self.busy
            snapshot.elapsedSeconds = Double(step) * 0.25
            snapshot.totalSeconds = 35
            if let output = line.update(snapshot) { printed.append(output) }
        }
        #expect(printed.count == 3)
        #expect(printed.allSatisfy { $0.hasPrefix("gauntlet: ") && $0.hasSuffix("\n") && !$0.contains("\u{1B}") })
        #expect(printed.map { $0.split(separator: " ")[1] } == ["10.0s", "20.0s", "30.0s"])
        #expect(line.finish() == "")

        // A sampler that stalls past several marks prints once, not once per missed mark.
        var late = ProgressLine(mode: .plain(interval: 10))
        var snapshot = Self.busy
        snapshot.elapsedSeconds = 31
        #expect(late.update(snapshot) != nil)
        snapshot.elapsedSeconds = 35
        #expect(late.update(snapshot) == nil)
    }
}

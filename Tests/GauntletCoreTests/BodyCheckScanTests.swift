import Foundation
import GauntletCore
import Testing

/// Body checks judged as the body streams in must judge exactly as on the whole body, however
/// libcurl cuts it into pieces: a pattern split across pieces, or across many small ones, counts.
@Suite struct BodyCheckScanTests {
    static func judge(_ checks: [ResponseCheck], pieces: [[UInt8]]) -> Bool {
        var scan = BodyCheckScan(checks)
        for piece in pieces { piece.withUnsafeBytes { scan.feed($0) } }
        return scan.holds
    }

    static func wholeBody(_ checks: [ResponseCheck], _ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self)
        return checks.allSatisfy { check in
            switch check {
            case .contains(let pattern): pattern.isEmpty || text.contains(pattern)
            case .notContains(let pattern): !(pattern.isEmpty || text.contains(pattern))
            }
        }
    }

    @Test func aPatternSplitAcrossPiecesIsFound() {
        let pieces = ["{\"status\": \"o", "k", "\", \"err", "or\": null}"].map { Array($0.utf8) }
        #expect(Self.judge([.contains("\"status\": \"ok\"")], pieces: pieces))
        #expect(!Self.judge([.notContains("error")], pieces: pieces))
        #expect(Self.judge([.notContains("failure"), .contains("null}")], pieces: pieces))
        #expect(!Self.judge([.contains("status\": \"okay")], pieces: pieces))
    }

    @Test func anEmptyBodyHoldsOnlyNotContains() {
        #expect(!Self.judge([.contains("x")], pieces: []))
        #expect(Self.judge([.notContains("x")], pieces: []))
    }

    /// Random bodies over a small alphabet (so patterns recur and half-match), random patterns,
    /// random cuts: the streamed verdict equals the whole body's, every time.
    @Test func agreesWithTheWholeBodyForAnyCut() {
        var random = SplitMix64(seed: 13)
        for _ in 0..<2_000 {
            let body = (0..<Int.random(in: 0...60, using: &random)).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0...2, using: &random) }
            let checks: [ResponseCheck] = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                let pattern = String(decoding: (0..<Int.random(in: 1...6, using: &random))
                    .map { _ in UInt8(ascii: "a") + UInt8.random(in: 0...2, using: &random) }, as: UTF8.self)
                return Bool.random(using: &random) ? .contains(pattern) : .notContains(pattern)
            }
            var pieces: [[UInt8]] = []
            var start = 0
            while start < body.count {
                let end = min(body.count, start + Int.random(in: 1...8, using: &random))
                pieces.append(Array(body[start..<end]))
                start = end
            }
            #expect(Self.judge(checks, pieces: pieces) == Self.wholeBody(checks, body), "\(checks) on \(pieces)")
        }
    }

    /// Reset between answers: what one body held says nothing of the next.
    @Test func resetForgetsThePreviousBody() {
        var scan = BodyCheckScan([.contains("ok")])
        Array("ok".utf8).withUnsafeBytes { scan.feed($0) }
        #expect(scan.holds)
        scan.reset()
        Array("o".utf8).withUnsafeBytes { scan.feed($0) }
        scan.reset()
        Array("k".utf8).withUnsafeBytes { scan.feed($0) }
        #expect(!scan.holds)
    }
}

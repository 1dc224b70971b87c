import Foundation
import GauntletCore
import Testing

/// Server-sent events read as they arrive, in pieces of any size (issue 15).
@Suite struct ServerSentEventParserTests {
    typealias Event = ServerSentEventParser.Event

    static func events(_ pieces: [String]) -> (events: [Event], inside: Bool) {
        var parser = ServerSentEventParser()
        var events: [Event] = []
        for piece in pieces { parser.feed(piece) { events.append($0) } }
        return (events, parser.isInsideAnEvent)
    }

    /// Cases from the WHATWG standard's own examples and rules (§9.2.4–9.2.6).
    @Test(arguments: [
        ("data: YHOO\ndata: +2\ndata: 10\n\n", [Event(data: "YHOO\n+2\n10")]),
        (": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
         [Event(data: "first event", id: "1"), Event(data: "second event", id: ""), Event(data: " third event", id: "")]),
        ("data\n\ndata\ndata\n\ndata:\n", [Event(data: ""), Event(data: "\n")]),
        ("event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\ndata: 113411\n\n",
         [Event(type: "add", data: "73857293"), Event(type: "remove", data: "2153"), Event(data: "113411")]),
        ("data: a\r\n\r\ndata: b\r\rdata: c\n\n", [Event(data: "a"), Event(data: "b"), Event(data: "c")]),
        ("\u{FEFF}data: after a byte order mark\n\n", [Event(data: "after a byte order mark")]),
        ("retry: 10\nfoo: bar\nevent: x\n\ndata: only data makes an event\n\n", [Event(data: "only data makes an event")]),
        ("data: {\"choices\":[{\"text\":\"é\"}]}\n\n", [Event(data: "{\"choices\":[{\"text\":\"é\"}]}")]),
    ] as [(String, [Event])])
    func eventsFollowTheStandard(stream: String, expected: [Event]) {
        #expect(Self.events([stream]).events == expected)
    }

    /// Whatever the network's pieces, the same events: every split of a stream in two, and one
    /// byte at a time (a CR LF split between pieces is still one line end).
    @Test func piecesOfAnySizeGiveTheSameEvents() {
        let stream = Array(": hi\r\ndata: one\r\ndata: two\r\n\r\nevent: e\rdata: three\r\rdata: [DONE]\n\n".utf8)
        let whole = Self.feed([stream])
        #expect(whole.count == 3)
        for cut in 0...stream.count {
            #expect(Self.feed([Array(stream[..<cut]), Array(stream[cut...])]) == whole, "split at \(cut)")
        }
        #expect(Self.feed(stream.map { [$0] }) == whole)
    }

    static func feed(_ pieces: [[UInt8]]) -> [Event] {
        var parser = ServerSentEventParser()
        var events: [Event] = []
        for var piece in pieces {
            piece.withUnsafeMutableBytes { parser.feed(UnsafeRawBufferPointer($0)) { events.append($0) } }
        }
        return events
    }

    @Test func anEventIsHandedOverWhenItsBlankLineArrivesNotBefore() {
        var parser = ServerSentEventParser()
        var events: [Event] = []
        parser.feed("data: token\n") { events.append($0) }
        #expect(events.isEmpty)
        #expect(parser.isInsideAnEvent)
        parser.feed("\n") { events.append($0) }
        #expect(events == [Event(data: "token")])
        #expect(!parser.isInsideAnEvent)
    }

    @Test(arguments: [
        ("data: cut mid-li", true),
        ("data: a whole line, no blank line\n", true),
        ("data: done\n\n", false),
        ("", false),
    ])
    func aStreamStoppingInsideAnEventIsSeen(stream: String, inside: Bool) {
        #expect(Self.events([stream]).inside == inside)
    }
}

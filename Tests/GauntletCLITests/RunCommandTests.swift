import Foundation
import GauntletFixtures
import Testing

@Suite(.serialized) struct RunCommandTests {
    /// Nothing listening: every request is a connect error, the summary is still printed, exit 3.
    @Test func unreachableTargetGetsASummaryAndExitThree() throws {
        let port = GauntletProcess.closedPort()
        let result = try GauntletProcess.run([
            "run", "--url", "http://127.0.0.1:\(port)/", "--rate", "50", "--duration", "1s",
        ])
        #expect(result.status == 3, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("50 completed · 0 ok · 50 errors"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("connect refused 50"))
        #expect(result.stderr.contains("never reached"))
    }

    @Test func unreachableTargetAsJSONCountsEveryRequestAsAnError() throws {
        let port = GauntletProcess.closedPort()
        let result = try GauntletProcess.run([
            "run", "--url", "http://127.0.0.1:\(port)/", "--rate", "20", "--duration", "1s", "--json",
        ])
        #expect(result.status == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let requests = try #require(json["requests"] as? [String: Any])
        #expect(requests["completed"] as? Int == 20)
        #expect(requests["errors"] as? Int == 20)
        #expect((requests["errors_by_kind"] as? [String: Int]) == ["connect_refused": 20])
    }

    /// Bad input: a one-line error naming what is wrong, exit 2, and not one request sent.
    @Test(arguments: [
        (["--rate", "100", "--duration", "ten"], "invalid duration 'ten'"),
        (["--rate", "100", "--duration", "10"], "missing unit"),
        (["--rate", "fast", "--duration", "1s"], "invalid rate 'fast'"),
        (["--rate", "0", "--duration", "1s"], "greater than zero"),
        (["--rate", "100", "--arrivals", "bursty"], "bursty"),
        (["--rate", "100", "--timeout", "0s"], "--timeout"),
        (["--duration", "1s"], "give --rate"),
        (["--rate", "10", "--concurrency", "2"], "not both"),
        (["--rate", "10", "--header", "no-colon"], "Name: value"),
        (["--rate", "10", "--body", "@/nonexistent/body.json"], "cannot read file"),
        (["--rate", "10", "--bogus-flag"], "bogus-flag"),
        // Issue 13: a flag that would add a header or change the request line is named, with the
        // column in its text, the text shown escaped.
        (["--rate", "10", "-H", "X-Evil: a\r\nHost: evil.example"],
         #"--header: 'X-Evil: a\r\nHost: evil.example', column 10: a line break (CR LF) in the value"#),
        (["--rate", "10", "--header", "X-Evil: a\nHost: evil.example"], #"--header: 'X-Evil: a\nHost: evil.example', column 10: a line feed (LF)"#),
        (["--rate", "10", "-H", "X-Evil: a\rb"], #"--header: 'X-Evil: a\rb', column 10: a carriage return (CR)"#),
        (["--rate", "10", "-H", "Bad Name: x"], "--header: 'Bad Name: x', column 4: a space in the name"),
        (["--rate", "10", "--method", "GET / HTTP/1.0\r\nX-Evil: a"], #"--method: 'GET / HTTP/1.0\r\nX-EVIL: A', column 4: a space"#),
    ])
    func badInputExitsTwoBeforeSending(arguments: [String], message: String) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let result = try GauntletProcess.run(["run", "--url", server.baseURL + "/"] + arguments)
        #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        // Counted in scalars: a CR LF is one Character, which splitting on "\n" would miss.
        #expect(result.stderr.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count == 1, "one line: \(result.stderr)")
        #expect(server.requestsReceived == 0)
    }

    @Test(arguments: [
        ("ftp://127.0.0.1/", "scheme must be http or https"),
        ("not a url", "invalid URL"),
        ("http:///path", "no host"),
        ("http://127.0.0.1:70000/", "out of range"),
    ])
    func badURLExitsTwo(url: String, message: String) throws {
        let result = try GauntletProcess.run(["run", "--url", url, "--rate", "10", "--duration", "1s"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }

    /// A healthy run prints the summary a person reads at a glance, and exits 0.
    @Test func summaryShowsTheFiguresAtAGlance() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(5)))
        defer { server.shutdown() }
        let result = try GauntletProcess.run([
            "run", "--url", server.baseURL + "/", "--rate", "200/s", "--duration", "1s", "--warmup", "200ms",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for expected in [
            "target     GET \(server.baseURL)/", "open loop · constant arrivals at 200.0/s for 1.00s after 200ms warm-up",
            "200 completed · 200 ok · 0 errors · 40 in warm-up (not counted)", "target 200.0/s · achieved",
            "latency (from intended)", "service time (from sent)", "schedule lag", "generator  CPU",
        ] {
            #expect(result.stdout.contains(expected), "missing '\(expected)' in:\n\(result.stdout)")
        }
        #expect(server.requestsReceived == 240)
    }

    /// POST with headers and a body from a file, in closed loop; --json gives the same figures.
    @Test func postsABodyFromAFileInClosedLoop() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-body-\(getpid()).json")
        try Data(#"{"inputs":[]}"#.utf8).write(to: body)
        defer { try? FileManager.default.removeItem(at: body) }
        let result = try GauntletProcess.run([
            "run", "--url", server.baseURL + "/v2/models/m/infer", "--concurrency", "2", "--duration", "1s",
            "-H", "Content-Type: application/json", "--body", "@\(body.path)", "--json",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let plan = try #require(json["plan"] as? [String: Any])
        #expect(plan["method"] as? String == "POST")
        #expect(plan["mode"] as? String == "closed_loop")
        let requests = try #require(json["requests"] as? [String: Any])
        #expect((requests["ok"] as? Int ?? 0) > 50)
        #expect(requests["errors"] as? Int == 0)
        let latency = try #require(json["latency"] as? [String: Any])
        for key in ["p50", "p90", "p95", "p99", "p999", "max"] { #expect(latency[key] is Double) }
    }

    /// Idle CPUs are kept polling unless --no-idle-poll says not to, and the report says which,
    /// in the JSON and in the HTML page's environment.
    @Test(arguments: [[], ["--no-idle-poll"]])
    func theReportSaysWhetherIdleCPUsPolled(flags: [String]) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-idle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "50", "--duration", "500ms", "--quiet", "--out", out.path] + flags)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let file = try #require(saved.first { $0.hasSuffix(".json") }, "\(saved)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(file))) as? [String: Any])
        let environment = try #require(json["environment"] as? [String: Any])
        let idle = try #require(environment["idle_polling"] as? [String: Any])
        let canHold = FileManager.default.isWritableFile(atPath: "/dev/cpu_dma_latency")
        if flags.isEmpty {
            #expect(idle["held"] as? Bool == canHold, "\(idle)")
            if !canHold { #expect((idle["reason"] as? String)?.contains("/dev/cpu_dma_latency") == true, "\(idle)") }
        } else {
            #expect(idle["held"] as? Bool == false)
            #expect(idle["reason"] as? String == "declined (--no-idle-poll)")
        }
        let page = try #require(saved.first { $0.hasSuffix(".html") })
        let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
        let expected = flags.isEmpty && canHold ? "kept polling while load ran" : "free to halt"
        #expect(html.contains("<dt>idle CPUs</dt>") && html.contains(expected))
    }

    /// SIGINT stops the run early, still prints what was measured, and exits 130.
    @Test func interruptStillPrintsTheSummary() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let process = Process()
        process.executableURL = GauntletProcess.executable
        process.arguments = ["run", "--url", server.baseURL + "/", "--rate", "100", "--duration", "30s"]
        process.currentDirectoryURL = GauntletProcess.workingDirectory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(stdout.contains("interrupted"), "stdout: \(stdout)")
        #expect(server.requestsReceived > 50 && server.requestsReceived < 500)
    }
}

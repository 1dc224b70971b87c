import GauntletCore
import Testing

/// What a request's method, path and headers may hold, and how data values are encoded into a path.
@Suite struct RequestTextTests {
    /// A value stays one segment: nothing that would add a segment, a query, a fragment or
    /// break the request line goes out as it is, and `%` is encoded too (never read as encoded).
    @Test func pathSegmentsEncodeWhatWouldEscapeThem() {
        #expect(PathEncoding.segment("a/b?c#d%e f\r\ng") == "a%2Fb%3Fc%23d%25e%20f%0D%0Ag")
        #expect(PathEncoding.segment("a%20b") == "a%2520b")
        #expect(PathEncoding.segment("é\u{0}") == "%C3%A9%00")
        // What RFC 3986 lets a segment hold as it is.
        #expect(PathEncoding.segment("digits-v2.1_x~:@!$&'()*+,;=") == "digits-v2.1_x~:@!$&'()*+,;=")
    }

    /// After a `?`, a value stays one query value.
    @Test func queryValuesEncodeParameterDelimiters() {
        #expect(PathEncoding.queryValue("x&admin=1+2;3 4/5") == "x%26admin%3D1%2B2%3B3%204%2F5")
    }

    @Test func headerValuesRefuseCRLFAndNul() {
        #expect(RequestText.headerValueOffence("a\r\nHost: evil") == RequestText.Offence(character: "\r\n", offset: 2))
        #expect(RequestText.headerValueOffence("ab\n") == RequestText.Offence(character: "\n", offset: 3))
        #expect(RequestText.headerValueOffence("\rx")?.description == "a carriage return (CR) at character 1")
        #expect(RequestText.headerValueOffence("a\0")?.description == "a NUL character at character 2")
        #expect(RequestText.headerValueOffence("Bearer abc\tdef; q=1 ü") == nil)
        #expect(RequestText.headerValueOffence("a\u{1B}[31m")?.description == "the control character U+001B at character 2")
        #expect(RequestText.headerValueOffence("a\u{7F}")?.description == "the control character U+007F at character 2")
    }

    @Test func pathsRefuseSpacesAndControls() {
        #expect(RequestText.pathOffence("/a b")?.description == "a space at character 3")
        #expect(RequestText.pathOffence("/a\tb")?.description == "a tab at character 3")
        #expect(RequestText.pathOffence("/a\u{7F}")?.description == "the control character U+007F at character 3")
        #expect(RequestText.pathOffence("/a%20b?q=1&r=%0D") == nil)
    }

    @Test func tokensAreTokens() {
        #expect(RequestText.tokenOffence("GET") == nil)
        #expect(RequestText.tokenOffence("X-Request_ID.v2") == nil)
        #expect(RequestText.tokenOffence("GET /admin")?.description == "a space at character 4")
        #expect(RequestText.tokenOffence("X:Y")?.description == "':' at character 2")
    }

    /// Echoed in a one-line error, control characters show as escapes.
    @Test func visibleTextStaysOnOneLine() {
        #expect(RequestText.visible("a\r\n\0\t\u{1B}b") == #"a\r\n\0\t\u{1B}b"#)
    }

    /// The engine's last check: each part of a request about to be sent.
    @Test func problemsOfARequestAboutToBeSent() {
        #expect(RequestText.problem(method: "GET", url: "http://h:1/a", headers: ["X-A: b", "Expect:"]) == nil)
        #expect(RequestText.problem(method: "GET", url: "http://h:1/a", headers: ["X-A: b\r\nHost: evil"])?
            .hasPrefix("header 'X-A' holds a line break (CR LF) at character 2 of its value") == true)
        #expect(RequestText.problem(method: "GET", url: "http://h:1/a b", headers: [])?.hasPrefix("URL 'http://h:1/a b' holds a space") == true)
        #expect(RequestText.problem(method: "GET / HTTP/1.0\r\n", url: "http://h:1/", headers: [])?
            .hasPrefix(#"method 'GET / HTTP/1.0\r\n' holds a space at character 4"#) == true)
        #expect(RequestText.problem(method: "GET", url: "http://h:1/", headers: ["Bad Name: x"])?
            .hasPrefix("header name 'Bad Name' holds a space") == true)
    }
}

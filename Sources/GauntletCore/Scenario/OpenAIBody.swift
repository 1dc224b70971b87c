import Foundation

/// An OpenAI-compatible request body (`body: openai:`): a completion (`prompt`) for
/// `/v1/completions` or a chat (`messages`) for `/v1/chat/completions`, streamed by default.
///
/// Every text (model, prompt, each message's content) may hold `{{column}}` placeholders filled
/// from a data row, `{{variable}}` from a candidate and `${SECRET}`s; each is filled, then written
/// as a JSON string, so a prompt with quotes or newlines stays one valid string.
public struct OpenAIBody: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    public enum Input: Sendable, Equatable {
        case prompt(String)
        case messages([Message])
    }

    /// The output tokens a server gives an answer that sets no `max_tokens` (the OpenAI API's
    /// completions default): what a forecast counts on.
    public static let defaultMaximumTokens = 16

    public var model: String
    public var input: Input
    public var maxTokens: Int?
    public var temperature: Double?
    /// Sent as `seed`, for servers that sample reproducibly.
    public var seed: Int?
    /// `stream: true` (the default): the answer comes as server-sent events, token by token.
    public var stream: Bool
    /// Asks a streamed answer to end with the server's token counts
    /// (`stream_options: {include_usage: true}`).
    public var includeUsage: Bool

    public init(model: String, input: Input, maxTokens: Int? = nil, temperature: Double? = nil, seed: Int? = nil,
                stream: Bool = true, includeUsage: Bool = false) {
        self.model = model
        self.input = input
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
        self.stream = stream
        self.includeUsage = includeUsage
    }

    /// The endpoint its kind is sent to when the request names no path.
    public var defaultPath: String {
        switch input {
        case .prompt: "/v1/completions"
        case .messages: "/v1/chat/completions"
        }
    }

    public var tokenReading: TokenReading { stream ? .stream : .whole }

    /// Its texts, in order: model, then the prompt or each message's content.
    public var texts: [String] {
        switch input {
        case .prompt(let prompt): [model, prompt]
        case .messages(let messages): [model] + messages.map(\.content)
        }
    }

    /// The body with `transform` applied to each of its ``texts``.
    public func mapTexts<Failure: Error>(_ transform: (String) throws(Failure) -> String) throws(Failure) -> OpenAIBody {
        var body = self
        body.model = try transform(model)
        switch input {
        case .prompt(let prompt): body.input = .prompt(try transform(prompt))
        case .messages(let messages):
            var filled: [Message] = []
            for message in messages { filled.append(Message(role: message.role, content: try transform(message.content))) }
            body.input = .messages(filled)
        }
        return body
    }

    /// The JSON sent, its texts as they are (fill them first with ``mapTexts(_:)``), keys in a
    /// fixed order so the same body is the same bytes.
    public var json: Data {
        let string = RequestCatalog.jsonString
        var fields = [#""model":\#(string(model))"#]
        switch input {
        case .prompt(let prompt): fields.append(#""prompt":\#(string(prompt))"#)
        case .messages(let messages):
            let list = messages.map { #"{"role":\#(string($0.role)),"content":\#(string($0.content))}"# }
            fields.append(#""messages":[\#(list.joined(separator: ","))]"#)
        }
        if let maxTokens { fields.append(#""max_tokens":\#(maxTokens)"#) }
        if let temperature { fields.append(#""temperature":\#(temperature.compact)"#) }
        if let seed { fields.append(#""seed":\#(seed)"#) }
        fields.append(#""stream":\#(stream)"#)
        if stream && includeUsage { fields.append(#""stream_options":{"include_usage":true}"#) }
        return Data("{\(fields.joined(separator: ","))}".utf8)
    }
}

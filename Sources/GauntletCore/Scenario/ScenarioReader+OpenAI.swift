import Yams

extension ScenarioReader {
    static let openAIKeys = ["model", "prompt", "messages", "max_tokens", "temperature", "seed", "stream", "include_usage"]
    static let chatRoles = ["system", "developer", "user", "assistant", "tool"]

    /// `goodput: {ttft, itl, tpot, latency}`: durations one generative answer must stay within.
    func goodputSection(_ mapping: YAMLMapping, key: Node?, requests: [RequestTemplate]) throws(ScenarioError) -> GoodputLimits {
        try mapping.allowOnly(["ttft", "itl", "tpot", "latency"])
        guard requests.contains(where: { ($0.body?.tokenReading ?? .none) != .none }) else {
            throw .at(key ?? mapping.node, file: file,
                "'goodput' counts generative answers that meet its limits, and no request has an 'openai' body")
        }
        guard !mapping.keys.isEmpty else {
            throw .at(mapping.node, file: file, "goodput needs at least one limit: ttft, itl, tpot or latency, e.g. ttft: 500ms")
        }
        func limit(_ key: String) throws(ScenarioError) -> Double? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in
                try scalars.duration(node, "goodput \(key)").nanosecondsAsMilliseconds
            }
        }
        return GoodputLimits(
            ttftMilliseconds: try limit("ttft"), itlMilliseconds: try limit("itl"), tpotMilliseconds: try limit("tpot"),
            latencyMilliseconds: try limit("latency"))
    }

    /// `body: openai: {model, prompt | messages, max_tokens, temperature, seed, stream, include_usage}`.
    func openAIBody(_ node: Node, key: Node?, context: String) throws(ScenarioError) -> OpenAIBody {
        let what = "\(context) openai body"
        let mapping = try YAMLMapping(node, file: file, context: what, key: key)
        try mapping.allowOnly(Self.openAIKeys)
        let model = try scalars.nonEmptyString(try mapping.required("model"), "\(what) model")
        let input: OpenAIBody.Input
        switch (mapping.optional("prompt"), mapping.optional("messages")) {
        case (let prompt?, nil):
            input = .prompt(try scalars.string(prompt, "\(what) prompt"))
        case (nil, let list?):
            let items = try scalars.sequence(list, "\(what) messages")
            guard !items.isEmpty else { throw .at(list, file: file, "\(what) messages must list at least one message") }
            var messages: [OpenAIBody.Message] = []
            for item in items {
                let message = try YAMLMapping(item, file: file, context: "\(what) message \(messages.count + 1)")
                try message.allowOnly(["role", "content"])
                let roleNode = try message.required("role")
                let role = try scalars.nonEmptyString(roleNode, "message role")
                guard Self.chatRoles.contains(role) else {
                    throw .at(roleNode, file: file,
                        "\(what) message role must be one of \(Self.chatRoles.joined(separator: ", ")), not '\(role)'\(Suggestion.hint(for: role, in: Self.chatRoles))")
                }
                messages.append(OpenAIBody.Message(role: role, content: try scalars.string(try message.required("content"), "message content")))
            }
            input = .messages(messages)
        case (nil, nil):
            throw .at(mapping.node, file: file,
                "\(what) needs 'prompt' (for /v1/completions) or 'messages' (for /v1/chat/completions)")
        case (_, let list?):
            throw .at(mapping.keyNode("messages") ?? list, file: file, "\(what) takes 'prompt' or 'messages', not both")
        }
        let maxTokens = try mapping.optional("max_tokens").map { (node) throws(ScenarioError) in
            try scalars.int(node, "\(what) max_tokens", in: 1...1_000_000)
        }
        let temperature = try mapping.optional("temperature").map { (node) throws(ScenarioError) in
            try scalars.double(node, "\(what) temperature", minimum: 0, maximum: 100)
        }
        let seed = try mapping.optional("seed").map { (node) throws(ScenarioError) in
            try scalars.int(node, "\(what) seed", in: 0...Int(Int64.max))
        }
        let stream = try mapping.optional("stream").map { (node) throws(ScenarioError) in try scalars.bool(node, "\(what) stream") } ?? true
        let includeUsage = try mapping.optional("include_usage").map { (node) throws(ScenarioError) in
            try scalars.bool(node, "\(what) include_usage")
        } ?? false
        if includeUsage && !stream, let node = mapping.optional("include_usage") {
            throw .at(node, file: file,
                "\(what) sets include_usage, which only a streamed answer takes (a whole answer always carries its usage); drop it or set stream: true")
        }
        return OpenAIBody(
            model: model, input: input, maxTokens: maxTokens, temperature: temperature, seed: seed, stream: stream,
            includeUsage: includeUsage)
    }
}

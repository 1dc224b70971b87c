import Foundation
import GauntletCore

/// An OpenAI-compatible completion (`/v1/completions`) or chat (`/v1/chat/completions`) request,
/// read from its JSON body; an error says which field is wrong, as OpenAI's API does.
struct OpenAICompletionRequest: Sendable {
    var chat: Bool
    var model: String
    /// The prompt, or the chat's message contents one per line.
    var prompt: String
    var maxTokens: Int
    var temperature: Double
    var seed: UInt64
    var stream: Bool
    var includeUsage: Bool

    /// OpenAI's default for a completion's `max_tokens`; a chat without one gets the same here.
    static let defaultMaxTokens = 16

    struct Invalid: Error {
        var message: String
        var parameter: String?
    }

    static func parse(_ body: [UInt8], chat: Bool) throws(Invalid) -> OpenAICompletionRequest {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw Invalid(message: "the body is not a JSON object", parameter: nil)
        }
        guard let model = object["model"] as? String, !model.isEmpty else {
            throw Invalid(message: "'model' is required and must be a string", parameter: "model")
        }
        var prompt: String
        if chat {
            guard let messages = object["messages"] as? [[String: Any]], !messages.isEmpty else {
                throw Invalid(message: "'messages' must be a non-empty list of {role, content}", parameter: "messages")
            }
            var contents: [String] = []
            for message in messages {
                guard message["role"] is String else { throw Invalid(message: "each message needs a 'role'", parameter: "messages") }
                if let text = message["content"] as? String {
                    contents.append(text)
                } else if let parts = message["content"] as? [[String: Any]] {
                    contents.append(parts.compactMap { $0["text"] as? String }.joined(separator: " "))
                } else {
                    throw Invalid(message: "each message's 'content' must be a string", parameter: "messages")
                }
            }
            prompt = contents.joined(separator: "\n")
        } else if let text = object["prompt"] as? String {
            prompt = text
        } else if let list = object["prompt"] as? [String], list.count == 1 {
            prompt = list[0]
        } else {
            throw Invalid(message: "'prompt' must be a string (one prompt per request)", parameter: "prompt")
        }
        if prompt.isEmpty { prompt = "" }
        let tokens = object["max_completion_tokens"] ?? object["max_tokens"]
        var maxTokens = defaultMaxTokens
        if let tokens, !(tokens is NSNull) {
            guard let value = tokens as? Int, (1...GenerationOptions.maximumTokens).contains(value) else {
                throw Invalid(message: "'max_tokens' must be a whole number from 1 to \(GenerationOptions.maximumTokens)", parameter: "max_tokens")
            }
            maxTokens = value
        }
        var temperature = 1.0
        if let value = object["temperature"], !(value is NSNull) {
            guard let number = value as? Double, number >= 0, number <= 2 else {
                throw Invalid(message: "'temperature' must be a number from 0 to 2", parameter: "temperature")
            }
            temperature = number
        }
        var seed: UInt64 = 0
        if let value = object["seed"], !(value is NSNull) {
            guard let number = value as? Int else { throw Invalid(message: "'seed' must be a whole number", parameter: "seed") }
            seed = UInt64(bitPattern: Int64(number))
        }
        let stream = object["stream"] as? Bool ?? false
        let includeUsage = ((object["stream_options"] as? [String: Any])?["include_usage"] as? Bool) ?? false
        return OpenAICompletionRequest(
            chat: chat, model: model, prompt: prompt, maxTokens: maxTokens, temperature: temperature, seed: seed,
            stream: stream, includeUsage: includeUsage)
    }
}

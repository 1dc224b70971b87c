import Foundation

/// The JSON an OpenAI-compatible server answers with, chunk by chunk or whole.
struct OpenAICompletionText {
    let request: OpenAICompletionRequest
    let id: String
    let created: Int

    private var object: String { request.chat ? "chat.completion" : "text_completion" }
    private var chunkObject: String { request.chat ? "chat.completion.chunk" : "text_completion" }

    /// `text` as a JSON string, written as every answer of the server writes one (once per token:
    /// no encoder per call).
    static func string(_ text: String) -> String {
        var json = JSONBytes(capacity: text.utf8.count + 2)
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private func head(_ object: String) -> String {
        #""id":\#(Self.string(id)),"object":"\#(object)","created":\#(created),"model":\#(Self.string(request.model))"#
    }

    /// One server-sent event carrying token `index`.
    func tokenEvent(index: Int, text: String) -> String {
        let choice = request.chat
            ? #"{"index":0,"delta":{\#(index == 0 ? #""role":"assistant","# : "")"content":\#(Self.string(text))},"logprobs":null,"finish_reason":null}"#
            : #"{"index":0,"text":\#(Self.string(text)),"logprobs":null,"finish_reason":null}"#
        return "data: {\(head(chunkObject)),\"choices\":[\(choice)]}\n\n"
    }

    /// The events after the last token: its finish reason, usage when asked, `[DONE]`.
    func closingEvents(promptTokens: Int, completionTokens: Int) -> String {
        let choice = request.chat
            ? #"{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}"#
            : #"{"index":0,"text":"","logprobs":null,"finish_reason":"length"}"#
        var text = "data: {\(head(chunkObject)),\"choices\":[\(choice)]}\n\n"
        if request.includeUsage {
            text += "data: {\(head(chunkObject)),\"choices\":[],\"usage\":\(usage(promptTokens, completionTokens))}\n\n"
        }
        return text + "data: [DONE]\n\n"
    }

    /// The whole answer, for `stream: false`.
    func whole(text: String, promptTokens: Int, completionTokens: Int) -> String {
        let choice = request.chat
            ? #"{"index":0,"message":{"role":"assistant","content":\#(Self.string(text))},"logprobs":null,"finish_reason":"length"}"#
            : #"{"index":0,"text":\#(Self.string(text)),"logprobs":null,"finish_reason":"length"}"#
        return "{\(head(object)),\"choices\":[\(choice)],\"usage\":\(usage(promptTokens, completionTokens))}"
    }

    private func usage(_ prompt: Int, _ completion: Int) -> String {
        #"{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}"#
    }

    /// OpenAI's error object.
    static func error(_ message: String, type: String, parameter: String? = nil, code: String? = nil) -> String {
        #"{"error":{"message":\#(string(message)),"type":"\#(type)","param":\#(parameter.map(string) ?? "null"),"code":\#(code.map(string) ?? "null")}}"#
    }
}

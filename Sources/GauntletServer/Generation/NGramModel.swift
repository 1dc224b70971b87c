import Foundation
import GauntletCore

/// The reference server's generative model: a word-level trigram model of a public-domain text
/// (`models/train_ngram.py` writes it, format `gauntlet.ngram/v1` in models/README.md). Small and
/// real: its text follows the counts of the book it was trained on, and the same prompt, seed and
/// temperature always give the same words.
public struct NGramModel: Sendable {
    public let name: String
    public let version: String
    public let vocabulary: [String]
    /// Followers by count, most frequent first (ties by word index): unigrams, then by one word
    /// and by two words of context.
    private let unigrams: [Follower]
    private let bigrams: [[Follower]]
    private let trigrams: [UInt64: [Follower]]
    private let index: [String: Int32]

    struct Follower: Sendable {
        var word: Int32
        var count: UInt32
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public static let format = "gauntlet.ngram/v1"

    /// Reads a model file; the error names the file and the line.
    public init(path: String) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(description: "cannot read \(path)") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        func fail(_ line: Int, _ message: String) -> LoadError { LoadError(description: "\(path):\(line + 1): \(message)") }
        guard lines.first == Substring(Self.format) else { throw fail(0, "not a \(Self.format) file") }
        var header: [String: String] = [:]
        var line = 1
        while line < lines.count, let space = lines[line].firstIndex(of: " "), !lines[line].hasPrefix("u\t") {
            let key = String(lines[line][..<space])
            header[key] = String(lines[line][lines[line].index(after: space)...])
            line += 1
            if key == "vocabulary" { break }
        }
        guard let name = header["name"], let version = header["version"], let size = header["vocabulary"].flatMap(Int.init) else {
            throw fail(line, "the header lacks name, version or vocabulary")
        }
        guard line + size < lines.count else { throw fail(line, "the file ends inside its vocabulary of \(size) words") }
        let vocabulary = lines[line..<(line + size)].map(String.init)
        line += size
        func followers(_ text: Substring, at line: Int) throws(LoadError) -> [Follower] {
            var list: [Follower] = []
            for pair in text.split(separator: " ") {
                guard let colon = pair.firstIndex(of: ":"), let word = Int32(pair[..<colon]), let count = UInt32(pair[pair.index(after: colon)...]),
                      word >= 0, Int(word) < size
                else { throw fail(line, "'\(pair)' is not word:count with a word of the vocabulary") }
                list.append(Follower(word: word, count: count))
            }
            return list
        }
        var unigrams: [Follower] = []
        var bigrams = [[Follower]](repeating: [], count: size)
        var trigrams: [UInt64: [Follower]] = [:]
        for number in line..<lines.count where !lines[number].isEmpty {
            let text = lines[number]
            guard let tab = text.firstIndex(of: "\t") else { throw fail(number, "no tab between context and followers") }
            let context = text[..<tab].split(separator: " ")
            let list = try followers(text[text.index(after: tab)...], at: number)
            switch (context.first, context.count) {
            case ("u", 1): unigrams = list
            case ("b", 2):
                guard let a = Int(context[1]), a >= 0, a < size else { throw fail(number, "bad context") }
                bigrams[a] = list
            case ("t", 3):
                guard let a = UInt64(context[1]), let b = UInt64(context[2]), a < size, b < size else { throw fail(number, "bad context") }
                trigrams[a << 32 | b] = list
            default: throw fail(number, "unknown context '\(text[..<tab])'")
            }
        }
        guard !unigrams.isEmpty else { throw fail(lines.count - 1, "no unigram line ('u')") }
        self.name = name
        self.version = version
        self.vocabulary = vocabulary
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.trigrams = trigrams
        index = Dictionary(vocabulary.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The prompt's tokens: its words.
    public static func tokens(of prompt: String) -> [Substring] { prompt.split(whereSeparator: \.isWhitespace) }

    /// `count` tokens continuing `prompt`, each a word with its leading space (` the`), as
    /// a tokenizer's pieces are. Temperature 0 takes the most frequent follower; above it, followers
    /// are drawn with weights count^(1/temperature) from a generator seeded by `seed` and the prompt.
    public func generate(prompt: String, count: Int, temperature: Double, seed: UInt64) -> [String] {
        let words = Self.tokens(of: prompt)
        var previous = words.count >= 2 ? index[String(words[words.count - 2])] : nil
        var last = words.last.flatMap { index[String($0)] }
        var random = Xoshiro256StarStar(seed: seed ^ Self.fingerprint(prompt))
        var output: [String] = []
        output.reserveCapacity(count)
        for _ in 0..<max(0, count) {
            let choices: [Follower]
            if let previous, let last, let known = trigrams[UInt64(previous) << 32 | UInt64(last)] {
                choices = known
            } else if let last, !bigrams[Int(last)].isEmpty {
                choices = bigrams[Int(last)]
            } else {
                choices = unigrams
            }
            let word = pick(choices, temperature: temperature, random: &random)
            output.append(" " + vocabulary[Int(word)])
            previous = last
            last = word
        }
        return output
    }

    private func pick(_ choices: [Follower], temperature: Double, random: inout Xoshiro256StarStar) -> Int32 {
        guard temperature > 0, choices.count > 1 else { return choices[0].word }
        let weights = choices.map { pow(Double($0.count), 1 / temperature) }
        var point = random.nextUnitInterval() * weights.reduce(0, +)
        for (choice, weight) in zip(choices, weights) {
            point -= weight
            if point < 0 { return choice.word }
        }
        return choices[choices.count - 1].word
    }

    /// FNV-1a of the prompt's bytes: different prompts under one seed continue differently.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// "Did you mean …?" for misspelt keys and names.
public enum Suggestion {
    /// Words from other load tools that mean one of ours.
    static let aliases: [String: String] = [
        "rps": "rate", "qps": "rate", "tps": "rate", "vus": "concurrency", "users": "concurrency",
        "threads": "concurrency", "think": "think_time", "sleep": "think_time", "url": "target", "host": "target",
        "stages": "phases", "time": "duration", "random": "shuffled", "shuffle": "shuffled", "sequence": "sequential", "weight_percent": "weight", "verb": "method", "thresholds": "objectives",
        "cacert": "ca", "cafile": "ca", "ca_file": "ca", "ca_bundle": "ca", "certificate": "cert", "client_cert": "cert",
        "client_key": "key", "private_key": "key", "skip_verify": "insecure", "insecure_skip_verify": "insecure",
        "ssl": "tls",
    ]

    /// The candidate closest to `word` by edit distance, when it is close enough to be a likely
    /// typo, or the candidate a known alias from another tool stands for.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        let candidates = Array(candidates)
        if let meaning = aliases[lowered], candidates.contains(meaning) { return meaning }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, best.candidate.count / 3))
        return best.distance <= allowed ? best.candidate : nil
    }

    /// " (did you mean 'x'?)" or "".
    public static func hint(for word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Edit distance counting an insertion, a deletion, a substitution or a swap of two
    /// neighbouring letters as one edit (optimal string alignment), so `lable` is one from `label`.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

import Yams

extension ScenarioReader {
    /// The `tls:` section. Paths are resolved here and read by the loader, like data sources.
    func tlsSection(_ mapping: YAMLMapping) throws(ScenarioError) -> TLSSection {
        try mapping.allowOnly(TLSSection.keys)
        func named(_ key: String) throws(ScenarioError) -> TLSSection.File? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in
                let path = try scalars.nonEmptyString(node, "tls \(key)")
                return TLSSection.File(
                    path: path, resolvedPath: resolve(path), line: node.location.line, column: node.location.column)
            }
        }
        let section = TLSSection(
            ca: try named("ca"), cert: try named("cert"), key: try named("key"),
            insecure: try mapping.optional("insecure").map { (node) throws(ScenarioError) in try scalars.bool(node, "tls insecure") } ?? false)
        if section.key != nil, section.cert == nil, let node = mapping.keyNode("key") {
            throw .at(node, file: file, "tls 'key' without 'cert': the key belongs to a client certificate; name it in 'cert'")
        }
        return section
    }

    /// Refuses a `tls:` section that cannot apply: the embedded server and `http://` targets
    /// speak plain HTTP. (A target's scheme is always written out: `targetURL` checks it.)
    /// With candidates, `targets` holds each one's, and the section applies to the https ones.
    func checkTLSApplies(_ tls: TLSSection?, targets: [String?], at node: Node?) throws(ScenarioError) {
        guard tls != nil, let node else { return }
        let given = targets.compactMap { $0 }
        guard !given.isEmpty else {
            throw .at(node, file: file, "'tls' is for an https target; this scenario has none (the embedded reference server speaks plain HTTP), so add a 'target' or remove 'tls'")
        }
        if given.allSatisfy({ $0.lowercased().hasPrefix("http://") }) {
            let which = targets.count > 1 ? "the candidates' are" : "this one is"
            throw .at(node, file: file, "'tls' is for an https target; \(which) http://, so use https:// or remove 'tls'")
        }
    }
}

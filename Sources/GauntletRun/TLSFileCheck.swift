import Foundation

/// What a TLS file must hold, checked before anything is sent, so that a wrong path or an
/// encrypted key is one clear error rather than every request failing as `tls` (or libcurl
/// asking for a passphrase on the terminal). Contents are searched for PEM markers only, and
/// never repeated.
enum TLSFileCheck {
    enum Role {
        /// A bundle of certificate authorities.
        case ca
        /// A client certificate; `holdsKey` when no key file goes with it, so its key must be inside.
        case certificate(holdsKey: Bool)
        /// A client certificate's private key.
        case key
    }

    /// What is wrong with the file for `role`, or nil when it will do.
    /// - Parameters:
    ///   - path: as the user wrote it, for the message.
    ///   - resolvedPath: where it was looked for.
    static func problem(_ role: Role, path: String, resolvedPath: String) -> String? {
        guard let data = FileManager.default.contents(atPath: resolvedPath) else {
            return "cannot read '\(path)' (looked for \(resolvedPath))"
        }
        let text = String(decoding: data, as: UTF8.self)
        let hasCertificate = text.contains("CERTIFICATE-----")
        let hasKey = text.contains("PRIVATE KEY-----")
        let encrypted = text.contains("ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")
        switch role {
        case .ca:
            return hasCertificate ? nil : "'\(path)' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        case .certificate(let holdsKey):
            if !hasCertificate { return "'\(path)' holds no PEM certificate (-----BEGIN CERTIFICATE-----)" }
            if holdsKey && !hasKey {
                return "'\(path)' holds no private key; name the key file too, or use one PEM file holding both"
            }
            return holdsKey && encrypted ? encryptedKey(path) : nil
        case .key:
            if !hasKey { return "'\(path)' holds no PEM private key (-----BEGIN PRIVATE KEY-----)" }
            return encrypted ? encryptedKey(path) : nil
        }
    }

    private static func encryptedKey(_ path: String) -> String {
        "'\(path)' holds an encrypted private key, and gauntlet takes no passphrase; decrypt it first (openssl pkey -in KEY -out PLAIN)"
    }
}

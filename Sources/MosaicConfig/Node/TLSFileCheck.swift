import Crypto
import Foundation
import X509

/// Checks the PEM files the configuration names for TLS, with swift-certificates (X509): that they
/// exist, parse, that the key matches the certificate and that the certificate is valid now.
enum TLSFileCheck {
    /// Most bytes of one PEM file (a chain of a few certificates is a few KiB).
    static let maxBytes = 1 << 20

    /// The problems of the `tls:` pair, reported at `location` under `key`.
    static func checkServer(_ settings: TLSSettings, location: SourceLocation, key: String, now: Date = Date()) -> [ConfigProblem] {
        let certificates: [Certificate]
        switch readCertificates(settings.certificatePath) {
        case .success(let list): certificates = list
        case .failure(let found):
            return [
                location.problem(
                    key: "\(key).certificate", found: found.description, expected: "a PEM certificate file (-----BEGIN CERTIFICATE-----)")
            ]
        }
        var problems: [ConfigProblem] = []
        let leaf = certificates[0]
        if let validity = validityProblem(leaf, now: now) {
            problems.append(
                location.problem(
                    key: "\(key).certificate", found: "\(DisplayPath.show(settings.certificatePath)): \(validity)",
                    expected:
                        "a certificate valid today: renew it (for example with certbot or your CA) and point `certificate` at the new file")
            )
        }
        let keyText: String
        switch readText(settings.privateKeyPath) {
        case .success(let text): keyText = text
        case .failure(let found):
            problems.append(location.problem(key: "\(key).private_key", found: found.description, expected: "a PEM private key file"))
            return problems
        }
        guard let privateKey = try? Certificate.PrivateKey(pemEncoded: keyText) else {
            problems.append(
                location.problem(
                    key: "\(key).private_key",
                    found: "\(DisplayPath.show(settings.privateKeyPath)), which holds no PEM private key Mosaic can read",
                    expected: "a PEM private key (PKCS #8, RSA, EC P-256/P-384 or Ed25519), as certbot or openssl write it"))
            return problems
        }
        if privateKey.publicKey != leaf.publicKey {
            problems.append(
                location.problem(
                    key: "\(key).private_key",
                    found: "a key that does not match the certificate \(DisplayPath.show(settings.certificatePath))",
                    expected: "the private key the certificate was issued for (both files from the same renewal)"))
        }
        return problems
    }

    /// The problem of a `ca_file`, or `nil` when it holds at least one PEM certificate.
    static func checkCAFile(_ path: String, location: SourceLocation, key: String) -> ConfigProblem? {
        guard case .failure(let found) = readCertificates(path) else { return nil }
        return location.problem(key: key, found: found.description, expected: "a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)")
    }

    /// Why `certificate` is not valid at `now`, or `nil`.
    static func validityProblem(_ certificate: Certificate, now: Date) -> String? {
        if certificate.notValidAfter < now {
            return "the certificate expired on \(ISO8601DateFormatter().string(from: certificate.notValidAfter))"
        }
        if certificate.notValidBefore > now {
            return "the certificate is not valid before \(ISO8601DateFormatter().string(from: certificate.notValidBefore))"
        }
        return nil
    }

    private static func readText(_ path: String) -> Result<String, Failure> {
        let shown = DisplayPath.show(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(Failure("\(shown), which does not exist or cannot be read"))
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            return .failure(Failure("\(shown), which is \(size) bytes, more than \(maxBytes)"))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(Failure("\(shown), which cannot be read as text"))
        }
        return .success(text)
    }

    private static func readCertificates(_ path: String) -> Result<[Certificate], Failure> {
        let text: String
        switch readText(path) {
        case .success(let read): text = read
        case .failure(let failure): return .failure(failure)
        }
        var certificates: [Certificate] = []
        for block in certificateBlocks(text) {
            guard let certificate = try? Certificate(pemEncoded: block) else {
                return .failure(Failure("\(DisplayPath.show(path)), whose certificate number \(certificates.count + 1) is not valid PEM"))
            }
            certificates.append(certificate)
        }
        guard !certificates.isEmpty else { return .failure(Failure("\(DisplayPath.show(path)), which holds no PEM certificate")) }
        return .success(certificates)
    }

    /// The `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` blocks of `text`, in order
    /// (each then parsed by swift-certificates; other blocks, such as a key in the same file, are skipped).
    static func certificateBlocks(_ text: String) -> [String] {
        let begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----"
        var blocks: [String] = []
        var rest = text[...]
        while let start = rest.range(of: begin), let stop = rest[start.upperBound...].range(of: end) {
            blocks.append(String(rest[start.lowerBound..<stop.upperBound]))
            rest = rest[stop.upperBound...]
        }
        return blocks
    }

    /// A "found …" phrase.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension TLSSettings {
    /// What is wrong with the two files now (missing, not PEM, key not the certificate's, not
    /// valid today), as sentences; empty when they can be served. `mosaic serve` asks before
    /// taking renewed files, so a half-written renewal is never served.
    public func problems(now: Date = Date()) -> [String] {
        TLSFileCheck.checkServer(self, location: SourceLocation(file: "tls", line: 1, column: 1), key: "tls", now: now).map {
            "\($0.key): \($0.found); expected \($0.expected)"
        }
    }
}

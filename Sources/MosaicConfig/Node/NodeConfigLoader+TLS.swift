import Foundation
import MosaicCore

extension NodeConfigLoader {
    static let tlsKeys = ["certificate", "private_key"]
    static let peerTLSKeys = ["ca_file", "pin_sha256"]

    /// `tls: {certificate, private_key}`: both paths relative to the configuration's folder, the
    /// files checked by ``TLSFileCheck`` (exist, PEM, key matches, valid today).
    static func readTLS(_ reader: inout MappingReader, folder: String) -> TLSSettings? {
        guard var nested = reader.nested("tls", allowed: tlsKeys) else { return nil }
        let expected = "a PEM file path, relative to this file's folder"
        let certificate = nested.string("certificate", required: true, expected: expected)
        let key = nested.string("private_key", required: true, expected: expected)
        reader.absorb(nested)
        guard let certificate, let key else { return nil }
        let settings = TLSSettings(
            certificatePath: DisplayPath.resolve(certificate, against: folder), privateKeyPath: DisplayPath.resolve(key, against: folder))
        for problem in TLSFileCheck.checkServer(settings, location: reader.valueLocation("tls"), key: "tls") { reader.report(problem) }
        return settings
    }

    /// `peer_tls: {MEMBER: {ca_file, pin_sha256}}`: each key a member of the directory.
    static func readPeerTLS(
        _ reader: MappingReader, folder: String, directory: MemberDirectory, problems: inout [ConfigProblem]
    ) -> [MemberID: PeerTLSSettings] {
        let ids = directory.members.map(\.id.rawValue)
        guard let outer = reader.nested("peer_tls", allowed: ids) else { return [:] }
        problems += outer.problems
        var result: [MemberID: PeerTLSSettings] = [:]
        for member in directory.members where outer.has(member.id.rawValue) {
            guard var nested = outer.nested(member.id.rawValue, allowed: peerTLSKeys) else { continue }
            let caFile = nested.string("ca_file", expected: "a PEM file of CA certificates, relative to this file's folder").map {
                DisplayPath.resolve($0, against: folder)
            }
            let pin = nested.scalar(
                "pin_sha256", required: false,
                expected: "the base64 SHA-256 of the peer certificate's SubjectPublicKeyInfo (44 characters ending in =)"
            ) { text in Data(base64Encoded: text).flatMap { $0.count == 32 ? [UInt8]($0) : nil } }
            if let caFile,
                let problem = TLSFileCheck.checkCAFile(
                    caFile, location: nested.valueLocation("ca_file"), key: "peer_tls.\(member.id).ca_file")
            {
                nested.report(problem)
            }
            if !nested.has("ca_file"), !nested.has("pin_sha256") {
                nested.report(
                    ConfigProblem(
                        file: nested.location.file, line: nested.location.line, column: nested.location.column,
                        key: "peer_tls.\(member.id)", found: "neither ca_file nor pin_sha256", expected: "ca_file, pin_sha256 or both"))
            }
            if member.endpoint?.scheme != "https" {
                nested.report(
                    ConfigProblem(
                        file: nested.location.file, line: nested.location.line, column: nested.location.column,
                        key: "peer_tls.\(member.id)", found: "a member whose endpoint is not https://",
                        expected: "TLS settings only for members reached over https://"))
            }
            problems += nested.problems
            result[member.id] = PeerTLSSettings(caFilePath: caFile, pinSHA256: pin)
        }
        return result
    }
}

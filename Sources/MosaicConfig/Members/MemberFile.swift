import Foundation
import MosaicCore

/// Reads one member file (`Members/<id>.yaml`) into a ``Member``.
enum MemberFile {
    static let keys = ["id", "name", "country", "languages", "endpoint", "public_key", "role"]

    /// The member described by the file, or `nil`; problems go to `problems`.
    /// The values' locations are returned so that directory-wide checks can point at them.
    static func read(_ file: YAMLFile, expectedID: String, problems: inout [ConfigProblem]) -> (Member, MappingReader)? {
        var reader = MappingReader(file.root, file: file.displayPath, path: "", allowed: keys)
        let id = reader.string("id", required: true, expected: "the member id, \(MemberID.ruleDescription)").flatMap { text in
            guard let id = MemberID(text) else {
                reader.report("id", found: "'\(text)'", expected: "a member id: \(MemberID.ruleDescription)")
                return nil as MemberID?
            }
            if text != expectedID {
                reader.report(
                    "id", found: "'\(text)' in the file \(expectedID).yaml",
                    expected: "the file name without .yaml ('\(expectedID)'): rename the file or fix the id")
            }
            return id
        }
        let name = reader.string("name", required: true, expected: "the organisation's name")
        let country = reader.string("country", required: true, expected: "an ISO 3166-1 alpha-2 country code such as BE").flatMap { text in
            CountryCode(text)
                ?? {
                    let hint = CountryCode(text.uppercased()).map { "; did you mean '\($0)'?" } ?? ""
                    reader.report(
                        "country", found: "'\(text)'",
                        expected: "an ISO 3166-1 alpha-2 country code in capitals, such as BE, MD or KZ\(hint)")
                    return nil
                }()
        }
        let languages = reader.list("languages", expected: LanguageTag.ruleDescription) { LanguageTag($0) }?.map(\.value) ?? []
        let endpoint = reader.string("endpoint", expected: "an http:// or https:// base URL").flatMap { text in
            NodeEndpoint.parse(text)
                ?? {
                    reader.report("endpoint", found: "'\(text)'", expected: NodeEndpoint.rule)
                    return nil
                }()
        }
        let publicKey = reader.string("public_key", required: true, expected: "an Ed25519 public key in base64").flatMap { text in
            MemberPublicKey(base64: text)
                ?? {
                    reader.report(
                        "public_key", found: "'\(text)', which is not base64 of 32 bytes",
                        expected: "an Ed25519 public key in base64 (44 characters), as printed by `mosaic keys generate`")
                    return nil
                }()
        }
        let role: MemberRole? =
            reader.has("role")
            ? reader.scalar("role", required: false, expected: "member or coordinator") { MemberRole(rawValue: $0) }
            : .member
        problems += reader.problems
        guard let id, let name, let country, let publicKey, let role, reader.problems.isEmpty else { return nil }
        return (
            Member(id: id, name: name, country: country, languages: languages, endpoint: endpoint, publicKey: publicKey, role: role), reader
        )
    }
}

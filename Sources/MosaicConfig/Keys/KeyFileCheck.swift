import Foundation
import MosaicCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a node's private key file: present, mode 0600, well formed, matching the
/// member's public key, and not a public demo key on a real node.
enum KeyFileCheck {
    static func check(
        path: String, location: SourceLocation, member: Member?, demo: Bool, problems: inout [ConfigProblem]
    ) -> MemberSigningKey? {
        let shown = DisplayPath.show(path)
        func report(_ found: String, _ expected: String) {
            problems.append(location.problem(key: "key_file", found: found, expected: expected))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let how = demo ? "`mosaic demo` creates the demo keys" : "create one with `mosaic keys generate --out \(shown)`"
            report("no key file at '\(shown)'", "the member's private key file: \(how)")
            return nil
        }
        let permissions = Int(info.st_mode) & 0o777
        if permissions & 0o077 != 0 {
            report(
                "'\(shown)' with mode \(String(permissions, radix: 8)), readable by others",
                "mode 600, readable by its owner only: run `chmod 600 \(shown)`")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096,
            let text = String(data: data, encoding: .utf8)
        else {
            report("'\(shown)', which cannot be read as a small text file", "a key file made by `mosaic keys generate`")
            return nil
        }
        let key: MemberSigningKey
        do {
            key = try MemberSigningKey(fileText: text)
        } catch {
            report("'\(shown)': \(error)", "a key file made by `mosaic keys generate`")
            return nil
        }
        guard let member else { return key }
        if !demo, DemoKeys.isDemoKey(key.publicKey, of: member.id) {
            report(
                "the public demo key of '\(member.id)' in '\(shown)' (anyone can derive it)",
                "a real key on a node that is not a demo node: run `mosaic keys generate --out FILE` and put the public key it "
                    + "prints in Members/\(member.id).yaml (only the demo network sets demo: true)")
            return nil
        }
        if key.publicKey != member.publicKey {
            report(
                "a key whose public key is \(key.publicKey.base64)",
                "the private key of '\(member.id)', whose public key in Members/\(member.id).yaml is \(member.publicKey.base64)")
            return nil
        }
        return key
    }
}

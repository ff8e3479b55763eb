import ArgumentParser
import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

extension KeysCommand {
    /// `mosaic keys rotate --out NEWFILE`.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace this member's key: write a new key file and announce its public key in a commit signed by the current key.",
            discussion: """
                Commits up to the announcement stay signed by the old key and verify forever; later ones must be signed \
                by the new key. Afterwards, in this order: put the new public key in this node's Members/<id>.yaml, \
                point key_file in the node configuration at NEWFILE, restart the node, and send the public key to the \
                coordinator for its Members/<id>.yaml.
                """)
        @OptionGroup var options: NodeOptions
        @Option(name: .long, help: "Where to write the new private key. The file must not exist.")
        var out: String

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                let key = MemberSigningKey()
                do {
                    try KeyFileWriter.write(key, for: catalogue.member, to: out)
                } catch {
                    throw ValidationError("\(error)")
                }
                let commit: Commit
                do {
                    commit = try await catalogue.commitDirectory([.rotate(key: key.publicKey)])
                } catch {
                    // The new key was never announced: removing its file loses nothing.
                    try? FileManager.default.removeItem(atPath: out)
                    throw error
                }
                // key_file is read from the configuration file's folder when relative: give the whole path.
                let keyPath = URL(fileURLWithPath: out).standardizedFileURL.path
                if options.json {
                    Output.printJSON(
                        JSONValue.object([
                            "key_file": .string(keyPath), "public_key": .string(key.publicKey.base64),
                            "commit": .string("\(commit.origin)#\(commit.seq)"), "from_seq": .int(commit.seq + 1),
                        ]))
                } else {
                    print("Announced the new key in commit \(commit.origin)#\(commit.seq); it signs from commit #\(commit.seq + 1) on.")
                    print("Now, in this order (the node checks its key against its own Members/ file at start):")
                    print("  1. in this node's Members/\(catalogue.member).yaml, replace the public_key line with:")
                    print("     public_key: \(key.publicKey.base64)")
                    print("  2. point key_file at \(keyPath) in the node configuration (this whole path), and restart the node;")
                    print("  3. send the same line to your coordinator for its Members/\(catalogue.member).yaml.")
                }
            }
        }
    }
}

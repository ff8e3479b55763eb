import ArgumentParser
import MosaicConfig
import MosaicCore

/// `mosaic keys …`: manage the member's signing key.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the member's Ed25519 signing key.", subcommands: [Generate.self, Rotate.self])

    /// `mosaic keys generate --out FILE`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a private key (mode 0600, never overwriting) and print its public key for Members/.")

        @OptionGroup var options: NodeOptions

        @Option(name: .long, help: "Where to write the private key. The file must not exist.")
        var out: String

        @Option(name: .long, help: "The member id the key is for (written in the key file's comment).")
        var member: String = "your-member-id"

        /// The JSON answer.
        struct Report: Encodable {
            let keyFile: String
            let publicKey: String
            enum CodingKeys: String, CodingKey {
                case keyFile = "key_file"
                case publicKey = "public_key"
            }
        }

        func validate() throws {
            guard MemberID(member) != nil else {
                throw ValidationError("--member '\(member)' is not a member id: \(MemberID.ruleDescription).")
            }
        }

        func run() throws {
            let id = MemberID(member)!
            let key = MemberSigningKey()
            do {
                try KeyFileWriter.write(key, for: id, to: out)
            } catch {
                throw ValidationError(error.description)
            }
            if options.json {
                Output.printJSON(Report(keyFile: out, publicKey: key.publicKey.base64))
            } else {
                print("Wrote the private key to \(out) (mode 0600). Keep it secret and out of version control.")
                print("Put this line in the member's file in Members/:")
                print("public_key: \(key.publicKey.base64)")
            }
        }
    }
}

import ArgumentParser
import Foundation
import MosaicCore
import MosaicStore

/// `mosaic token …`: API tokens for scripts, each acting as one account.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API tokens for scripts (sent as `Authorization: Bearer TOKEN`): create, list, revoke.",
        subcommands: [Create.self, List.self, Revoke.self])

    /// `mosaic token create --user NAME`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token acting as an account; it is printed once and only its hash is kept.")
        @OptionGroup var options: NodeOptions
        @Option(help: "The account the token acts as (see `mosaic user list`).") var user: String
        @Option(help: "A note to tell tokens apart, e.g. the script that uses it.") var label: String = ""

        func run() async throws {
            try await CommandRunner.run {
                let token = try await options.openCatalogue().createToken(for: user, label: label)
                print(token)
            }
        }
    }

    /// `mosaic token list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: account, label, creation time and fingerprint.")
        @OptionGroup var options: NodeOptions

        func run() async throws {
            try await CommandRunner.run {
                let tokens = try await options.openCatalogue().tokens()
                if tokens.isEmpty { print("No API tokens: make one with `mosaic token create --user NAME`.") }
                for token in tokens {
                    let created = Date(timeIntervalSince1970: Double(token.createdAt) / 1000).formatted(.iso8601)
                    print("\(token.fingerprint)  \(token.account)  \(created)  \(token.label)")
                }
            }
        }
    }

    /// `mosaic token revoke FINGERPRINT`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the token with this fingerprint (from `mosaic token list`).")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The fingerprint, 8 hexadecimal digits.") var fingerprint: String

        func run() async throws {
            try await CommandRunner.run {
                guard fingerprint.count == 8, fingerprint.allSatisfy(\.isHexDigit) else {
                    throw Failure(
                        "'\(fingerprint.prefix(40))' is not a fingerprint: use the 8 hexadecimal digits `mosaic token list` shows")
                }
                let revoked = try await options.openCatalogue().revokeTokens(fingerprint: fingerprint)
                guard revoked > 0 else { throw Failure("no token has the fingerprint \(fingerprint); see `mosaic token list`") }
                Output.say("Revoked \(revoked) token\(revoked == 1 ? "" : "s").")
            }
        }
    }
}

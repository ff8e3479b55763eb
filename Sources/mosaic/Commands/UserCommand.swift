import ArgumentParser
import Foundation
import MosaicCore
import MosaicServer
import MosaicStore

/// `mosaic user …`: the node's local accounts for the web interface and the API.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Local accounts of the web interface and the API: add, list, change a password, remove.",
        subcommands: [Add.self, List.self, Password.self, Remove.self])

    /// `mosaic user add NAME --role ROLE`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account. The password is asked twice on a terminal, or read from standard input with --password-stdin.")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The account name: 1 to 64 letters, digits, '.', '_' or '-'.") var name: String
        @Option(help: "editor (writes records) or coordinator (also resolves conflicts, decides proposals, syncs).")
        var role: AccountRole = .editor
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func run() async throws {
            try await CommandRunner.run {
                guard Account.isValidName(name) else { throw AccountError.invalidName(name) }
                let password = try PasswordInput.read(fromStdin: passwordStdin)
                let hash = try await PasswordHasher().hash(password)
                try await options.openCatalogue().addAccount(Account(name: name, role: role), passwordHash: hash)
                Output.say("Added \(role.rawValue) '\(name)'. They can log in at this node's address.")
            }
        }
    }

    /// `mosaic user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts and their roles.")
        @OptionGroup var options: NodeOptions

        func run() async throws {
            try await CommandRunner.run {
                let accounts = try await options.openCatalogue().accounts()
                if options.json {
                    Output.printJSON(
                        JSONValue.array(accounts.map { JSONValue.object(["name": .string($0.name), "role": .string($0.role.rawValue)]) }))
                    return
                }
                if accounts.isEmpty { print("No accounts yet: add one with `mosaic user add NAME --role coordinator`.") }
                for account in accounts { print("\(account.name)  \(account.role.rawValue)") }
            }
        }
    }

    /// `mosaic user password NAME`.
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (ends the account's sessions).")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The account name.") var name: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func run() async throws {
            try await CommandRunner.run {
                let password = try PasswordInput.read(fromStdin: passwordStdin)
                try await options.openCatalogue().setPassword(of: name, passwordHash: try await PasswordHasher().hash(password))
                Output.say("Changed the password of '\(name)'.")
            }
        }
    }

    /// `mosaic user remove NAME`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account with its sessions and API tokens.")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The account name.") var name: String

        func run() async throws {
            try await CommandRunner.run {
                try await options.openCatalogue().removeAccount(name)
                Output.say("Removed '\(name)'.")
            }
        }
    }
}

extension AccountRole: ExpressibleByArgument {}

/// Reads a new password from standard input or, on a terminal, twice without echo.
enum PasswordInput {
    static func read(fromStdin: Bool) throws -> String {
        let password: String
        if fromStdin || isatty(STDIN_FILENO) == 0 {
            guard let line = readLine(strippingNewline: true) else { throw Failure("no password on standard input") }
            password = line
        } else {
            guard let first = getpass("Password: ").map({ String(cString: $0) }),
                let second = getpass("Again: ").map({ String(cString: $0) })
            else { throw Failure("could not read the password from the terminal") }
            guard first == second else { throw Failure("the two passwords differ; nothing was changed") }
            password = first
        }
        try PasswordHasher.check(password)
        return password
    }
}

import ArgumentParser
import Foundation
import MosaicConfig
import MosaicCore

/// `mosaic init`: everything a new member's node needs, and the join request for the coordinator.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a new member's node: a key, a node configuration, a data folder and a join request for the coordinator.",
        discussion: """
            --members names the folder the coordinator gave you (a copy of its Members/): the coordinators listed there \
            are the ones this node trusts to sign directory changes. Writes into --out: secrets/ID.key (mode 0600), \
            Members/ (that copy plus your own entry), data/, Config/node.yaml and ID.join.json. Send ID.join.json to the \
            coordinator, who runs `mosaic members add ID.join.json` and publishes; then start your node with \
            `mosaic serve --config OUT/Config/node.yaml`: it pulls the directory, then everything else.
            """)

    @Option(help: "Your member id (lower-case letters, digits and '-').")
    var member: String
    @Option(help: "Your organisation's name.")
    var name: String
    @Option(help: "Your country, ISO 3166-1 alpha-2 in capitals (BE, MD, KZ).")
    var country: String
    @Option(help: "The http(s) base URL other nodes reach your node at (see `endpoint` in docs/OPERATIONS.md).")
    var endpoint: String
    @Option(name: [.long, .customLong("lang")], help: "Your languages, comma-separated (fr,en).")
    var languages: String = ""
    @Option(help: "The coordinator's Members/ folder you were given (names the coordinators this node trusts).")
    var members: String
    @Option(help: "The folder to create (it must not exist, or be empty).")
    var out: String?
    @Option(help: "The address the node listens on (host:port); a reverse proxy serves the endpoint.")
    var listen: String = "127.0.0.1:8400"
    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        guard MemberID(member) != nil else { throw ValidationError("--member '\(member)': \(MemberID.ruleDescription).") }
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen '\(listen)' is not host:port, such as 127.0.0.1:8400.") }
    }

    func run() throws {
        let id = MemberID(member)!
        let entry = try newEntry(id, key: MemberSigningKey())
        let folder = out ?? "mosaic-\(id.rawValue)"
        let seed = try seedDirectory(for: id)
        try refuseExisting(folder)
        do {
            try write(entry, seed: seed, into: folder)
        } catch {
            // Nothing half-made stays behind: the folder was new.
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// The member entry, checked as every node will check it (PROTOCOL.md §14.1).
    private func newEntry(_ id: MemberID, key: MemberSigningKey) throws -> (Member, MemberSigningKey) {
        guard !name.isEmpty, name.utf8.count <= DirectoryOperation.maxNameBytes else {
            throw ValidationError("--name must be 1 to \(DirectoryOperation.maxNameBytes) bytes.")
        }
        guard let code = CountryCode(country) else {
            throw ValidationError("--country '\(country)' is not an ISO 3166-1 alpha-2 code in capitals, such as BE, MD or KZ.")
        }
        guard let url = NodeEndpoint.parse(endpoint) else { throw ValidationError("--endpoint '\(endpoint)': \(NodeEndpoint.rule)") }
        var tags: [LanguageTag] = []
        for text in languages.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            guard let tag = LanguageTag(text) else { throw ValidationError("--languages: '\(text)': \(LanguageTag.ruleDescription).") }
            if !tags.contains(tag) { tags.append(tag) }
        }
        guard tags.count <= DirectoryOperation.maxLanguages else {
            throw ValidationError("--languages: at most \(DirectoryOperation.maxLanguages) languages.")
        }
        let member = Member(
            id: id, name: name, country: code, languages: tags, endpoint: url, publicKey: key.publicKey, role: .member)
        guard DirectoryOperation.decode(bytes: DirectoryOperation.member(member).canonicalBytes) != nil else {
            throw ValidationError("--endpoint '\(endpoint)' cannot be published as written: write it as a plain http(s) URL.")
        }
        return (member, key)
    }

    /// The coordinator's Members/ folder, loaded and checked: at least one coordinator, not `id` yet.
    private func seedDirectory(for id: MemberID) throws -> MemberDirectory {
        let directory: MemberDirectory
        switch MemberDirectoryLoader.load(path: members) {
        case .success(let loaded): directory = loaded
        case .failure(let problems):
            Output.printProblems(problems)
            throw ValidationError(
                "--members '\(members)' is not a readable Members/ folder (problems above); ask the coordinator for it again.")
        }
        guard !directory.coordinators.isEmpty else {
            throw ValidationError(
                "--members '\(members)' names no coordinator (role: coordinator): this node would trust nobody to sign directory changes. "
                    + "Ask the coordinator for its Members/ folder.")
        }
        guard directory[id] == nil else {
            throw ValidationError("--members '\(members)' already holds '\(id)': choose another --member, or ask the coordinator.")
        }
        return directory
    }

    private func refuseExisting(_ folder: String) throws {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder), !contents.isEmpty {
            throw ValidationError("--out '\(folder)' exists and is not empty: Mosaic never overwrites a node. Choose another --out.")
        }
        if FileManager.default.fileExists(atPath: folder), (try? FileManager.default.contentsOfDirectory(atPath: folder)) == nil {
            throw ValidationError("--out '\(folder)' is a file: choose a folder name.")
        }
    }

    private func write(_ entry: (Member, MemberSigningKey), seed: MemberDirectory, into folder: String) throws {
        let (member, key) = entry
        let id = member.id.rawValue
        let manager = FileManager.default
        func path(_ parts: String...) -> String { ([folder] + parts).joined(separator: "/") }
        for sub in ["Members", "data", "Config"] {
            try manager.createDirectory(atPath: path(sub), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        do { try KeyFileWriter.write(key, for: member.id, to: path("secrets", "\(id).key")) } catch { throw Failure("\(error)") }
        for other in seed.members {
            try copy(other.id, to: path("Members"))
        }
        do {
            try MemberFileWriter.write(
                member, into: path("Members"), comment: "Written by `mosaic init`; the coordinator publishes it from the join request.")
        } catch { throw Failure("\(error)") }
        let config = path("Config", "node.yaml")
        try Data(configText(id).utf8).write(to: URL(fileURLWithPath: config))
        let request = path("\(id).join.json")
        try Data(JoinRequest(signing: member, with: key).bytes).write(to: URL(fileURLWithPath: request))
        // The node must start from what was written: check it as `mosaic serve` will.
        if case .failure(let problems) = NodeConfigLoader.load(path: config) {
            Output.printProblems(problems)
            throw Failure("the configuration written does not load (problems above); nothing was kept")
        }
        if json {
            Output.printJSON(
                JSONValue.object([
                    "member": .string(id), "config": .string(config), "key_file": .string(path("secrets", "\(id).key")),
                    "join_request": .string(request), "public_key": .string(member.publicKey.base64),
                    "coordinators": .array(seed.coordinators.map { .string($0.id.rawValue) }),
                ]))
        } else {
            print("Set up \(id) in \(folder):")
            print("  key            \(path("secrets", "\(id).key")) (mode 0600: keep it secret, back it up)")
            print("  configuration  \(config)")
            print("  trusts         \(seed.coordinators.map(\.id.rawValue).joined(separator: ", ")) (coordinators in \(path("Members")))")
            print("  join request   \(request)")
            print("Next: send \(request) to the coordinator (it holds no secret), who runs `mosaic members add \(id).join.json --publish`;")
            print("then start your node: mosaic serve --config \(config)")
        }
    }

    /// Copies `Members/<id>.yaml` from the seed folder as it is.
    private func copy(_ id: MemberID, to folder: String) throws {
        let name = "\(id.rawValue).yaml"
        try FileManager.default.copyItem(atPath: (members as NSString).appendingPathComponent(name), toPath: "\(folder)/\(name)")
    }

    /// The node configuration; relative paths count from its folder (Config/).
    private func configText(_ id: String) -> String {
        """
        # Written by `mosaic init` for \(id). Relative paths count from this file's folder.
        # Every other setting has its default: see Config/node.example.yaml.
        member: \(id)
        listen: \(listen)
        database: ../data/\(id).sqlite
        key_file: ../secrets/\(id).key
        members_dir: ../Members

        """
    }
}

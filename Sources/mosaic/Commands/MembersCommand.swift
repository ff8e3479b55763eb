import ArgumentParser
import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

/// `mosaic members …`: the effective member directory and the coordinator's changes to it.
struct MembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "Show the member directory; on a coordinator's node, publish or revoke members.",
        subcommands: [List.self, Add.self, Publish.self, Revoke.self])

    /// `mosaic members list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the effective member directory: its digest, each member's keys, revocations and who signed each entry.")
        @OptionGroup var options: NodeOptions

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                let effective = catalogue.effectiveDirectory
                if options.json {
                    Output.printJSON(MembersText.json(effective))
                } else {
                    for line in MembersText.lines(effective) { print(line) }
                }
            }
        }
    }

    /// `mosaic members publish [--yes]`.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare Members/ with the effective directory, show the differences and sign them as one directory commit.",
            discussion: """
                Run on a coordinator's node after editing Members/. Every node applies the commit at its next pull, \
                without a restart. Publishing never changes a key (`mosaic keys rotate` on the member's node) and never \
                revokes (`mosaic members revoke`).
                """)
        @OptionGroup var options: NodeOptions
        @Flag(help: "Sign without asking.")
        var yes = false

        func run() async throws {
            try await CommandRunner.run {
                guard let (diff, commit) = try await Self.publish(options: options, yes: yes) else { return }
                if options.json { Output.printJSON(MembersText.publishJSON(diff, commit: commit)) }
            }
        }

        /// Shows the differences between Members/ and the effective directory (on a terminal),
        /// asks unless `yes`, and signs them as one directory commit.
        /// - Returns: the differences and the commit (`nil` when there was nothing to publish);
        ///   `nil` when the user answered no.
        static func publish(options: NodeOptions, yes: Bool) async throws -> (DirectoryDiff, Commit?)? {
            let setup = try options.loadSetup()
            let catalogue = try options.openCatalogue()
            // Refused before anything is shown or asked: the signature would be ignored everywhere.
            let directory = catalogue.directory
            guard directory[catalogue.member]?.role == .coordinator, !directory.isRevoked(catalogue.member) else {
                throw Failure(
                    "only a coordinator's node publishes the member directory, and '\(catalogue.member)' is not a coordinator "
                        + "(`mosaic members list` shows who is): send the change to a coordinator; nothing was published")
            }
            let taken = JoinRequestInbox(config: setup.config)?.takenIDs ?? []
            let diff = DirectoryDiff.between(files: setup.directory, effective: catalogue.effectiveDirectory, taken: taken)
            if !options.json {
                for line in MembersText.lines(diff) { print(line) }
            }
            guard !diff.changes.isEmpty else {
                if !options.json { print("Nothing to publish: the directory already says what Members/ says.") }
                return (diff, nil)
            }
            if !yes {
                guard !options.json else { throw ValidationError("--json needs --yes: there is no one to ask.") }
                print("Sign and publish \(MembersText.count(diff)) as \(catalogue.member)? [y/N] ", terminator: "")
                guard let answer = readLine(strippingNewline: true), ["y", "yes"].contains(answer.lowercased()) else {
                    print("Nothing was published.")
                    return nil
                }
            }
            let commit = try await catalogue.commitDirectory(diff.operations)
            if !options.json {
                print("Published as commit \(commit.origin)#\(commit.seq); directory digest now \(catalogue.directory.digest).")
            }
            return (diff, commit)
        }
    }

    /// `mosaic members revoke ID [--after SEQ] [--yes]`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a member (coordinators): what it signed up to a point stays, later commits and its requests are refused.")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The member id to revoke.")
        var id: String
        @Option(help: "The member's last accepted commit number (default: the last one this node holds).")
        var after: Int64?
        @Flag(help: "Sign without asking.")
        var yes = false

        func validate() throws {
            guard MemberID(id) != nil else { throw ValidationError("'\(id)' is not a member id: \(MemberID.ruleDescription).") }
            if let after, after < 0 { throw ValidationError("--after must be 0 or more (the member's last accepted commit number).") }
        }

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                let member = MemberID(id)!
                guard catalogue.directory[member] != nil else { throw Failure("'\(member)' is not in the member directory") }
                guard !catalogue.directory.isRevoked(member) else { throw Failure("'\(member)' is already revoked") }
                // The directory is changed only by coordinators: revoking the last one (this node's
                // member, or another) would leave the network unable to add, move or revoke anyone.
                let others = catalogue.directory.coordinators.filter { $0.id != member && !catalogue.directory.isRevoked($0.id) }
                guard !others.isEmpty else {
                    throw Failure(
                        "'\(member)' is the network's last coordinator: revoked, no one could change the member directory again. "
                            + "Publish another coordinator first (its Members/ file with role: coordinator, then `mosaic members publish`); "
                            + "nothing was revoked")
                }
                guard catalogue.directory[catalogue.member]?.role == .coordinator else {
                    throw Failure("only a coordinator's node revokes members, and '\(catalogue.member)' is not one; nothing was revoked")
                }
                let held = try await catalogue.vector()[member]
                let point = after ?? held
                if point > held, !options.json {
                    // Allowed (other nodes may hold more of its commits), but said: they will count everywhere.
                    print(
                        "note: this node holds \(member)'s commits up to #\(held); its commits #\(held + 1) to #\(point), "
                            + "which this node has not seen, will still be accepted everywhere (leave out --after to revoke after #\(held))"
                    )
                }
                if !yes {
                    guard !options.json else { throw ValidationError("--json needs --yes: there is no one to ask.") }
                    print(
                        "Revoke \(member) after its commit #\(point)? Its later commits and requests will be refused everywhere. [y/N] ",
                        terminator: "")
                    guard let answer = readLine(strippingNewline: true), ["y", "yes"].contains(answer.lowercased()) else {
                        print("Nothing was revoked.")
                        return
                    }
                }
                let commit = try await catalogue.commitDirectory([.revoke(member: member, after: point)])
                if options.json {
                    Output.printJSON(
                        JSONValue.object([
                            "revoked": .string(member.rawValue), "after": .int(point),
                            "commit": .string("\(commit.origin)#\(commit.seq)"), "directory_digest": .string(catalogue.directory.digest),
                        ]))
                } else {
                    print("Revoked \(member) after its commit #\(point) (commit \(commit.origin)#\(commit.seq)).")
                }
            }
        }
    }
}

/// How the directory reads on a terminal and in JSON.
enum MembersText {
    static func lines(_ effective: EffectiveDirectory) -> [String] {
        let directory = effective.directory
        var lines = [
            "directory  \(directory.digest) (\(directory.members.count) members, \(effective.operationCount) directory operations)"
        ]
        for member in directory.members {
            let revoked =
                effective.revocation(of: member.id).map { revocation in
                    ", former member: REVOKED after #\(revocation.after)"
                        + (revocation.by.map { " by \($0)" } ?? " in Members/") + (revocation.at.map { " on \(RecordText.time($0))" } ?? "")
                } ?? ""
            let source = effective.entrySource[member.id].map { "signed by \($0.origin) in #\($0.seq)" } ?? "from Members/ (seed)"
            lines.append("\(member.id)  \(member.name) (\(member.country), \(member.role.rawValue)\(revoked)) — \(source)")
            if let endpoint = member.endpoint { lines.append("    endpoint \(endpoint.absoluteString)") }
            for stint in effective.keyStints(of: member.id) {
                let stopped =
                    stint.until.map { until in
                        "  (old: signed #\(stint.from)–#\(until), stopped\(stint.stoppedAt.map { " on \(RecordText.time($0))" } ?? ""))"
                    } ?? "  (current)"
                lines.append("    key from #\(stint.from)  \(stint.key)\(stopped)")
            }
        }
        if !effective.ignored.isEmpty {
            lines.append(
                "ignored (signer not a coordinator at that point): \(effective.ignored.map(\.description).joined(separator: ", "))")
        }
        return lines
    }

    static func json(_ effective: EffectiveDirectory) -> JSONValue {
        let directory = effective.directory
        return .object([
            "digest": .string(directory.digest), "operations": .int(Int64(effective.operationCount)),
            "ignored": .array(effective.ignored.map { .string($0.description) }),
            "members": .array(
                directory.members.map { member in
                    .object([
                        "id": .string(member.id.rawValue), "name": .string(member.name), "country": .string(member.country.rawValue),
                        "languages": .array(member.languages.map { .string($0.rawValue) }),
                        "endpoint": member.endpoint.map { .string($0.absoluteString) } ?? .null, "role": .string(member.role.rawValue),
                        "keys": .array(
                            effective.keyStints(of: member.id).map {
                                .object([
                                    "from": .int($0.from), "key": .string($0.key.base64), "until": $0.until.map(JSONValue.int) ?? .null,
                                    "stopped_at": $0.stoppedAt.map { .string(RecordText.time($0)) } ?? .null,
                                ])
                            }),
                        "revoked_after": directory.revokedAfter[member.id].map(JSONValue.int) ?? .null,
                        "revoked_by": effective.revocation(of: member.id)?.by.map { .string($0.rawValue) } ?? .null,
                        "revoked_at": effective.revocation(of: member.id)?.at.map { .string(RecordText.time($0)) } ?? .null,
                        "former_member": .bool(directory.isRevoked(member.id)),
                        "signed_by": effective.entrySource[member.id].map { .string($0.description) } ?? .null,
                    ])
                }),
        ])
    }

    /// The differences `publish` would sign, one line each; the seed's first publication in one line.
    static func lines(_ diff: DirectoryDiff) -> [String] {
        var lines = diff.newChanges.map { line($0, previous: diff.previous[$0.member.id]) }
        let first = diff.firstPublications
        if !first.isEmpty {
            lines.append(
                "  \(first.count) member(s) of the directory this node started from, signed once as Members/ says now so that "
                    + "nodes joining later learn them (not new; before this first publish there is no signed entry to compare "
                    + "with, and a node started from other files takes these): \(first.map(\.id.rawValue).joined(separator: ", "))")
        }
        for reason in diff.refused { lines.append("  not published: \(reason)") }
        for id in diff.notInFiles {
            lines.append("  \(id) has no file in Members/ (still a member; `mosaic members revoke \(id)` revokes it)")
        }
        return lines
    }

    /// "2 change(s) and the first publication of 3 member(s)".
    static func count(_ diff: DirectoryDiff) -> String {
        let new = diff.newChanges.count, first = diff.firstPublications.count
        switch (new, first) {
        case (_, 0): return "\(new) change(s)"
        case (0, _): return "the first publication of \(first) member(s)"
        default: return "\(new) change(s) and the first publication of \(first) member(s)"
        }
    }

    static func line(_ change: DirectoryDiff.Change, previous: Member?) -> String {
        switch change {
        case .add(let member): "+ \(member.id)  add \(member.name) (\(member.country), \(member.role.rawValue))"
        case .update(let member, let fields):
            "~ \(member.id)  "
                + fields.map { field in "\(field): \(previous.map { value($0, field) } ?? "?") → \(value(member, field))" }
                .joined(separator: "; ")
        case .firstPublication(let member):
            "= \(member.id)  first publication of \(member.name) (\(member.country), \(member.role.rawValue))"
        }
    }

    /// A field of an entry as the diff shows it (`none` for no endpoint).
    static func value(_ member: Member, _ field: String) -> String {
        switch field {
        case "name": "\"\(member.name)\""
        case "country": member.country.rawValue
        case "languages": "[\(member.languages.map(\.rawValue).joined(separator: ", "))]"
        case "endpoint": member.endpoint?.absoluteString ?? "none"
        case "role": member.role.rawValue
        default: "?"
        }
    }

    static func publishJSON(_ diff: DirectoryDiff, commit: Commit?) -> JSONValue {
        .object([
            "changes": .array(
                diff.changes.map { change in
                    let kind: String
                    var fields: [String] = []
                    switch change {
                    case .add: kind = "add"
                    case .update(_, let changed): (kind, fields) = ("update", changed)
                    case .firstPublication: kind = "first_publication"
                    }
                    let previous = diff.previous[change.member.id]
                    // `values`: each changed field's old and new value, as the terminal shows them.
                    return .object([
                        "member": .string(change.member.id.rawValue), "kind": .string(kind), "fields": .array(fields.map(JSONValue.string)),
                        "values": .object(
                            Dictionary(
                                uniqueKeysWithValues: fields.map { field in
                                    (
                                        field,
                                        JSONValue.object([
                                            "from": previous.map { .string(value($0, field)) } ?? .null,
                                            "to": .string(value(change.member, field)),
                                        ])
                                    )
                                })),
                    ])
                }),
            "refused": .array(diff.refused.map(JSONValue.string)),
            "not_in_files": .array(diff.notInFiles.map { .string($0.rawValue) }),
            "commit": commit.map { .string("\($0.origin)#\($0.seq)") } ?? .null,
        ])
    }
}

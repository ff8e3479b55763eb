import ArgumentParser
import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

extension MembersCommand {
    /// `mosaic members add REQUEST [--publish] [--yes]`: a join request into Members/.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a join request written by `mosaic init`, show its entry and write it into Members/ (coordinators).",
            discussion: """
                The request is the new member's entry signed by its new key (proof of possession); a changed or \
                malformed request is refused and nothing is written. The entry is then published like any edit of \
                Members/: by `mosaic members publish`, or at once with --publish.
                """)
        @OptionGroup var options: NodeOptions
        @Argument(help: "The join request file (<id>.join.json, written by `mosaic init`).")
        var request: String
        @Flag(help: "Publish the directory change at once (as `mosaic members publish`).")
        var publish = false
        @Flag(help: "With --publish: sign without asking.")
        var yes = false

        func validate() throws {
            // Checked before anything is written: --json cannot ask before publishing.
            if publish && options.json && !yes { throw ValidationError("--json --publish needs --yes: there is no one to ask.") }
        }

        func run() async throws {
            try await CommandRunner.run {
                let joining = try Self.read(request)
                let member = joining.member
                let setup = try options.loadSetup()
                let catalogue = try options.openCatalogue()
                let directory = catalogue.directory
                guard directory[catalogue.member]?.role == .coordinator else {
                    throw Failure(
                        "\(catalogue.member) is not a coordinator: run `mosaic members add` on a coordinator's node "
                            + "(`mosaic members list` shows who is one)")
                }
                if directory.isRevoked(member.id) {
                    throw Failure(
                        "'\(member.id)' was revoked and cannot join again under that id: ask the member to run `mosaic init` with another --member"
                    )
                }
                let inbox = JoinRequestInbox(config: setup.config)
                let isPublished = catalogue.effectiveDirectory.entrySource[member.id] != nil
                if !isPublished, setup.directory[member.id] != nil, inbox?.takenIDs.contains(member.id) == true {
                    // Taken before and still waiting: say so, and publish when asked to.
                    try await Self.waiting(member, options: options, publish: publish, yes: yes)
                    return
                }
                if directory[member.id] != nil || setup.directory[member.id] != nil {
                    throw Failure(
                        "'\(member.id)' is already a member (`mosaic members list`): to change its entry, edit "
                            + "\(setup.config.membersDirectory)/\(member.id).yaml and run `mosaic members publish`")
                }
                if let holder = directory.members.first(where: { $0.publicKey == member.publicKey }) {
                    throw Failure(
                        "the request's key is already \(holder.id)'s: every member needs a key of its own (`mosaic init` makes one)")
                }
                let file: String
                do {
                    file = try MemberFileWriter.write(
                        member, into: setup.config.membersDirectory,
                        comment: "Added by `mosaic members add` from a join request signed by this key (proof of possession checked).")
                    try inbox?.keep(joining)
                } catch {
                    throw Failure("\(error)")
                }
                if !options.json {
                    print("Join request of \(member.id): signed by its own key (proof of possession checked).")
                    print("  name      \(member.name)")
                    print("  country   \(member.country)")
                    print("  languages \(member.languages.map(\.rawValue).joined(separator: ", "))")
                    print("  endpoint  \(member.endpoint?.absoluteString ?? "none (bundles only)")")
                    print("  key       \(member.publicKey)")
                    print("Wrote \(file).")
                }
                var published: JSONValue = .null
                if publish {
                    if let (diff, commit) = try await Publish.publish(options: options, yes: yes) {
                        published = MembersText.publishJSON(diff, commit: commit)
                    }
                } else if !options.json {
                    print("Next: `mosaic members publish` signs it; every node then accepts \(member.id) at its next pull.")
                }
                if options.json {
                    Output.printJSON(
                        JSONValue.object([
                            "added": .string(member.id.rawValue), "file": .string(file), "public_key": .string(member.publicKey.base64),
                            "published": published,
                        ]))
                }
            }
        }

        /// Reports a member added by an earlier `mosaic members add` and not yet published; with
        /// `publish`, publishes it now.
        static func waiting(_ member: Member, options: NodeOptions, publish: Bool, yes: Bool) async throws {
            var published: JSONValue = .null
            if !options.json { print("'\(member.id)' was added, not yet published: run `mosaic members publish`.") }
            if publish, let (diff, commit) = try await Publish.publish(options: options, yes: yes) {
                published = MembersText.publishJSON(diff, commit: commit)
            }
            if options.json {
                Output.printJSON(
                    JSONValue.object([
                        "added": .string(member.id.rawValue), "already_added": .bool(true), "public_key": .string(member.publicKey.base64),
                        "published": published,
                    ]))
            }
        }

        /// Reads and checks the request file, at most ``JoinRequest/maxBytes`` of it.
        static func read(_ path: String) throws -> JoinRequest {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw Failure("cannot read the join request '\(path)': no such file, or not readable")
            }
            defer { try? handle.close() }
            let bytes = Array((try? handle.read(upToCount: JoinRequest.maxBytes + 1)) ?? Data())
            do {
                return try JoinRequest.decode(bytes)
            } catch {
                throw Failure("the join request '\(path)' is refused: \(error.description). Nothing was written")
            }
        }
    }
}

import ArgumentParser
import MosaicCore
import MosaicServer
import MosaicStore

/// `mosaic conflicts …`.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts", abstract: "List and resolve conflicts (concurrent different values, delete against edit).",
        subcommands: [List.self, Resolve.self])

    /// `mosaic conflicts list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open conflicts with every value, author and time.")
        @OptionGroup var options: NodeOptions

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                // The API's shape and field names (`GET /api/v1/conflicts`), private records included.
                let conflicts = try await ConflictItem.open(in: catalogue, includePrivate: true, language: .unset)
                if options.json {
                    Output.printJSON(conflicts)
                    return
                }
                if conflicts.isEmpty { print("No open conflicts.") }
                for conflict in conflicts {
                    print("\(conflict.id)  \(conflict.recordTitle)")
                    for value in conflict.values {
                        print("    \(RecordText.display(value.value))  — \(value.by) at \(value.at)")
                    }
                    if let deleter = conflict.deletedBy {
                        print("    deleted by \(deleter) at \(conflict.deletedAt ?? "an unknown time")")
                    }
                    for edit in conflict.editedBy {
                        print("    edited by \(edit.member) at \(edit.at) without seeing the delete (write \(edit.write))")
                    }
                }
            }
        }
    }

    /// `mosaic conflicts resolve ID`.
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Resolve a conflict: a field with --value, a delete-vs-edit with --keep or --delete. The resolution is a commit that syncs."
        )
        @OptionGroup var options: NodeOptions
        @Argument(help: "The conflict id, as `conflicts list` shows it (RECORD/FIELD or RECORD/delete).") var id: String
        @Option(help: "The value that replaces every sibling (one of them or a new one).") var value: String?
        @Flag(help: "Keep a deleted-but-edited record.") var keep = false
        @Flag(help: "Delete the record, including the edits the delete had not seen.") var delete = false

        func validate() throws {
            guard [value != nil, keep, delete].filter({ $0 }).count == 1 else {
                throw ValidationError("Give exactly one of --value TEXT, --keep or --delete.")
            }
        }

        func run() async throws {
            try await CommandRunner.run {
                guard let conflict = Conflict(id: id) else {
                    throw ValidationError("'\(id)' is not a conflict id (RECORD/FIELD or RECORD/delete, see `mosaic conflicts list`).")
                }
                let resolution: Resolution = value.map(Resolution.value) ?? (keep ? .keep : .delete)
                let catalogue = try options.openCatalogue()
                let result = try await catalogue.commit([.resolve(conflict, resolution)])
                try await LocalCommitReport.print(result, catalogue: catalogue, json: options.json)
            }
        }
    }
}

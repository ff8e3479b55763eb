import ArgumentParser
import MosaicCore
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
                let conflicts = try await catalogue.conflicts()
                if options.json {
                    Output.printJSON(JSONValue.array(conflicts.map { Self.json($0.0, $0.1) }))
                    return
                }
                if conflicts.isEmpty { print("No open conflicts.") }
                for (conflict, view) in conflicts {
                    print("\(conflict.id)  \(RecordText.title(view))")
                    switch conflict.kind {
                    case .register(let key):
                        for sibling in view.registers[key]?.siblings ?? [] {
                            print("    \(RecordText.display(sibling.value))  — \(RecordText.write(sibling))")
                        }
                    case .deleteVsEdit:
                        print(
                            "    deleted (\(view.openDeletes.map(\.description).joined(separator: ", "))), but edited without seeing the delete: "
                                + view.uncoveredByDelete.map(\.description).joined(separator: ", "))
                    }
                }
            }
        }

        static func json(_ conflict: Conflict, _ view: RecordView) -> JSONValue {
            var object: [String: JSONValue] = ["id": .string(conflict.id), "record": .string(view.id.rawValue)]
            switch conflict.kind {
            case .register(let key):
                object["field"] = .string(key.description)
                object["values"] = .array(
                    (view.registers[key]?.siblings ?? []).map {
                        .object([
                            "value": .string($0.value), "author": .string($0.id.origin.rawValue), "write": .string($0.id.description),
                            "time": .string(RecordText.time($0.hlc)),
                        ])
                    })
            case .deleteVsEdit:
                object["field"] = .string("delete")
                object["deletes"] = .array(view.openDeletes.map { .string($0.description) })
                object["unseen_edits"] = .array(view.uncoveredByDelete.map { .string($0.description) })
            }
            return .object(object)
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

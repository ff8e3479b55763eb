import ArgumentParser
import MosaicCore
import MosaicStore

/// `mosaic record …`: create, change and read records of the catalogue.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Add, edit, delete, show, list and publish records.",
        subcommands: [
            RecordAdd.self, RecordEdit.self, RecordDelete.self, RecordShow.self, RecordList.self, RecordPublish.self, RecordConfirm.self,
        ])
}

/// `--set FIELD=VALUE`, repeated.
struct AssignmentOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "FIELD=VALUE; text fields per language (title.fr=…), sets as a|b, or SET+=v / SET-=v.", valueName: "FIELD=VALUE"))
    var assignments: [String] = []

    func parsed() throws -> [FieldAssignment] {
        do {
            return try assignments.map { text throws(AuthoringError) in try FieldAssignment.parse(text) }
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Parses a record id argument.
func recordID(_ text: String) throws -> RecordID {
    guard let id = RecordID(text.lowercased()) else {
        throw ValidationError("'\(text)' is not a record id (a UUID, see `mosaic record list`).")
    }
    return id
}

/// `mosaic record add`.
struct RecordAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a record; prints its id.")
    @OptionGroup var options: NodeOptions
    @Option(help: "practice or project.") var type: RecordType
    @OptionGroup var values: AssignmentOptions
    @Flag(help: "Keep the record on this node only (local-only commits; publish it later).") var `private` = false

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let assignments = try values.parsed()
            // The same rule as the API's and the import's: a record without a title shows as its UUID everywhere.
            guard DraftReader.hasTitle(assignments) else {
                throw ValidationError("\(DraftReader.titleRule): add --set title.fr=… (or another language)")
            }
            let change = RecordChange.create(type: type, nonce: RecordID.newNonce(), assignments: assignments, isPrivate: `private`)
            let result = try await catalogue.commit([change])
            let id = result.created[0]
            if options.json {
                Output.printJSON(["id": id.rawValue, "commit": "\(result.commit.origin)#\(result.commit.seq)"])
            } else {
                print(id.rawValue)
            }
        }
    }
}

/// `mosaic record edit ID`.
struct RecordEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change fields of a record (a member who may not write it makes a proposal).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The record id.") var id: String
    @OptionGroup var values: AssignmentOptions

    func run() async throws {
        try await LocalCommitReport.commit(options) { .edit(try recordID(id), try values.parsed()) }
    }
}

/// `mosaic record delete ID`.
struct RecordDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a record; an edit made elsewhere without seeing the delete keeps it alive as a conflict.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The record id.") var id: String

    func run() async throws {
        try await LocalCommitReport.commit(options) { .delete(try recordID(id)) }
    }
}

/// `mosaic record publish ID`.
struct RecordPublish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Share a private record with the network (its current state goes into a public commit).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The record id.") var id: String

    func run() async throws {
        try await LocalCommitReport.commit(options) { .publish(try recordID(id)) }
    }
}

/// `mosaic record show ID`.
struct RecordShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a record with provenance: every field's value, author, time and siblings.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The record id.") var id: String

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let record = try recordID(id)
            guard let view = try await catalogue.record(record) else { throw AuthoringError.recordNotFound(id) }
            let newer = try await catalogue.newerVersionNeeded(record)
            if options.json {
                guard case .object(var members) = view.json else { return Output.printJSON(view.json) }
                members["needs_newer_mosaic"] = newer.map { .string($0.message) } ?? .null
                // Revoked members among the record's writers: what they wrote stays, from a former member.
                let former = catalogue.effectiveDirectory.formerMembers
                let writers = Set(try await catalogue.history(record).map(\.author)).union([view.owner])
                members["former_members"] = .array(writers.intersection(former).sorted().map { .string($0.rawValue) })
                Output.printJSON(JSONValue.object(members))
            } else {
                if let newer { print("Note: this record \(newer.message).") }
                print(
                    RecordText.details(
                        view, history: try await catalogue.history(record), former: catalogue.effectiveDirectory.formerMembers,
                        mayConfirm: { catalogue.mayWrite($0, of: view) }))
            }
        }
    }
}

/// `mosaic record confirm ID --field F --lang L`.
struct RecordConfirm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm that one language of a text is still right after another language was rewritten (a signed commit).",
        discussion: """
            A language marked "may be out of date" (see `mosaic record show`) stays so until it is updated \
            (`mosaic record edit ID --set title.en=…`) or confirmed with this command. Only a language with \
            exactly one current value can be confirmed; resolve a conflict first.
            """)
    @OptionGroup var options: NodeOptions
    @Argument(help: "The record id.") var id: String
    @Option(help: "The text field: title, summary, description or results.") var field: String
    @Option(help: ArgumentHelp("The language to confirm (a tag such as en, fr, de, ru).", valueName: "tag")) var lang: String

    func validate() throws {
        guard CatalogueSchema.fields[field]?.kind == .multilingual else {
            throw ValidationError("'\(field)' is not a text field with languages: use title, summary, description or results.")
        }
        guard LanguageTag(lang) != nil else { throw ValidationError("'\(lang)' is not \(LanguageTag.ruleDescription).") }
    }

    func run() async throws {
        try await CommandRunner.run {
            let record = try recordID(id)
            let catalogue = try options.openCatalogue()
            let result = try await catalogue.confirm(record, RegisterKey(field: field, lang: LanguageTag(lang)!))
            try await LocalCommitReport.print(result, catalogue: catalogue, json: options.json)
        }
    }
}

/// `mosaic record list`.
struct RecordList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List records by title.")
    @OptionGroup var options: NodeOptions
    @OptionGroup var filters: FilterOptions

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let views = try await catalogue.list(try filters.request(query: nil).filter, limit: filters.limit)
            if options.json {
                Output.printJSON(JSONValue.array(views.map(RecordExport.json)))
            } else {
                views.forEach { print(RecordText.line($0)) }
                if views.isEmpty { print("No records.") }
            }
        }
    }
}

/// What a local commit did, for people and scripts.
enum LocalCommitReport {
    /// Opens the catalogue, commits the one change `makeChange` builds, and reports it.
    static func commit(_ options: NodeOptions, _ makeChange: () throws -> RecordChange) async throws {
        try await CommandRunner.run {
            let change = try makeChange()
            let catalogue = try options.openCatalogue()
            let result = try await catalogue.commit([change])
            try await print(result, catalogue: catalogue, json: options.json)
        }
    }

    static func print(_ result: LocalCommit, catalogue: NodeCatalogue, json: Bool) async throws {
        let record = result.commit.operations.first?.record
        var view: RecordView?
        if let record { view = try await catalogue.record(record) }
        let proposal = view?.proposals.contains { $0.id.origin == result.commit.origin && $0.id.seq == result.commit.seq } ?? false
        let conflicts = view?.conflicts.map(\.id) ?? []
        if json {
            Output.printJSON(
                JSONValue.object([
                    "commit": .string("\(result.commit.origin)#\(result.commit.seq)"),
                    "operations": .int(Int64(result.commit.operations.count)),
                    "open_conflicts": .array(conflicts.map { .string($0) }),
                ]))
        } else {
            Swift.print("Committed \(result.commit.origin)#\(result.commit.seq) (\(result.commit.operations.count) operations).")
            if proposal { Swift.print("You may not write this record: your change is kept as a proposal to its owner.") }
            for conflict in conflicts { Swift.print("Open conflict: \(conflict)") }
        }
    }
}

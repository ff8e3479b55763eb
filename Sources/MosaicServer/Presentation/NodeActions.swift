import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync

/// The changes people make through the web interface and the API, shared by both: each
/// becomes one signed commit by this node's member, which then syncs.
struct NodeActions: Sendable {
    let setup: NodeSetup
    let catalogue: NodeCatalogue

    /// Creates a record from an object in the import format; returns its id.
    func create(_ object: [String: JSONValue]) async throws -> RecordID {
        let draft = try DraftReader.draft(json: .object(object), line: 1)
        let made = try await catalogue.commit([draft.change()])
        guard let id = made.created.first else { throw AuthoringError.nothingToChange }
        return id
    }

    /// Changes the fields an object in the import format names (the type comes from the record).
    func edit(_ id: RecordID, _ object: [String: JSONValue]) async throws {
        guard let view = try await catalogue.record(id) else { throw AuthoringError.recordNotFound(id.rawValue) }
        if object["type"] != nil, object["type"]?.stringValue != view.type.rawValue {
            throw DraftError(line: 1, message: "type: a record's type cannot change (it is \(view.type.rawValue))")
        }
        var fields = object
        fields["type"] = nil
        if fields["visibility"] != nil {
            throw DraftError(line: 1, message: "visibility: a record's visibility does not change by an edit")
        }
        try await catalogue.commit([.edit(id, try DraftReader.fields(json: fields, type: view.type, line: 1).assignments)])
    }

    /// Applies field assignments (from a form).
    func edit(_ id: RecordID, assignments: [FieldAssignment]) async throws {
        try await catalogue.commit([.edit(id, assignments)])
    }

    func delete(_ id: RecordID) async throws {
        try await catalogue.commit([.delete(id)])
    }

    /// Resolves the conflict on `field` (`title.fr`, or `delete`) of a record.
    func resolve(_ id: RecordID, field: String, _ resolution: Resolution) async throws {
        let kind: Conflict.Kind
        if field == "delete" {
            kind = .deleteVsEdit
        } else {
            guard let key = RegisterKey(field) else { throw AuthoringError.conflictNotOpen("\(id.rawValue)/\(field)") }
            kind = .register(key)
        }
        try await catalogue.commit([.resolve(Conflict(record: id, kind: kind), resolution)])
    }

    /// Confirms that the `lang` text of multilingual `field` is still right after another language
    /// changed: one signed commit writing the same text again (``RecordChange/confirm(_:_:)``).
    /// - Throws: ``AuthoringError/cannotConfirm(_:reason:)`` for a field or language that cannot be
    ///   confirmed (unknown, no text, a conflict, not out of date); nothing is written then.
    func confirm(_ id: RecordID, field: String, lang: String) async throws {
        guard CatalogueSchema.fields[field]?.kind == .multilingual, let tag = LanguageTag(lang) else {
            throw AuthoringError.cannotConfirm(
                "\(field.prefix(40)).\(lang.prefix(20))",
                reason: "name a text field (title, summary, description, results) and a language tag (en, fr …)")
        }
        try await catalogue.confirm(id, RegisterKey(field: field, lang: tag))
    }

    /// Accepts or declines a proposal.
    func decide(_ id: RecordID, proposal: String, accept: Bool) async throws {
        guard let write = WriteID(proposal) else { throw AuthoringError.proposalNotFound(proposal) }
        try await catalogue.commit([accept ? .accept(id, proposal: write) : .dismiss(id, proposal: write)])
    }

    /// The outcome of pulling from one peer now.
    struct SyncResult: Codable, Sendable {
        let member: String
        let ok: Bool
        let commits: Int
        let error: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(member, forKey: .member)
            try container.encode(ok, forKey: .ok)
            try container.encode(commits, forKey: .commits)
            try container.encode(error, forKey: .error)
        }
    }

    /// Pulls from every peer now.
    func syncNow() async -> [SyncResult] {
        await SyncRound.run(setup.peers(in: catalogue.directory), setup: setup, catalogue: catalogue).map { peer, outcome in
            SyncResult(member: peer.rawValue, ok: outcome.failure == nil, commits: outcome.commits, error: outcome.failure?.description)
        }
    }
}

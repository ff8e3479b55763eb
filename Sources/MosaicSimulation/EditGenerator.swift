import MosaicCore
import MosaicStore

/// Random changes a person at a node could make: creates, edits of multilingual, register and
/// set fields, deletes, conflict resolutions, accepted or dismissed proposals, publications.
/// Edits of records owned by another member become proposals, as the merge decides.
public struct EditGenerator: Sendable {
    static let texts = ["Formation", "Training", "Schulung", "Campagne", "Enquête sur le signalement", "Обучение", ""]
    static let themes = ["trafficking", "training", "advocacy", "reporting", "prevention"]
    static let countries = ["BE", "FR", "AT", "MD", "KZ"]
    static let languages = ["fr", "en", "de", "ru"]

    /// The members a project may name as partners.
    public let members: [MemberID]
    /// Chance that a new record is private (shared only once published).
    public let privateChance: Double

    public init(members: [MemberID], privateChance: Double = 0.05) {
        self.members = members
        self.privateChance = privateChance
    }

    /// A new record.
    public func create(_ random: inout SplitMix64) -> RecordChange {
        let type: RecordType = random.chance(0.7) ? .practice : .project
        var assignments: [FieldAssignment] = [
            .register(RegisterKey(field: "title", lang: LanguageTag(random.pick(Self.languages))!), random.pick(Self.texts.dropLast()))
        ]
        if type == .project, random.chance(0.6) {
            assignments.append(.replaceSet(field: "partners", values: [random.pick(members).rawValue]))
        }
        return .create(type: type, nonce: "n-\(random.next())", assignments: assignments, isPrivate: random.chance(privateChance))
    }

    /// A random change at `node`, or `nil` when the one drawn has nothing to act on.
    public func change(at node: NodeCatalogue, _ random: inout SplitMix64) async throws -> RecordChange? {
        let views = try await node.list(RecordFilter(), limit: 10_000)
        if views.count < 2 || random.chance(views.count < 6 ? 0.4 : 0.12) { return create(&random) }
        // Half the changes go to a few records, so that concurrent edits of one record (conflicts, proposals) are common.
        let view = random.chance(0.5) ? random.pick(Array(views.prefix(3))) : random.pick(views)
        if view.isPrivate, random.chance(0.5) { return .publish(view.id) }
        switch Double.random(in: 0..<1, using: &random) {
        case ..<0.07:
            return .delete(view.id)
        case ..<0.2:
            guard let conflict = view.conflicts.first else { return .edit(view.id, [assignment(for: view.type, &random)]) }
            switch conflict.kind {
            case .register(let key):
                let siblings = view.registers[key]!.siblings
                return .resolve(conflict, .value(random.chance(0.7) ? random.pick(siblings).value : random.pick(Self.texts)))
            case .deleteVsEdit: return .resolve(conflict, random.chance(0.5) ? .keep : .delete)
            }
        case ..<0.27:
            guard let proposal = view.proposals.first else { return nil }
            return random.chance(0.5) ? .accept(view.id, proposal: proposal.id) : .dismiss(view.id, proposal: proposal.id)
        default:
            let count = random.chance(0.8) ? 1 : 2
            return .edit(view.id, (0..<count).map { _ in assignment(for: view.type, &random) })
        }
    }

    /// A new French title for `record`: two authorised members doing this at once make a conflict.
    public func contestedEdit(of record: RecordID, _ random: inout SplitMix64) -> RecordChange {
        .edit(record, [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), random.pick(Self.texts.dropLast()))])
    }

    private func assignment(for type: RecordType, _ random: inout SplitMix64) -> FieldAssignment {
        Self.assignment(for: type, members: members, &random)
    }

    /// One random field change for a record of `type`: titles, descriptions, status, themes, countries, partners.
    public static func assignment(for type: RecordType, members: [MemberID], _ random: inout SplitMix64) -> FieldAssignment {
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1, 7:
            let lang = random.chance(0.7) ? "fr" : random.pick(Self.languages)
            return .register(RegisterKey(field: "title", lang: LanguageTag(lang)!), random.pick(Self.texts.dropLast()))
        case 2:
            return .register(RegisterKey(field: "description", lang: LanguageTag(random.pick(Self.languages))!), random.pick(Self.texts))
        case 3:
            return .register(
                RegisterKey(field: "status"),
                type == .practice ? random.pick(["draft", "published", "archived"]) : random.pick(["idea", "funded", "running"]))
        case 4: return .add(field: "themes", value: random.pick(Self.themes))
        case 5: return .remove(field: "themes", value: random.pick(Self.themes))
        default:
            if type == .project, random.chance(0.3) { return .add(field: "partners", value: random.pick(members).rawValue) }
            return .replaceSet(
                field: "countries", values: (0..<Int.random(in: 0...2, using: &random)).map { _ in random.pick(Self.countries) })
        }
    }
}

import MosaicCore
import Testing

/// The merge on hand-written histories: registers, sets, deletes, authority.
@Suite struct MaterializerTests {
    let owner = MemberID("owner")!, other = MemberID("other")!, coord = MemberID("coord")!, partner = MemberID("partner")!
    var authority: Materializer.Authority { Materializer.Authority(coordinators: [coord]) }
    let nonce = "nonce-record-1"
    var record: RecordID { RecordID.derive(origin: owner, nonce: nonce) }
    let fr = LanguageTag("fr")!, en = LanguageTag("en")!

    func op(_ author: MemberID, _ seq: Int64, _ index: Int = 0, at wall: Int64, _ operation: CatalogueOperation) -> RecordOperation {
        RecordOperation(
            id: WriteID(origin: author, stream: .public, seq: seq, index: index), hlc: HybridTimestamp(wallMillis: wall, counter: 0),
            operation: operation)
    }

    func id(_ author: MemberID, _ seq: Int64, _ index: Int = 0) -> WriteID {
        WriteID(origin: author, stream: .public, seq: seq, index: index)
    }

    func create(_ type: RecordType = .practice) -> RecordOperation {
        op(owner, 1, at: 1, .create(record: record, type: type, nonce: nonce))
    }

    func set(_ author: MemberID, _ seq: Int64, at wall: Int64, _ field: String, _ lang: LanguageTag, _ value: String) -> RecordOperation {
        op(author, seq, at: wall, .set(record: record, field: field, lang: lang, value: value, replaces: []))
    }

    func set(_ author: MemberID, _ seq: Int64, at wall: Int64, _ field: String, _ value: String, replaces: [WriteID] = [])
        -> RecordOperation
    {
        op(author, seq, at: wall, .set(record: record, field: field, lang: nil, value: value, replaces: replaces))
    }

    func view(_ ops: [RecordOperation]) throws -> RecordView { try #require(Materializer.view(of: ops, authority: authority)) }

    @Test func noCreateMeansNoViewYet() {
        #expect(Materializer.view(of: [set(owner, 2, at: 2, "title", fr, "x")], authority: authority) == nil)
    }

    @Test func concurrentWritesBecomeAConflictAndTheLatestIsShown() throws {
        let ops = [create(), set(owner, 2, at: 10, "status", "draft"), set(coord, 1, at: 20, "status", "published")]
        let result = try view(ops)
        let register = try #require(result.registers[RegisterKey(field: "status")])
        #expect(register.current.value == "published")
        #expect(register.siblings.count == 2)
        #expect(result.conflicts == [Conflict(record: record, kind: .register(RegisterKey(field: "status")))])
    }

    @Test func aWriteThatSawTheOtherReplacesIt() throws {
        let ops = [
            create(), set(owner, 2, at: 10, "status", "draft"), set(coord, 1, at: 5, "status", "published", replaces: [id(owner, 2)]),
        ]
        let result = try view(ops)
        #expect(result.value(RegisterKey(field: "status")) == "published")  // context beats clock
        #expect(result.conflicts.isEmpty)
    }

    @Test func translationsIntoDifferentLanguagesNeverConflict() throws {
        let result = try view([create(), set(owner, 2, at: 10, "title", fr, "Formation"), set(coord, 1, at: 10, "title", en, "Training")])
        #expect(result.conflicts.isEmpty)
        #expect(result.languages(of: "title") == [en, fr])
        #expect(result.text("title", preferring: [fr])?.text == "Formation")
    }

    @Test func concurrentAddsSurviveAndRemoveOnlyTakesWhatItSaw() throws {
        let ops = [
            create(), op(owner, 2, at: 2, .add(record: record, field: "themes", value: "training")),
            op(coord, 1, at: 3, .add(record: record, field: "themes", value: "training")),
            op(owner, 3, at: 4, .remove(record: record, field: "themes", value: "training", tags: [id(owner, 2)])),
            op(coord, 2, at: 4, .add(record: record, field: "themes", value: "advocacy")),
        ]
        let result = try view(ops)
        #expect(result.values("themes") == ["advocacy", "training"])  // coord's concurrent add wins
        #expect(result.sets["themes"]?.first { $0.value == "training" }?.adds.map(\.id) == [id(coord, 1)])
    }

    @Test func deleteThatSawEverythingDeletes() throws {
        let ops = [create(), set(owner, 2, at: 2, "status", "draft"), op(owner, 3, at: 3, .delete(record: record, seen: [id(owner, 2)]))]
        #expect(try view(ops).state == .deleted)
    }

    @Test func anEditTheDeleterHadNotSeenKeepsTheRecordAliveAsAConflict() throws {
        let ops = [
            create(), set(owner, 2, at: 2, "status", "draft"), op(owner, 3, at: 3, .delete(record: record, seen: [id(owner, 2)])),
            set(coord, 1, at: 3, "status", "published", replaces: [id(owner, 2)]),
        ]
        let result = try view(ops)
        #expect(result.state == .alive)
        #expect(result.uncoveredByDelete == [id(coord, 1)])
        #expect(result.conflicts.contains(Conflict(record: record, kind: .deleteVsEdit)))
        // Keeping: restore the delete.
        let kept = try view(ops + [op(coord, 2, at: 4, .restore(record: record, deletes: [id(owner, 3)]))])
        #expect(kept.state == .alive && kept.conflicts.isEmpty)
        // Deleting after all: a delete that has seen the edit.
        let deleted = try view(ops + [op(coord, 2, at: 4, .delete(record: record, seen: [id(coord, 1)]))])
        #expect(deleted.state == .deleted)
    }

    @Test func writesByOthersAreProposalsNeverValues() throws {
        let ops = [
            create(), set(owner, 2, at: 2, "status", "draft"), set(other, 1, at: 9, "status", "published", replaces: [id(owner, 2)]),
        ]
        let result = try view(ops)
        #expect(result.value(RegisterKey(field: "status")) == "draft")
        #expect(result.proposals.map(\.id) == [id(other, 1)])
        #expect(result.conflicts.isEmpty)
        // The owner accepts it by replacing both.
        let accepted = try view(ops + [set(owner, 3, at: 10, "status", "published", replaces: [id(owner, 2), id(other, 1)])])
        #expect(accepted.proposals.isEmpty && accepted.value(RegisterKey(field: "status")) == "published")
        // Or dismisses it.
        let dismissed = try view(ops + [op(owner, 3, at: 10, .dismiss(record: record, proposals: [id(other, 1)]))])
        #expect(dismissed.proposals.isEmpty && dismissed.value(RegisterKey(field: "status")) == "draft")
    }

    @Test func anUnauthorisedDeleteIsOnlyAProposal() throws {
        let ops = [create(), op(other, 1, at: 5, .delete(record: record, seen: []))]
        let result = try view(ops)
        #expect(result.state == .alive)
        #expect(result.proposals.first?.change == .delete)
    }

    @Test func projectPartnersWriteButOnlyTheLeadNamesPartners() throws {
        let ops = [
            create(.project), op(owner, 2, at: 2, .add(record: record, field: "partners", value: "partner")),
            set(partner, 1, at: 3, "status", "running"),
            op(partner, 2, at: 4, .add(record: record, field: "partners", value: "other")),
            set(other, 1, at: 5, "funding_programme", "CERV"),
        ]
        let result = try view(ops)
        #expect(result.value(RegisterKey(field: "status")) == "running")
        #expect(result.values("partners") == ["partner"])
        #expect(Set(result.proposals.map(\.id)) == [id(partner, 2), id(other, 1)])
    }

    @Test func viewIsTheSameWhateverTheOrderAndDuplication() throws {
        let ops = [
            create(), set(owner, 2, at: 10, "title", fr, "A"), set(coord, 1, at: 10, "title", fr, "B"),
            op(other, 1, at: 11, .add(record: record, field: "themes", value: "x")),
            op(owner, 3, at: 12, .add(record: record, field: "themes", value: "y")),
        ]
        let reference = try view(ops)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let shuffled = (ops + ops.prefix(2)).shuffled(using: &generator)
            #expect(try view(shuffled) == reference)
        }
        #expect(RecordView(json: reference.json) == reference)
    }
}

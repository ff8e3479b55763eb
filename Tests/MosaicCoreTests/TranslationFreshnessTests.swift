import MosaicCore
import Testing

/// The staleness rule of multilingual fields: a rewrite of one language marks the others "may be
/// out of date" until they are written again or confirmed; derived from the operations only.
@Suite struct TranslationFreshnessTests {
    let owner = MemberID("owner")!, coord = MemberID("coord")!, other = MemberID("other")!
    var authority: Materializer.Authority { Materializer.Authority(coordinators: [coord]) }
    let nonce = "nonce-fresh-1"
    var record: RecordID { RecordID.derive(origin: owner, nonce: nonce) }
    let fr = LanguageTag("fr")!, en = LanguageTag("en")!, de = LanguageTag("de")!
    var titleEN: RegisterKey { RegisterKey(field: "title", lang: en) }
    var titleFR: RegisterKey { RegisterKey(field: "title", lang: fr) }
    var titleDE: RegisterKey { RegisterKey(field: "title", lang: de) }

    func id(_ author: MemberID, _ seq: Int64) -> WriteID { WriteID(origin: author, stream: .public, seq: seq, index: 0) }

    func set(
        _ author: MemberID, _ seq: Int64, at wall: Int64, _ lang: LanguageTag, _ value: String, replaces: [WriteID] = [],
        field: String = "title"
    ) -> RecordOperation {
        RecordOperation(
            id: id(author, seq), hlc: HybridTimestamp(wallMillis: wall, counter: 0),
            operation: .set(record: record, field: field, lang: lang, value: value, replaces: replaces))
    }

    var create: RecordOperation {
        RecordOperation(
            id: id(owner, 1), hlc: HybridTimestamp(wallMillis: 1, counter: 0),
            operation: .create(record: record, type: .practice, nonce: nonce))
    }

    func view(_ ops: [RecordOperation]) throws -> RecordView { try #require(Materializer.view(of: ops, authority: authority)) }

    /// French and English written first, then French rewritten.
    var frenchRewritten: [RecordOperation] {
        [
            create, set(owner, 2, at: 10, fr, "Formation"), set(owner, 3, at: 20, en, "Training"),
            set(owner, 4, at: 30, fr, "Formation des éducateurs", replaces: [id(owner, 2)]),
        ]
    }

    @Test func aFirstTranslationNeverMarksOthersStale() throws {
        let result = try view([create, set(owner, 2, at: 10, fr, "Formation"), set(owner, 3, at: 20, en, "Training")])
        #expect(result.stale.isEmpty)
        #expect(!result.needsTranslation(into: en))
        #expect(result.needsTranslation(into: de))  // no German at all
    }

    @Test func aRewriteMarksTheOtherLanguagesStaleNamingTheChange() throws {
        let result = try view(frenchRewritten + [set(coord, 1, at: 25, de, "Schulung")])
        #expect(
            result.stale[titleEN]
                == StaleTranslation(changedLanguage: fr, write: id(owner, 4), hlc: HybridTimestamp(wallMillis: 30, counter: 0)))
        #expect(result.stale[titleDE]?.changedLanguage == fr)
        #expect(result.stale[titleFR] == nil)  // the rewritten language itself is fresh
        #expect(result.needsTranslation(into: en))
        #expect(!result.needsTranslation(into: fr))
    }

    @Test func aTranslationWrittenAfterTheRewriteIsFresh() throws {
        let first = try view(frenchRewritten + [set(coord, 1, at: 40, de, "Schulung der Fachkräfte")])
        #expect(first.stale[titleDE] == nil)  // a first translation after the rewrite
        #expect(first.stale[titleEN] != nil)
        // Updating English is itself a rewrite: English is fresh, and now French, older, is marked.
        let updated = try view(frenchRewritten + [set(coord, 1, at: 40, en, "Training of educators", replaces: [id(owner, 3)])])
        #expect(updated.stale[titleEN] == nil)
        #expect(updated.stale[titleFR]?.changedLanguage == en)
    }

    @Test func aConfirmationRefreshesTheLanguageAndStalesNoOther() throws {
        let confirm = set(coord, 1, at: 40, en, "Training", replaces: [id(owner, 3)])
        let result = try view(frenchRewritten + [set(other, 1, at: 5, de, "x"), confirm])
        #expect(result.stale[titleEN] == nil)
        #expect(result.value(titleEN) == "Training")
        // French is not marked by the English confirmation, although the confirmation is later.
        #expect(result.stale[titleFR] == nil)
        #expect(result.conflicts.isEmpty)
    }

    @Test func aRewriteOfAnotherFieldDoesNotStaleThisOne() throws {
        let summary = [
            set(owner, 5, at: 11, fr, "Résumé", field: "summary"),
            set(owner, 6, at: 40, fr, "Nouveau résumé", replaces: [id(owner, 5)], field: "summary"),
        ]
        let result = try view([create, set(owner, 2, at: 10, fr, "Formation"), set(owner, 3, at: 20, en, "Training")] + summary)
        #expect(result.stale.isEmpty)  // summary has no English, title was not rewritten
    }

    @Test func aProposalNeverStalesAnything() throws {
        let proposal = set(other, 1, at: 40, fr, "Proposé", replaces: [id(owner, 2)])
        let result = try view([create, set(owner, 2, at: 10, fr, "Formation"), set(owner, 3, at: 20, en, "Training"), proposal])
        #expect(result.stale.isEmpty)
        #expect(result.proposals.count == 1)
    }

    @Test func aConfirmationRacingAnEditIsTheUsualConflict() throws {
        let confirm = set(coord, 1, at: 40, en, "Training", replaces: [id(owner, 3)])
        let edit = set(owner, 5, at: 41, en, "Training for workers", replaces: [id(owner, 3)])
        let result = try view(frenchRewritten + [confirm, edit])
        #expect(result.conflicts == [Conflict(record: record, kind: .register(titleEN))])
        #expect(result.stale[titleEN] == nil)
        // The English edit is a rewrite: French, written before it, is now the stale one.
        #expect(result.stale[titleFR]?.changedLanguage == en)
    }

    @Test func twoNodesAgreeWhateverTheOrderOfArrival() throws {
        let ops =
            frenchRewritten + [
                set(coord, 1, at: 25, de, "Schulung"), set(coord, 2, at: 40, en, "Training", replaces: [id(owner, 3)]),
                set(other, 1, at: 45, en, "Proposed", replaces: [id(coord, 2)]),
            ]
        let reference = try view(ops)
        #expect(reference.stale.keys.sorted() == [titleDE])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            let arrived = (ops + ops.prefix(3)).shuffled(using: &generator)
            let again = try view(arrived)
            #expect(again == reference)
            #expect(again.canonicalBytes == reference.canonicalBytes)
        }
    }

    @Test func theStaleMarksTravelInTheStoredView() throws {
        let reference = try view(frenchRewritten)
        #expect(!reference.stale.isEmpty)
        #expect(RecordView(json: reference.json) == reference)
        #expect(reference.canonicalBytes == reference.json.canonicalBytes)
        let text = String(decoding: reference.canonicalBytes, as: UTF8.self)
        #expect(text.contains(#""stale":{"title.en":{"changed":"fr","hlc":[30,0],"id":"\#(id(owner, 4))"}}"#))
        // A view without stale languages keeps the bytes it had before the rule existed.
        #expect(!String(decoding: try view(Array(frenchRewritten.prefix(3))).canonicalBytes, as: UTF8.self).contains("stale"))
    }

    @Test func thePlannerConfirmsOnlyAStaleLanguageWithOneValue() throws {
        let stale = try view(frenchRewritten)
        let plan = try ChangePlanner.plan(.confirm(record, titleEN), by: coord, view: stale)
        #expect(plan.operations == [.set(record: record, field: "title", lang: en, value: "Training", replaces: [id(owner, 3)])])
        // An edit to the same value stays a no-op; only the confirm change writes it.
        #expect(throws: AuthoringError.nothingToChange) {
            try ChangePlanner.plan(.edit(record, [.register(titleEN, "Training")]), by: coord, view: stale)
        }
        #expect(throws: AuthoringError.self) { try ChangePlanner.plan(.confirm(record, titleFR), by: coord, view: stale) }
        #expect(throws: AuthoringError.self) { try ChangePlanner.plan(.confirm(record, titleDE), by: coord, view: stale) }
        #expect(throws: AuthoringError.self) {
            try ChangePlanner.plan(.confirm(record, RegisterKey(field: "status")), by: coord, view: stale)
        }
        let conflicted = try view(frenchRewritten + [set(coord, 1, at: 15, en, "Other")])
        #expect(throws: AuthoringError.self) { try ChangePlanner.plan(.confirm(record, titleEN), by: coord, view: conflicted) }
    }
}

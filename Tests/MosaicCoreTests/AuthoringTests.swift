import MosaicCore
import Testing

/// Field assignments and the change planner.
@Suite struct AuthoringTests {
    @Test func assignmentsParse() throws {
        #expect(
            try FieldAssignment.parse("title.fr=Formation ReACT")
                == .register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Formation ReACT"))
        #expect(try FieldAssignment.parse("themes=a | b|") == .replaceSet(field: "themes", values: ["a", "b"]))
        #expect(try FieldAssignment.parse("themes+=c") == .add(field: "themes", value: "c"))
        #expect(try FieldAssignment.parse("countries-=BE") == .remove(field: "countries", value: "BE"))
        #expect(try FieldAssignment.parse("year=2024=x") == .register(RegisterKey(field: "year"), "2024=x"))
        #expect(throws: AuthoringError.languageNeeded("title")) { try FieldAssignment.parse("title=x") }
        #expect(throws: AuthoringError.notASet("year")) { try FieldAssignment.parse("year+=1") }
        #expect(throws: AuthoringError.self) { try FieldAssignment.parse("colour=blue") }
        #expect(throws: AuthoringError.syntax("no-equals")) { try FieldAssignment.parse("no-equals") }
    }

    @Test func createWritesVisibilityAndRefusesFieldsOfTheOtherType() throws {
        let alice = MemberID("alice")!
        let plan = try ChangePlanner.plan(
            .create(type: .practice, nonce: "n-12345678", assignments: [.register(RegisterKey(field: "year"), "2024")], isPrivate: true),
            by: alice, view: nil)
        #expect(plan.stream == .local)
        #expect(plan.operations.count == 3)
        #expect(throws: AuthoringError.unknownField("budget_eur", type: .practice)) {
            try ChangePlanner.plan(
                .create(
                    type: .practice, nonce: "n-12345678", assignments: [.register(RegisterKey(field: "budget_eur"), "5")], isPrivate: false),
                by: alice, view: nil)
        }
        #expect(throws: AuthoringError.invalidValue(field: "status", value: "running", rule: CatalogueSchema.fields["status"]!.rule)) {
            try ChangePlanner.plan(
                .create(
                    type: .practice, nonce: "n-12345678", assignments: [.register(RegisterKey(field: "status"), "running")],
                    isPrivate: false),
                by: alice, view: nil)
        }
    }
}

/// A local change is held to the rules every receiving node applies.
@Suite struct LocalCommitRuleTests {
    @Test func aCreateWithANonceOtherNodesWouldRefuseIsRefusedLocally() throws {
        let author = MemberID("alpha")!
        for nonce in ["short", "", String(repeating: "x", count: 65), "has space1", "accentué1"] {
            #expect(throws: AuthoringError.self) {
                try ChangePlanner.plan(
                    .create(type: .practice, nonce: nonce, assignments: [], isPrivate: false), by: author, view: nil)
            }
        }
        #expect(throws: Never.self) {
            try ChangePlanner.plan(
                .create(type: .practice, nonce: RecordID.newNonce(), assignments: [], isPrivate: false), by: author, view: nil)
        }
    }
}

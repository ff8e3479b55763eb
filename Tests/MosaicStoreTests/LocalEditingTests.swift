import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Local editing through commits: create, edit, conflicts and their resolution, proposals, deletes.
@Suite struct LocalEditingTests {
    let network = TestNetwork()

    @Test func createEditAndProvenance() async throws {
        let clock = TestClock()
        let node = try network.node(TestNetwork.owner, clock: clock)
        let created = try await node.commit([
            .create(
                type: .practice, nonce: "edit-nonce-1", assignments: try assign("title.fr=Formation", "themes=training"), isPrivate: false)
        ])
        let id = created.created[0]
        clock.advance(1000)
        try await node.commit([.edit(id, try assign("title.en=Training", "themes+=trafficking", "year=2024"))])
        let view = try #require(try await node.record(id))
        #expect(view.owner == TestNetwork.owner)
        #expect(view.values("themes") == ["trafficking", "training"])
        let english = try #require(view.registers[RegisterKey(field: "title", lang: LanguageTag("en")!)])
        #expect(english.current.id.origin == TestNetwork.owner && english.current.hlc.wallMillis == clock.now)
        #expect(try await node.history(id).count == 7)  // create, title, themes, visibility, then title.en, theme, year
        #expect(try await node.vector() == VersionVector([TestNetwork.owner: 2]))
    }

    @Test func editingToTheSameValueMakesNoCommit() async throws {
        let node = try network.node(TestNetwork.owner)
        let id = try await node.commit([
            .create(type: .practice, nonce: "edit-nonce-2", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ]).created[0]
        await #expect(throws: AuthoringError.nothingToChange) { try await node.commit([.edit(id, try assign("title.fr=Formation"))]) }
    }

    @Test func concurrentEditsConflictOnBothNodesAndAResolutionSyncs() async throws {
        let owner = try network.node(TestNetwork.owner), coordinator = try network.node(TestNetwork.coordinator)
        let id = try await owner.commit([
            .create(type: .practice, nonce: "edit-nonce-3", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ]).created[0]
        try await owner.push(to: coordinator)
        try await owner.commit([.edit(id, try assign("title.fr=Formation ReACT"))])
        try await coordinator.commit([.edit(id, try assign("title.fr=Formation à la détection"))])
        try await owner.push(to: coordinator)
        try await coordinator.push(to: owner)
        for node in [owner, coordinator] {
            let conflicts = try await node.conflicts()
            #expect(conflicts.map(\.0.id) == ["\(id)/title.fr"])
            #expect(
                Set(conflicts[0].1.registers[RegisterKey(field: "title", lang: LanguageTag("fr")!)]!.siblings.map(\.value)) == [
                    "Formation ReACT", "Formation à la détection",
                ])
        }
        let conflict = try #require(Conflict(id: "\(id)/title.fr"))
        try await coordinator.commit([.resolve(conflict, .value("Formation ReACT à la détection de la traite"))])
        try await coordinator.push(to: owner)
        for node in [owner, coordinator] {
            #expect(try await node.conflicts().isEmpty)
            #expect(
                try await node.record(id)?.value(RegisterKey(field: "title", lang: LanguageTag("fr")!))
                    == "Formation ReACT à la détection de la traite")
        }
        let ownerDigest = try await owner.digest()
        #expect(try await coordinator.digest() == ownerDigest)
    }

    @Test func nonOwnersProposeAndOwnersAccept() async throws {
        let owner = try network.node(TestNetwork.owner), member = try network.node(TestNetwork.member)
        let id = try await owner.commit([
            .create(type: .practice, nonce: "edit-nonce-4", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ]).created[0]
        try await owner.push(to: member)
        let proposal = try await member.commit([.edit(id, try assign("title.fr=Formation (corrigée)", "themes+=advocacy"))])
        #expect(try await member.record(id)?.value(RegisterKey(field: "title", lang: LanguageTag("fr")!)) == "Formation")
        try await member.push(to: owner)
        let proposals = try await owner.proposals()
        #expect(proposals.count == 2)
        try await owner.commit([
            .accept(id, proposal: WriteID(origin: TestNetwork.member, stream: .public, seq: proposal.commit.seq, index: 0))
        ])
        try await owner.commit([
            .dismiss(id, proposal: WriteID(origin: TestNetwork.member, stream: .public, seq: proposal.commit.seq, index: 1))
        ])
        let view = try #require(try await owner.record(id))
        #expect(view.value(RegisterKey(field: "title", lang: LanguageTag("fr")!)) == "Formation (corrigée)")
        #expect(view.values("themes").isEmpty && view.proposals.isEmpty)
    }

    @Test func deleteAgainstAnUnseenEditIsAConflictUntilResolved() async throws {
        let owner = try network.node(TestNetwork.owner), coordinator = try network.node(TestNetwork.coordinator)
        let id = try await owner.commit([
            .create(type: .practice, nonce: "edit-nonce-5", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ]).created[0]
        try await owner.push(to: coordinator)
        try await owner.commit([.delete(id)])
        try await coordinator.commit([.edit(id, try assign("status=published"))])
        try await owner.push(to: coordinator)
        try await coordinator.push(to: owner)
        for node in [owner, coordinator] {
            #expect(try await node.record(id)?.state == .alive)
            #expect(try await node.conflicts().map(\.0.id) == ["\(id)/delete"])
        }
        try await owner.commit([.resolve(Conflict(record: id, kind: .deleteVsEdit), .delete)])
        try await owner.push(to: coordinator)
        for node in [owner, coordinator] {
            #expect(try await node.record(id)?.state == .deleted)
            #expect(try await node.list().isEmpty)
        }
    }

    @Test func theDatabaseOnDiskPassesIntegrityCheckAfterWork() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-disk-\(UUID().uuidString).sqlite").path
        let node = try network.node(TestNetwork.owner, path: path)
        for index in 0..<20 {
            try await node.commit([
                .create(type: .practice, nonce: "disk-nonce-\(index)", assignments: try assign("title.fr=Fiche \(index)"), isPrivate: false)
            ])
        }
        #expect(try await node.store.integrityCheck())
        let reopened = try network.node(TestNetwork.owner, path: path)
        #expect(try await reopened.list(limit: 100).count == 20)
        let digest = try await node.digest()
        #expect(try await reopened.digest() == digest)
    }
}

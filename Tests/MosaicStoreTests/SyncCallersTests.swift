import MosaicCore
import MosaicStore
import Testing

/// The sync map's table: one row per member, a newer sighting replaces an older one, this node's own
/// sighting wins a tie over a report, and a report keeps only other members of the directory.
@Suite struct SyncCallersTests {
    let owner = TestNetwork.owner, member = TestNetwork.member, coordinator = TestNetwork.coordinator

    func sighting(_ who: MemberID, _ seq: Int64, at: Int64, software: String? = "0.1.0") -> SyncCaller {
        SyncCaller(member: who, vector: VersionVector([owner: seq]), pulledAt: at, software: software, protocolVersion: "1.0")
    }

    @Test func aNewerSightingReplacesTheRowAndAnOlderOneChangesNothing() async throws {
        let callers = SyncCallers(store: try CatalogueStore.inMemory(member: owner))
        try await callers.recordPull(sighting(member, 2, at: 1000))
        try await callers.recordPull(sighting(member, 5, at: 2000, software: "0.2.0"))
        try await callers.recordPull(sighting(member, 1, at: 1500))
        let rows = try await callers.all()
        #expect(
            rows == [
                SyncCaller(member: member, vector: VersionVector([owner: 5]), pulledAt: 2000, software: "0.2.0", protocolVersion: "1.0")
            ])
    }

    @Test func aReportNamesItsReporterKeepsOnlyOtherMembersAndLosesATieToThisNodesOwnSighting() async throws {
        let network = TestNetwork()
        let callers = SyncCallers(store: try CatalogueStore.inMemory(member: owner))
        try await callers.recordPull(sighting(member, 3, at: 1000))
        try await callers.recordReport(
            [
                sighting(member, 1, at: 1000), sighting(coordinator, 4, at: 900), sighting(owner, 9, at: 5000),
                sighting(TestNetwork.outsider, 9, at: 5000),
            ],
            from: member, to: owner, directory: network.directory)
        let rows = try await callers.all()
        // The reporter itself and this node are left out, and so is a member the directory does not know.
        #expect(rows.map(\.member) == [coordinator, member])
        #expect(rows[0].reportedBy == member && rows[0].vector == VersionVector([owner: 4]))
        #expect(rows[1].reportedBy == nil && rows[1].vector == VersionVector([owner: 3]))
        // A later report about the coordinator replaces the earlier one; an equal-time one does not replace a direct sighting.
        try await callers.recordReport([sighting(coordinator, 6, at: 1200)], from: member, to: owner, directory: network.directory)
        try await callers.recordPull(sighting(coordinator, 6, at: 1300))
        try await callers.recordReport([sighting(coordinator, 7, at: 1300)], from: member, to: owner, directory: network.directory)
        let coordinatorRow = try #require(try await callers.all().first { $0.member == coordinator })
        #expect(coordinatorRow.reportedBy == nil && coordinatorRow.vector == VersionVector([owner: 6]))
    }
}

/// What a relay reports to a peer: only sightings that changed since the last report, and an
/// unchanged one again once the refresh time has passed.
@Suite struct SyncCallerReportTests {
    let owner = TestNetwork.owner, member = TestNetwork.member, coordinator = TestNetwork.coordinator

    @Test func aReportCarriesOnlyWhatChangedSinceTheLastOneToThatPeer() async throws {
        let callers = SyncCallers(store: try CatalogueStore.inMemory(member: owner))
        func pull(_ who: MemberID, seq: Int64, at: Int64) async throws {
            try await callers.recordPull(
                SyncCaller(member: who, vector: VersionVector([owner: seq]), pulledAt: at, software: "0.1.0", protocolVersion: "1.0"))
        }
        try await pull(member, seq: 1, at: 1000)
        try await pull(coordinator, seq: 1, at: 1000)
        // The peer itself is never reported to itself.
        #expect(try await callers.pendingReport(for: coordinator).map(\.member) == [member])
        let first = try await callers.pendingReport(for: owner)
        #expect(first.map(\.member) == [coordinator, member])
        try await callers.markReported(first, to: owner)
        #expect(try await callers.pendingReport(for: owner).isEmpty)
        // Pulled again with nothing new: not sent until the refresh time; a new vector is sent at once.
        try await pull(member, seq: 1, at: 2000)
        try await pull(coordinator, seq: 2, at: 2000)
        #expect(try await callers.pendingReport(for: owner, refreshMillis: 5000).map(\.member) == [coordinator])
        try await pull(member, seq: 1, at: 6000)
        #expect(try await callers.pendingReport(for: owner, refreshMillis: 5000).map(\.member) == [coordinator, member])
        // Another peer has had nothing yet.
        #expect(try await callers.pendingReport(for: member).map(\.member) == [coordinator])
    }
}

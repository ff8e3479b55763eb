import Foundation
import MosaicCore
import Testing

@testable import MosaicServer

/// A revoked member's node is no longer on the sync map (nor in its metric): its pulls get 401.
@Suite struct NetworkMapRevokedTests {
    @Test func aRevokedMemberIsNotOnTheMap() async throws {
        let fixture = try await WebFixture.make()
        let directory = WebFixture.directory
        let listed = try await NetworkMap.build(directory: directory, catalogue: fixture.catalogue).nodes.map(\.member)
        #expect(listed.contains(WebFixture.gamma.rawValue))
        let revoked = MemberDirectory(directory.members, revokedAfter: [WebFixture.gamma: 0])
        let after = try await NetworkMap.build(directory: revoked, catalogue: fixture.catalogue).nodes.map(\.member)
        #expect(after == listed.filter { $0 != WebFixture.gamma.rawValue })
    }
}

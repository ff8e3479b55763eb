import Foundation
import MosaicCore
import Testing

/// Numbers a hostile peer chooses at the edges of Int64 (found with the fuzz harness,
/// Tests/Fuzz/regressions/): each used to trap and stop the node; now each is refused or absorbed.
@Suite struct ExtremeNumberTests {
    let member = MemberID("ecpat-fr")!

    var directory: MemberDirectory {
        MemberDirectory([
            Member(
                id: member, name: "ECPAT France", country: CountryCode("FR")!, languages: [], endpoint: nil,
                publicKey: DemoKeys.signingKey(for: member).publicKey, role: .member)
        ])
    }

    @Test(arguments: [Int64.min, Int64.min + 1, Int64.max, -1])
    func requestCreatedAtAnExtremeTimeIsOutsideTheWindow(_ created: Int64) throws {
        let now: Int64 = 1_764_000_000
        let headers = RequestSignature.sign(
            method: "POST", path: "/sync/v1/pull", body: [UInt8]("{}".utf8), member: member, key: DemoKeys.signingKey(for: member),
            created: created, nonce: "n0nce-f0r-extreme-01")
        #expect(throws: RequestSignature.Failure.self) {
            try RequestSignature.verify(
                method: "POST", path: "/sync/v1/pull", body: [UInt8]("{}".utf8), headers: headers, directory: directory, now: now,
                window: 300)
        }
        do {
            _ = try RequestSignature.verify(
                method: "POST", path: "/sync/v1/pull", body: [UInt8]("{}".utf8), headers: headers, directory: directory, now: now,
                window: 300)
        } catch {
            guard case .outsideWindow(let seconds, _) = error else { Issue.record("refused as \(error), not outside the window"); return }
            #expect((seconds > 0) == (created > now))
            #expect(!error.description.isEmpty)
        }
    }

    @Test func lagFromAVectorOfHugeSequencesSaturates() {
        let peer = VersionVector([member: .max, MemberID("ecpat-be")!: .max, MemberID("secretariat")!: 5])
        let mine = VersionVector([MemberID("secretariat")!: 2])
        #expect(mine.missing(from: peer) == .max)
        #expect(mine.missing(from: VersionVector([member: 7, MemberID("secretariat")!: 5])) == 10)
    }

    @Test func clockAfterObservingTheLargestCounterMovesToTheNextMillisecond() {
        var clock = HybridClock()
        let observed = HybridTimestamp(wallMillis: 1_764_000_000_000, counter: .max)
        clock.observe(observed)
        let next = clock.tick(nowMillis: 1_764_000_000_000)
        #expect(next > observed)
        #expect(next == HybridTimestamp(wallMillis: 1_764_000_000_001, counter: 0))
        #expect(clock.tick(nowMillis: 1_764_000_000_000) == HybridTimestamp(wallMillis: 1_764_000_000_001, counter: 1))
    }
}

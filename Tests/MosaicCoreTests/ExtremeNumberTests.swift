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

    /// Signs at a normal time, then writes `created` as the given text.
    func headers(created: String) throws -> RequestSignature.Headers {
        var headers = try RequestSignature.sign(
            method: "POST", authority: "node.test", path: "/sync/v1/pull", body: [UInt8]("{}".utf8), member: member,
            key: DemoKeys.signingKey(for: member), created: 1_764_000_000, nonce: "n0nce-f0r-extreme-01")
        headers.signatureInput = headers.signatureInput.replacingOccurrences(of: "created=1764000000", with: "created=\(created)")
        return headers
    }

    func verify(_ headers: RequestSignature.Headers) throws(RequestSignature.Failure) {
        _ = try RequestSignature.verify(
            method: "POST", authority: "node.test", path: "/sync/v1/pull", body: [UInt8]("{}".utf8), headers: headers,
            directory: directory, node: nil, now: 1_764_000_000, window: 300)
    }

    /// The widest times an RFC 8941 integer holds (15 digits) are outside the window, without overflow.
    @Test(arguments: [Int64(-999_999_999_999_999), 999_999_999_999_999, -1])
    func requestCreatedAtAnExtremeTimeIsOutsideTheWindow(_ created: Int64) throws {
        let headers = try headers(created: "\(created)")
        do {
            try verify(headers)
            Issue.record("a request created at \(created) verified")
        } catch {
            guard case .outsideWindow(let seconds, _) = error else { Issue.record("refused as \(error), not outside the window"); return }
            #expect((seconds > 0) == (created > 1_764_000_000))
            #expect(!error.description.isEmpty)
        }
    }

    /// Past 15 digits (Int64.min, Int64.max) `created` is not an RFC 8941 integer: malformed, and never signed.
    @Test(arguments: [Int64.min, Int64.max, 1_000_000_000_000_000])
    func createdBeyondAnRFC8941IntegerIsMalformed(_ created: Int64) throws {
        let headers = try headers(created: "\(created)")
        let refusal = #expect(throws: RequestSignature.Failure.self) { try verify(headers) }
        #expect(refusal?.kind == "malformed-signature")
        #expect(
            refusal?.description.hasPrefix("malformed Signature-Input: not an RFC 8941 dictionary") == true,
            "\(String(describing: refusal))")
        let invalid = #expect(throws: SignatureBase.InvalidText.self) {
            try RequestSignature.sign(
                method: "POST", authority: "node.test", path: "/", body: [UInt8](), member: member, key: DemoKeys.signingKey(for: member),
                created: created, nonce: "n0nce-f0r-extreme-01")
        }
        #expect(invalid?.name == "created")
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

import Foundation
import MosaicCore
import Testing

/// One scripted hostile peer: the bytes of every HTTP answer it gives our node's pulls, and the
/// failure our node must report (kind in the peer's state and the metrics, and a phrase of the message).
struct HostilePeerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: String
    let message: String
    let answer: @Sendable (RelayFixture) -> [UInt8]

    var testDescription: String { name }

    init(_ name: String, _ kind: String, _ message: String, _ answer: @escaping @Sendable (RelayFixture) -> [UInt8]) {
        self.name = name
        self.kind = kind
        self.message = message
        self.answer = answer
    }
}

/// The network of the hostile-peer cases and honest material for a relay to bend: `honest`
/// owns record ``record`` and signed commits #1…#3; our node (`puller`) holds #1 and pulls
/// from `relay`; `stranger` is in no directory.
struct RelayFixture: Sendable {
    static let honest = MemberID("honest")!, relay = MemberID("relay")!, puller = MemberID("puller")!
    static let other = MemberID("other")!, stranger = MemberID("stranger")!
    static let directory = LiveNode.directory([honest, relay, puller, other], coordinators: [])

    let now: Int64
    let record: RecordID
    let commits: [Commit]
    let signed: [SignedCommit]

    init(now: Int64) {
        self.now = now
        let record = RecordID.derive(origin: Self.honest, nonce: "hostile-base-0001")
        self.record = record
        let first = Commit(
            origin: Self.honest, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: now - 120_000, counter: 0),
            operations: [
                .create(record: record, type: .practice, nonce: "hostile-base-0001"),
                .set(record: record, field: "title", lang: LanguageTag("en")!, value: "Baseline", replaces: []),
            ])
        let second = Commit(
            origin: Self.honest, stream: .public, seq: 2, hlc: HybridTimestamp(wallMillis: now - 60_000, counter: 0),
            operations: [.set(record: record, field: "title", lang: LanguageTag("en")!, value: "Second", replaces: [first.writeID(1)])])
        let third = Commit(
            origin: Self.honest, stream: .public, seq: 3, hlc: HybridTimestamp(wallMillis: now - 30_000, counter: 0),
            operations: [.set(record: record, field: "summary", lang: LanguageTag("en")!, value: "Third", replaces: [])])
        commits = [first, second, third]
        signed = commits.map { SignedCommit(signing: $0, with: DemoKeys.signingKey(for: Self.honest)) }
    }

    /// A commit of `origin` (honest by default) with `operations`, dated `age` milliseconds ago.
    func commit(
        origin: MemberID = honest, stream: CommitStream = .public, seq: Int64, wall: Int64? = nil, counter: Int64 = 0,
        _ operations: [CatalogueOperation]
    ) -> Commit {
        Commit(
            origin: origin, stream: stream, seq: seq, hlc: HybridTimestamp(wallMillis: wall ?? now - 10_000, counter: counter),
            operations: operations)
    }

    /// `member`'s own first commit, creating a record derived from it, 90 s ago.
    func firstOwn(_ member: MemberID) -> Commit {
        let nonce = "hostile-own-0001"
        return commit(
            origin: member, seq: 1, wall: now - 90_000,
            [.create(record: RecordID.derive(origin: member, nonce: nonce), type: .project, nonce: nonce)])
    }

    /// `commit` signed by `signer`'s key (its origin's by default).
    func sign(_ commit: Commit, by signer: MemberID? = nil) -> SignedCommit {
        SignedCommit(signing: commit, with: DemoKeys.signingKey(for: signer ?? commit.origin))
    }

    /// Any bytes signed as a commit by `signer`.
    func sign(text: String, by signer: MemberID = honest) -> SignedCommit {
        let bytes = Array(text.utf8)
        return SignedCommit(bytes: bytes, signature: DemoKeys.signingKey(for: signer).signature(for: SignedCommit.signingInput(for: bytes)))
    }

    /// The commit text of honest's #`seq`.
    func text(_ seq: Int) -> String { String(decoding: signed[seq - 1].bytes, as: UTF8.self) }

    /// Honest's #`seq` with its text changed by `change`, keeping honest's signature.
    func altered(_ seq: Int, _ change: (String) -> String) -> SignedCommit {
        SignedCommit(bytes: Array(change(text(seq)).utf8), signature: signed[seq - 1].signature)
    }

    /// One commit in its wire form.
    static func item(_ commit: SignedCommit) -> String { String(decoding: commit.json.canonicalBytes, as: UTF8.self) }

    /// A page body from wire items, written by hand so that a case can break any part of it.
    static func page(_ items: [String], more: Bool = false, vector: String = #"{"honest":3}"#) -> String {
        #"{"commits":[\#(items.joined(separator: ","))],"more":\#(more),"vector":\#(vector)}"#
    }

    /// A 200 JSON answer carrying `body`.
    static func answer(_ body: String) -> [UInt8] { RawHTTPServer.response(body: Array(body.utf8)) }

    /// A 200 JSON answer carrying a page of `commits`.
    static func answer(_ commits: [SignedCommit], more: Bool = false, vector: String = #"{"honest":3}"#) -> [UInt8] {
        answer(page(commits.map(item), more: more, vector: vector))
    }
}

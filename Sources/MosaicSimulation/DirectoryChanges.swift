import Foundation
import MosaicCore
import MosaicStore

/// What the directory changes of a schedule did, for its outcome and the soak's totals.
public struct DirectoryCounts: Sendable, Hashable, Codable {
    /// Member entries changed by a coordinator (name, endpoint or languages), concurrent ones included.
    public var entryChanges = 0
    /// Keys rotated by their member (its node restarted with the new key).
    public var rotations = 0
    /// Members revoked by a coordinator.
    public var revocations = 0
    /// Times two coordinators changed one member's entry at the same moment, neither seeing the other's.
    public var concurrentPublishes = 0
    /// Directory commits published (each an acknowledged public commit).
    public var commits = 0
    /// Acknowledged commits of revoked members signed after their revocation point, checked to be refused everywhere.
    public var refusedAsExpected = 0
    /// Operations of other members on records created by such a refused commit, hidden with the record.
    public var hiddenWithRefusedRecords = 0

    public init() {}

    public static func + (lhs: DirectoryCounts, rhs: DirectoryCounts) -> DirectoryCounts {
        var sum = lhs
        sum.entryChanges += rhs.entryChanges
        sum.rotations += rhs.rotations
        sum.revocations += rhs.revocations
        sum.concurrentPublishes += rhs.concurrentPublishes
        sum.commits += rhs.commits
        sum.refusedAsExpected += rhs.refusedAsExpected
        sum.hiddenWithRefusedRecords += rhs.hiddenWithRefusedRecords
        return sum
    }
}

/// Directory changes signed during a schedule, as coordinators and members make them
/// (docs/PROTOCOL.md §14): a member's name, endpoint or languages changed by a coordinator, a
/// member rotating its key (its node restarted with the new key), a member revoked after the last
/// commit the coordinator holds of it, and two coordinators publishing at once. Each is a real
/// `commitDirectory` at the signer's node and travels with the next pulls, through the faults.
public struct DirectoryChanges: Sendable {
    public private(set) var counts = DirectoryCounts()
    /// Revoked members and the last of their commits that counts.
    public private(set) var revokedAfter: [MemberID: Int64] = [:]
    /// Nodes of revoked members: their requests get 401, so they are cut off and not checked at the end.
    public private(set) var cutOff: Set<Int> = []
    /// Rotations made per node, to name each next key.
    private var rotated: [Int: Int] = [:]

    public init() {}

    /// Makes one random directory change and records its commit in `ledger`: a directory commit is
    /// an acknowledged public commit, owed to every node like any other.
    /// - Throws: any error but a ``DirectoryChangeError`` (a change with nothing to change, which is
    ///   not acknowledged, as a coordinator would be told).
    public mutating func change(
        in federation: SimulatedFederation, network: SimulatedNetwork, ledger: inout WriteLedger, _ random: inout SplitMix64
    ) async throws {
        let live = federation.members.indices.filter { !cutOff.contains($0) }
        let coordinators = Array(0..<federation.coordinatorCount)
        if coordinators.count > 1, random.chance(0.3) {
            // Both coordinators retouch one entry at the same moment: the fold keeps one, the same everywhere.
            let target = federation.members[random.pick(live)]
            var published = 0
            for coordinator in coordinators {
                published += try await publish(entryOf: target, by: coordinator, federation, network, &ledger, &random) ? 1 : 0
            }
            if published == coordinators.count { counts.concurrentPublishes += 1 }
            return
        }
        switch Double.random(in: 0..<1, using: &random) {
        case ..<0.45:
            _ = try await publish(
                entryOf: federation.members[random.pick(live)], by: random.pick(coordinators), federation, network, &ledger, &random)
        case ..<0.8:
            try await rotate(random.pick(live), federation, network, &ledger)
        default:
            let candidates = live.filter {
                $0 >= federation.coordinatorCount && Self.connected(federation.peers, without: cutOff.union([$0]))
            }
            guard revokedAfter.isEmpty, let target = candidates.isEmpty ? nil : random.pick(candidates) else { return }
            try await revoke(target, by: random.pick(coordinators), federation, network, &ledger)
        }
    }

    /// Coordinator `coordinator` changes `member`'s name, endpoint or languages, from the entry its own node holds.
    /// - Returns: whether a commit was published.
    private mutating func publish(
        entryOf member: MemberID, by coordinator: Int, _ federation: SimulatedFederation, _ network: SimulatedNetwork,
        _ ledger: inout WriteLedger, _ random: inout SplitMix64
    ) async throws -> Bool {
        let node = federation.nodes[coordinator]
        guard var entry = node.directory[member] else { return false }
        // An entry names the member's first key (§14.1); the effective entry carries its current one.
        entry.publicKey = node.directory.keys(of: member).first?.key ?? entry.publicKey
        let tag = random.next() % 10_000
        switch Int.random(in: 0..<3, using: &random) {
        case 0: entry.name = "Membre simulé \(member.rawValue) · \(tag)"
        case 1: entry.endpoint = URL(string: "https://\(member.rawValue)-\(tag).example.org/")
        default:
            let languages = EditGenerator.languages.filter { _ in random.chance(0.5) }
            entry.languages = (languages.isEmpty ? ["fr"] : languages).compactMap(LanguageTag.init)
        }
        guard try await commit([.member(entry)], at: coordinator, federation, network, &ledger) else { return false }
        counts.entryChanges += 1
        return true
    }

    /// Node `index` announces a new key, signed by its current one, and restarts with it.
    private mutating func rotate(
        _ index: Int, _ federation: SimulatedFederation, _ network: SimulatedNetwork, _ ledger: inout WriteLedger
    ) async throws {
        let next = rotated[index, default: 0] + 1
        let key = DemoKeys.signingKey(for: MemberID("\(federation.members[index].rawValue)-key\(next)")!)
        guard try await commit([.rotate(key: key.publicKey)], at: index, federation, network, &ledger) else { return }
        rotated[index] = next
        federation.restart(index, signingKey: key)
        counts.rotations += 1
    }

    /// Coordinator `coordinator` revokes node `index`'s member after the last of its commits the coordinator holds.
    private mutating func revoke(
        _ index: Int, by coordinator: Int, _ federation: SimulatedFederation, _ network: SimulatedNetwork, _ ledger: inout WriteLedger
    ) async throws {
        let member = federation.members[index]
        let after = try await federation.nodes[coordinator].vector()[member]
        guard try await commit([.revoke(member: member, after: after)], at: coordinator, federation, network, &ledger) else { return }
        revokedAfter[member] = after
        cutOff.insert(index)
        counts.revocations += 1
    }

    /// Signs and applies `operations` at node `index`, recording the commit as acknowledged.
    /// - Returns: false when the node refused the change (``DirectoryChangeError``: nothing to change).
    private mutating func commit(
        _ operations: [DirectoryOperation], at index: Int, _ federation: SimulatedFederation, _ network: SimulatedNetwork,
        _ ledger: inout WriteLedger
    ) async throws -> Bool {
        let key = federation.signingKey(of: index)
        do {
            let commit = try await federation.nodes[index].commitDirectory(operations)
            network.noteDirectoryCommit(ledger.record(commit, signedWith: key))
            counts.commits += 1
            return true
        } catch is DirectoryChangeError {
            return false
        }
    }

    /// Whether the peer graph stays connected without `removed` (a revoked member's node learns
    /// nothing more, so revoking a cut vertex would split the others for good).
    static func connected(_ peers: [[Int]], without removed: Set<Int>) -> Bool {
        let remaining = peers.indices.filter { !removed.contains($0) }
        guard let start = remaining.first else { return false }
        var seen: Set<Int> = [start], stack = [start]
        while let node = stack.popLast() {
            for next in peers[node] where !removed.contains(next) && seen.insert(next).inserted { stack.append(next) }
        }
        return seen.count == remaining.count
    }
}

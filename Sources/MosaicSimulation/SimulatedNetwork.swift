import MosaicCore
import MosaicStore

/// The in-process network of a simulated federation: it runs pull rounds, injecting faults.
///
/// A round is one pull interval. First every node pulls each of its peers in turn, page after
/// page, each request carrying the node's vector as it will be once the earlier pages are applied
/// (exactly the requests `PullSession` sends); the peers answer from their state at the start of
/// the round, so news travels one hop per round. Then every node applies its pages, one atomic
/// `apply` each, in arrival order — which the faults may shuffle or repeat.
public struct SimulatedNetwork: Sendable {
    public let federation: SimulatedFederation
    /// Most commits in one page.
    public let pageSize: Int
    /// About the most bytes in one page.
    public let pageBytes: Int
    /// Check on every refused or repeated page that the node's vector and digest did not change (costs a digest each).
    public let checkRefusals: Bool

    public init(federation: SimulatedFederation, pageSize: Int, pageBytes: Int = 1 << 20, checkRefusals: Bool = true) {
        self.federation = federation
        self.pageSize = pageSize
        self.pageBytes = pageBytes
        self.checkRefusals = checkRefusals
    }

    /// One page on its way to a node.
    struct Delivery {
        let peer: Int
        var commits: [SignedCommit]
        let bytes: Int
        /// The position of the original in the inbox, for a repeat.
        let copyOf: Int?
    }

    /// Runs one round.
    /// - Parameters:
    ///   - group: when partitioned, each node's side; nodes on different sides cannot reach each other.
    ///   - problems: invariant violations and unexpected errors are appended here.
    public func round(faults: FaultPlan, group: [Int]?, using random: inout SplitMix64, problems: inout [String]) async throws
        -> Traffic
    {
        var traffic = Traffic()
        let nodes = federation.nodes
        var inbox = Array(repeating: [Delivery](), count: nodes.count)
        for index in nodes.indices {
            var vector = try await nodes[index].vector()
            for peer in federation.peers[index] {
                var pages: [Delivery] = []
                while true {
                    traffic.requests += 1
                    if let group, group[index] != group[peer] {
                        traffic.failedPulls += 1
                        break
                    }
                    if random.chance(faults.drop) {
                        traffic.failedPulls += 1
                        break
                    }
                    let (commits, more) = try await nodes[peer].commits(after: vector, limit: pageSize, maxBytes: pageBytes)
                    if commits.isEmpty { break }
                    let bytes = commits.reduce(0) { $0 + $1.bytes.count + $1.signature.count }
                    traffic.bytes += bytes
                    if random.chance(faults.drop) {
                        traffic.failedPulls += 1
                        break
                    }
                    for signed in commits {
                        let commit = try CommitDecoder.decode(signed.bytes)
                        vector[commit.origin] = max(vector[commit.origin], commit.seq)
                    }
                    pages.append(Delivery(peer: peer, commits: commits, bytes: bytes, copyOf: nil))
                    if !more { break }
                }
                inbox[index] += pages
            }
            if inbox[index].count > 1, random.chance(faults.reorder) {
                inbox[index].shuffle(using: &random)
                traffic.reorderedInboxes += 1
            }
        }
        for index in nodes.indices {
            var deliveries = inbox[index]
            var position = 0
            while position < deliveries.count {
                if deliveries[position].copyOf == nil, random.chance(faults.duplicate) {
                    let original = deliveries[position]
                    let copy = Delivery(peer: original.peer, commits: original.commits, bytes: original.bytes, copyOf: position)
                    deliveries.insert(copy, at: Int.random(in: (position + 1)...deliveries.count, using: &random))
                    traffic.duplicatedPages += 1
                }
                position += 1
            }
            var applied = Set<Int>()
            for (position, var delivery) in deliveries.enumerated() {
                delivery.commits.shuffle(using: &random)
                traffic.pages += 1
                traffic.commitsDelivered += delivery.commits.count
                let originalApplied = delivery.copyOf.map { applied.contains($0) } ?? false
                if try await deliver(delivery, to: index, repeatOfApplied: originalApplied, traffic: &traffic, problems: &problems) {
                    applied.insert(position)
                }
            }
        }
        return traffic
    }

    /// Applies one page as `PullSession` does, and checks what a refusal or a repeat left behind.
    /// - Parameter repeatOfApplied: the page is a copy of one this node applied earlier in the round.
    /// - Returns: whether the page was applied (not refused).
    private func deliver(
        _ delivery: Delivery, to index: Int, repeatOfApplied: Bool, traffic: inout Traffic, problems: inout [String]
    ) async throws -> Bool {
        let node = federation.nodes[index]
        let peer = federation.members[delivery.peer]
        let before = checkRefusals ? try await (node.vector(), node.digest()) : nil
        do {
            let outcome = try await node.apply(
                delivery.commits, from: PeerProgress(peer: peer, commits: delivery.commits.count, bytes: delivery.bytes))
            traffic.commitsApplied += outcome.applied
            traffic.duplicateCommits += outcome.duplicates
            if !outcome.heldBack.isEmpty {
                problems.append("\(node.member) held back commits of known members \(outcome.heldBack) from \(peer)")
            }
            if outcome.applied + outcome.duplicates != delivery.commits.count {
                problems.append(
                    "\(node.member) accounted for \(outcome.applied + outcome.duplicates) of \(delivery.commits.count) commits from \(peer)"
                )
            }
            if repeatOfApplied, outcome.applied > 0 {
                problems.append("\(node.member) applied \(outcome.applied) new commits from a page it had already applied")
            }
            if repeatOfApplied, let before, try await (node.vector(), node.digest()) != before {
                problems.append("\(node.member): a repeated page changed the catalogue")
            }
            return true
        } catch let error as ApplyError {
            switch error.reason {
            case .sequenceGap: traffic.refusedGap += 1
            case .clockAhead: traffic.refusedClock += 1
            default: problems.append("\(node.member) refused a page from \(peer): \(error)")
            }
            if let before, try await (node.vector(), node.digest()) != before {
                problems.append("\(node.member): a refused page from \(peer) changed the vector or digest (\(error))")
            }
            return false
        }
    }
}

import Foundation
import MosaicCore
import Testing

/// ``CommitBudget`` counts a commit's encoded size exactly, so that an import splits into commits a peer accepts.
@Suite struct CommitBudgetTests {
    let origin = MemberID("owner-be")!

    func operations(_ count: Int, textBytes: Int) -> [CatalogueOperation] {
        let record = RecordID.derive(origin: origin, nonce: "budget-test-1")
        return (0..<count).map {
            .set(
                record: record, field: "description", lang: LanguageTag("fr"),
                value: String(repeating: "é\"\n", count: textBytes / 4) + "\($0)",
                replaces: [])
        }
    }

    @Test(arguments: [0, 1, 2, 17])
    func theCountIsTheCommitsSizeWithTheWidestSequenceAndClock(_ count: Int) {
        var budget = CommitBudget(origin: origin, stream: .public)
        let ops = operations(count, textBytes: 100)
        let added = budget.add(ops)
        #expect(added)
        let widest = Commit(
            origin: origin, stream: .public, seq: .max, hlc: HybridTimestamp(wallMillis: .max, counter: HybridTimestamp.maxCounter),
            operations: ops)
        #expect(budget.bytes == widest.canonicalBytes.count)
        let real = Commit(origin: origin, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1, counter: 0), operations: ops)
        #expect(real.canonicalBytes.count <= budget.bytes)
        #expect(budget.operations == count)
    }

    @Test func operationsThatWouldPassTheLimitAreNotCounted() {
        var budget = CommitBudget(origin: origin, stream: .public)
        let big = operations(1, textBytes: 1 << 20)
        var added = 0
        while budget.add(big) { added += 1 }
        let bytes = budget.bytes
        // Each operation is about 1.5 MiB once escaped (é stays 2 bytes, " and a line break take 2).
        #expect(added == 5 && bytes <= Commit.maxBytes && bytes + budget.cost(of: big) > Commit.maxBytes)
        let addedPastTheLimit = budget.add(big)
        #expect(!addedPastTheLimit && budget.bytes == bytes && budget.operations == added)
        budget.reset()
        let addedAfterReset = budget.add(big)
        #expect(addedAfterReset && budget.operations == 1)
    }
}

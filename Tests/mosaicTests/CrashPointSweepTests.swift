import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Kills a real `mosaic` process at every named crash point in turn (`MOSAIC_CRASH_AT`) on a
/// three-node chain, and injects storage faults (`MOSAIC_FAULT_AT`). After each: the database is
/// intact, nothing acknowledged before is lost, the node holds whole pages and whole commits only,
/// exactly the pages the point says, and the chain converges within 3 rounds.
@Suite(.serialized) struct CrashPointSweepTests {
    /// Commits per pull page, and the pull of A's 12 commits is 6 pages.
    static let pageSize = 2
    /// Every pull point on both links (`MOSAIC_CRASH_FULL_SWEEP=1`, in `make soak`); by default the
    /// link B ← A is swept at the commit boundary only (`pull.before-commit`, `pull.after-commit`).
    static var fullSweep: Bool { ProcessInfo.processInfo.environment["MOSAIC_CRASH_FULL_SWEEP"] == "1" }

    /// Pages of a pull that a crash at `point` keeps when it happens at page `skip + 1`;
    /// `nil` for the points a pull does not reach. Exhaustive: a new point must say what it keeps.
    static func pagesKept(_ point: CrashPoint, skip: Int) -> Int? {
        switch point {
        case .pullPageReceived, .pullPageVerified, .applyCommitLogWritten, .applyVectorAdvanced, .applyRecordsWritten,
            .pullBeforeCommit:
            return skip
        case .pullAfterCommit, .pullPageApplied: return skip + 1
        case .pullRoundDone, .pullRoundRecorded: return .max
        case .importBatchWritten, .importBeforeCommit, .importAfterCommit, .commitBeforeCommit, .commitAfterCommit: return nil
        }
    }

    /// Whether an import (or a local commit) killed at `point` is kept.
    static func kept(_ point: CrashPoint) -> Bool {
        switch point {
        case .importAfterCommit, .commitAfterCommit: true
        default: false
        }
    }

    @Test func everyCrashPointLeavesAWholeDatabaseThatConverges() async throws {
        let a = ChainFederation.a, b = ChainFederation.b, c = ChainFederation.c
        let chain = try ChainFederation(pageSize: Self.pageSize)
        defer { chain.stop() }
        // A holds 1,400 practices in 12 commits: 2 of 500, then 10 of 40.
        try await chain.importIntoA(1000)
        for _ in 0..<10 { try await chain.importIntoA(40) }
        #expect(chain.recordsPerCommit.count == 12)
        try chain.startServer(a)
        try chain.startServer(b)
        #expect(try await chain.converge() != nil, "the chain does not converge before any crash")
        var swept: Set<CrashPoint> = []
        var report: [String] = []

        // 1. Pulls, on both links: B pulling from A, C pulling from B (commits relayed by B).
        for victim in [b, c] {
            for point in CrashPoint.allCases {
                guard let kept = Self.pagesKept(point, skip: 0) else { continue }
                if victim == b && !Self.fullSweep && ![.pullBeforeCommit, .pullAfterCommit].contains(point) { continue }
                let skip = kept == .max ? 0 : 2
                try chain.wipe(victim)
                let total = try await chain.snapshot(a).commits
                let outcome = try chain.sync(victim, environment: ["MOSAIC_CRASH_AT": point.rawValue, "MOSAIC_CRASH_SKIP": "\(skip)"])
                #expect(outcome.signalled, "\(victim) was not killed at \(point.rawValue): \(outcome.standardError)")
                let after = try await chain.snapshot(victim)
                let pages = Self.pagesKept(point, skip: skip)!
                let expected = pages == .max ? total : min(total, Int64(pages * Self.pageSize))
                #expect(after.integrity, "\(point.rawValue) on \(victim)")
                #expect(after.commits == expected, "\(point.rawValue) on \(victim): holds \(after.commits) commits, expected \(expected)")
                #expect(after.practices == chain.records(upTo: after.held(a)), "\(point.rawValue) on \(victim): a partial commit")
                if point == .pullRoundRecorded { #expect(after.peer(victim == b ? a : b)?.isHealthy == true) }
                let rounds = try await chain.converge()
                #expect(rounds != nil, "no convergence within 3 rounds after \(point.rawValue) on \(victim)")
                swept.insert(point)
                report.append(
                    "| `\(point.rawValue)` | sync of \(victim) | \(skip) | \(after.commits)/\(total) | \(rounds.map(String.init) ?? "none") |"
                )
            }
        }

        // 2. Imports into A: 600 records, 2 commits (500 + 100) in one transaction.
        for (point, skip) in [
            (CrashPoint.importBatchWritten, 0), (.importBatchWritten, 1), (.applyRecordsWritten, 1), (.importBeforeCommit, 0),
            (.importAfterCommit, 0),
        ] {
            let before = try await chain.snapshot(a)
            let outcome = try await chain.importIntoA(
                600, environment: ["MOSAIC_CRASH_AT": point.rawValue, "MOSAIC_CRASH_SKIP": "\(skip)"])
            #expect(outcome.signalled, "the import was not killed at \(point.rawValue)")
            let after = try await chain.snapshot(a)
            #expect(after.integrity, "\(point.rawValue)")
            #expect(after.held(a) == before.held(a) + (Self.kept(point) ? 2 : 0), "\(point.rawValue): A holds \(after.held(a))")
            #expect(after.practices == chain.records(upTo: after.held(a)), "\(point.rawValue): a partial import")
            let rounds = try await chain.converge()
            #expect(rounds != nil, "no convergence within 3 rounds after \(point.rawValue) in an import")
            swept.insert(point)
            report.append(
                "| `\(point.rawValue)` | import into \(a) | \(skip) | \(after.held(a) - before.held(a)) of 2 commits | \(rounds.map(String.init) ?? "none") |"
            )
        }

        // 3. A conflict resolved on B (the coordinator): A's owner and B edit one field concurrently.
        let record = try #require(try await chain.setup(b).openCatalogue().list(limit: 1).first?.id)
        try chain.demo.run(a, ["record", "edit", record.rawValue, "--set", "status=archived"])
        try chain.demo.run(b, ["record", "edit", record.rawValue, "--set", "status=draft"])
        #expect(try await chain.converge() != nil)
        #expect(try await chain.snapshot(b).openConflicts == 1)
        for point in [CrashPoint.commitBeforeCommit, .applyVectorAdvanced, .commitAfterCommit] {
            let before = try await chain.snapshot(b)
            let outcome = try MosaicProcess.run(
                ["conflicts", "resolve", "\(record.rawValue)/status", "--value", "published", "--config", chain.demo.config(b)],
                environment: ["MOSAIC_CRASH_AT": point.rawValue], in: chain.demo.root)
            #expect(outcome.signalled, "the resolution was not killed at \(point.rawValue)")
            let after = try await chain.snapshot(b)
            let kept = Self.kept(point)
            #expect(after.integrity, "\(point.rawValue)")
            #expect(after.held(b) == before.held(b) + (kept ? 1 : 0), "\(point.rawValue)")
            #expect(after.openConflicts == (kept ? 0 : 1), "\(point.rawValue)")
            let rounds = try await chain.converge()
            #expect(rounds != nil, "no convergence within 3 rounds after \(point.rawValue) in a resolution")
            for node in ChainFederation.nodes { #expect(try await chain.snapshot(node).openConflicts == (kept ? 0 : 1), "\(node)") }
            swept.insert(point)
            report.append(
                "| `\(point.rawValue)` | conflicts resolve on \(b) | 0 | \(after.held(b) - before.held(b)) of 1 commit | \(rounds.map(String.init) ?? "none") |"
            )
        }
        #expect(swept == Set(CrashPoint.allCases), "never swept: \(Set(CrashPoint.allCases).subtracting(swept).map(\.rawValue))")
        print(
            (["| point | operation | skip | kept | rounds to converge |", "| --- | --- | --- | --- | --- |"] + report).joined(
                separator: "\n"))
    }

    /// A storage error (disk full, I/O) inside a page's transaction rejects the page whole, is
    /// reported in the peer's state, and the next pull recovers; in an import it changes nothing.
    @Test func aStorageFaultRejectsThePageWholeAndTheNextPullRecovers() async throws {
        let a = ChainFederation.a, b = ChainFederation.b, c = ChainFederation.c
        let chain = try ChainFederation(pageSize: Self.pageSize)
        defer { chain.stop() }
        try await chain.importIntoA(1000)
        for _ in 0..<4 { try await chain.importIntoA(50) }
        try chain.startServer(a)
        try chain.startServer(b)
        #expect(try await chain.converge() != nil)
        for (point, skip, kind, message) in [
            (CrashPoint.applyRecordsWritten, 2, "full", "the disk is full"), (.pullBeforeCommit, 0, "io", "disk I/O error"),
            (.applyCommitLogWritten, 1, "full", "the disk is full"),
        ] {
            try chain.wipe(c)
            let outcome = try chain.sync(
                c, environment: ["MOSAIC_FAULT_AT": point.rawValue, "MOSAIC_CRASH_SKIP": "\(skip)", "MOSAIC_FAULT_KIND": kind])
            #expect(outcome.status == 1 && !outcome.signalled, "\(point.rawValue): \(outcome.standardOutput)")
            #expect(outcome.standardOutput.contains(message), "\(point.rawValue): \(outcome.standardOutput)")
            let failed = try await chain.snapshot(c)
            #expect(failed.integrity)
            #expect(failed.commits == Int64(skip * Self.pageSize), "\(point.rawValue): the failed page was not rejected whole")
            #expect(failed.practices == chain.records(upTo: failed.held(a)))
            let peer = try #require(failed.peer(b))
            #expect(peer.consecutiveFailures == 1 && peer.lastError?.contains(message) == true, "\(String(describing: peer.lastError))")
            #expect(try chain.sync(c).status == 0)
            let recovered = try await chain.snapshot(c)
            #expect(recovered.digest == (try await chain.snapshot(b).digest))
            #expect(recovered.peer(b)?.isHealthy == true)
        }
        // An import that fails on its second batch imports nothing.
        let before = try await chain.snapshot(a)
        let outcome = try await chain.importIntoA(
            600, environment: ["MOSAIC_FAULT_AT": CrashPoint.importBatchWritten.rawValue, "MOSAIC_CRASH_SKIP": "1"])
        #expect(outcome.status != 0 && !outcome.signalled)
        #expect(outcome.standardError.contains("the disk is full"), "\(outcome.standardError)")
        let after = try await chain.snapshot(a)
        #expect(after.vector == before.vector && after.digest == before.digest && after.integrity)
    }
}

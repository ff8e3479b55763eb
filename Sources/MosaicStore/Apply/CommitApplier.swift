import Foundation
import GRDB
import MosaicCore

/// Applies verified commits inside the caller's transaction: checks sequence, duplicates
/// and clocks, appends to the commit log, advances the version vector and the node's clock,
/// then recomputes every touched record. Throws before anything is committed when one
/// commit is wrong, so the caller's transaction rolls back whole.
struct CommitApplier {
    let authority: Materializer.Authority
    /// The node's `Members/`, which the directory operations held are folded over.
    let seed: MemberDirectory
    let clockBound: ClockBound
    let nowMillis: Int64
    /// Called at the apply's ``CrashPoint``s (fault tests only).
    var crashHook: CrashHook = .none
    /// What this node understands: other operations are kept pending (see ``PendingOperations``).
    var known: KnownOperations = .current
    /// A deliberate fold defect (the simulator's own test only) and, with it, the directory
    /// operations held in the order this node folded them.
    var directoryDefect: DirectoryDefect?
    var heldDirectoryEvents: [DirectoryEvent] = []
    /// From this many touched records on, the search index is rebuilt once at the end.
    static let bulkThreshold = 2000

    /// Applies `commits` (any order; each already signature-checked).
    /// - Parameters:
    ///   - relay: who sent the batch, for reports.
    ///   - checkClock: false for the node's own new commits, which its clock just made.
    ///   - deferSearchIndex: `true` to leave the full-text index to the caller's one rebuild after a bulk load;
    ///     `nil` decides by the number of records touched.
    func apply(
        _ commits: [(Commit, SignedCommit)], relay: MemberID?, checkClock: Bool, deferSearchIndex: Bool? = nil, in db: Database
    ) throws -> ApplyOutcome {
        var outcome = ApplyOutcome()
        let sorted = commits.sorted { ($0.0.origin, $0.0.stream, $0.0.seq) < ($1.0.origin, $1.0.stream, $1.0.seq) }
        var held: [StreamKey: Int64] = [:]
        var lastClock: [StreamKey: HybridTimestamp] = [:]
        var touched: [RecordID: [RecordOperation]] = [:]
        var clock = try NodeState.clock(db)
        var directoryChanged = false
        var addedDirectoryEvents: [DirectoryEvent] = []
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO commit_log (origin, stream, seq, hlc_wall, hlc_counter, bytes, signature, relay, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (commit, signed) in sorted {
            let key = StreamKey(origin: commit.origin, stream: commit.stream)
            let have = try held[key] ?? NodeState.heldSeq(key, db)
            if commit.seq <= have {
                let stored = try Data.fetchOne(
                    db, sql: "SELECT bytes FROM commit_log WHERE origin = ? AND stream = ? AND seq = ?",
                    arguments: [commit.origin.rawValue, commit.stream.rawValue, commit.seq])
                guard stored.map(Array.init) == signed.bytes else {
                    throw ApplyError(.conflictingCommit(origin: commit.origin, seq: commit.seq), relay: relay)
                }
                outcome.duplicates += 1
                held[key] = have
                continue
            }
            guard commit.seq == have + 1 else {
                throw ApplyError(.sequenceGap(origin: commit.origin, expected: have + 1, found: commit.seq), relay: relay)
            }
            if checkClock, let lead = clockBound.excess(of: commit.hlc, nowMillis: nowMillis) {
                throw ApplyError(
                    .clockAhead(origin: commit.origin, seq: commit.seq, leadMillis: lead, boundMillis: clockBound.maxLeadMillis),
                    relay: relay)
            }
            let previous = try lastClock[key] ?? NodeState.commitClock(key, seq: commit.seq - 1, db)
            if let previous, commit.hlc <= previous {
                throw ApplyError(.clockBackwards(origin: commit.origin, seq: commit.seq), relay: relay)
            }
            try insert.execute(arguments: [
                commit.origin.rawValue, commit.stream.rawValue, commit.seq, commit.hlc.wallMillis, commit.hlc.counter, Data(signed.bytes),
                signed.signature, relay?.rawValue, nowMillis,
            ])
            held[key] = commit.seq
            lastClock[key] = commit.hlc
            clock.observe(commit.hlc)
            if !commit.directory.isEmpty {
                try DirectoryLog.insert(commit, in: db)
                directoryChanged = true
                if directoryDefect != nil {
                    for (offset, operation) in commit.directory.enumerated() {
                        addedDirectoryEvents.append(
                            DirectoryEvent(id: commit.writeID(commit.operations.count + offset), hlc: commit.hlc, operation: operation))
                    }
                }
            }
            for (index, operation) in commit.operations.enumerated() {
                guard let applied = try PendingOperations.understood(operation, of: commit, at: index, known: known, in: db) else {
                    continue
                }
                touched[operation.record, default: []].append(
                    RecordOperation(id: commit.writeID(index), hlc: commit.hlc, operation: applied))
            }
            outcome.applied += 1
        }
        try crashHook.reach(.applyCommitLogWritten)
        for (key, seq) in held { try NodeState.setHeldSeq(key, seq, db) }
        try NodeState.setClock(clock, db)
        try crashHook.reach(.applyVectorAdvanced)
        var authority = self.authority
        if directoryChanged {
            let effective =
                try directoryDefect.map { $0.fold(seed: seed, held: heldDirectoryEvents, added: addedDirectoryEvents) }
                ?? DirectoryLog.effective(seed: seed, db)
            outcome.directory = effective
            let changed = Materializer.Authority(effective.directory)
            if changed != authority {
                // Roles or revocations changed: every record's view is computed again with them, so
                // the catalogue stays a function of the set of commits (DESIGN, membership).
                authority = changed
                for text in try String.fetchAll(db, sql: "SELECT id FROM record") {
                    if let record = RecordID(text), touched[record] == nil { touched[record] = [] }
                }
            }
        }
        let writer = RecordWriter(authority: authority)
        // Rebuilding the whole index beats row-by-row upkeep only when most of the catalogue is new
        // (a first load); for a page among many it would make a long initial sync quadratic.
        let recordsHeld = touched.count >= Self.bulkThreshold ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 : 0
        let rebuild = deferSearchIndex == nil && touched.count >= Self.bulkThreshold && touched.count * 2 >= recordsHeld + touched.count
        let bulk = deferSearchIndex ?? rebuild
        let inputs = try touched.sorted(by: { $0.key < $1.key }).map { record, operations in
            (record, try writer.load(record, in: db), operations)
        }
        // The merge of each record is independent: for large batches compute it on all cores
        // (worth its extra memory only there), then write in order.
        let prepare:
            @Sendable ((RecordID, RecordWriter.Stored?, [RecordOperation])) -> Result<RecordWriter.Prepared, RecordWriter.Unreadable> = {
                writer.prepare($0.0, stored: $0.1, adding: $0.2)
            }
        let prepared = inputs.count >= Self.bulkThreshold ? ParallelMap.map(inputs, prepare) : inputs.map(prepare)
        for result in prepared { try writer.write(try result.get(), in: db, deferSearchIndex: bulk) }
        if rebuild { try Self.rebuildSearchIndex(db) }
        try crashHook.reach(.applyRecordsWritten)
        outcome.recordsTouched = touched.count
        return outcome
    }
}

extension CommitApplier {
    /// Rebuilds the whole full-text index from the records' search text (after a bulk load).
    static func rebuildSearchIndex(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO record_search(record_search) VALUES('rebuild')")
    }
}

/// One sequence: an origin's public stream, or this node's local-only stream.
struct StreamKey: Hashable {
    let origin: MemberID
    let stream: CommitStream
}

/// Small persistent values of the node: held sequence numbers and its hybrid clock.
enum NodeState {
    static func heldSeq(_ key: StreamKey, _ db: Database) throws -> Int64 {
        switch key.stream {
        case .public: try Int64.fetchOne(db, sql: "SELECT seq FROM version_vector WHERE origin = ?", arguments: [key.origin.rawValue]) ?? 0
        case .local: try value("local_seq", db)
        }
    }

    static func setHeldSeq(_ key: StreamKey, _ seq: Int64, _ db: Database) throws {
        switch key.stream {
        case .public:
            try db.execute(
                sql: "INSERT INTO version_vector (origin, seq) VALUES (?, ?) ON CONFLICT(origin) DO UPDATE SET seq = excluded.seq",
                arguments: [key.origin.rawValue, seq])
        case .local: try setValue("local_seq", seq, db)
        }
    }

    static func commitClock(_ key: StreamKey, seq: Int64, _ db: Database) throws -> HybridTimestamp? {
        guard seq >= 1,
            let row = try Row.fetchOne(
                db, sql: "SELECT hlc_wall, hlc_counter FROM commit_log WHERE origin = ? AND stream = ? AND seq = ?",
                arguments: [key.origin.rawValue, key.stream.rawValue, seq])
        else { return nil }
        return HybridTimestamp(wallMillis: row["hlc_wall"], counter: row["hlc_counter"])
    }

    static func clock(_ db: Database) throws -> HybridClock {
        HybridClock(last: HybridTimestamp(wallMillis: try value("hlc_wall", db), counter: try value("hlc_counter", db)))
    }

    static func setClock(_ clock: HybridClock, _ db: Database) throws {
        try setValue("hlc_wall", clock.last.wallMillis, db)
        try setValue("hlc_counter", clock.last.counter, db)
    }

    static func vector(_ db: Database) throws -> VersionVector {
        var entries: [MemberID: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT origin, seq FROM version_vector") {
            if let id = MemberID(row["origin"]) { entries[id] = row["seq"] }
        }
        return VersionVector(entries)
    }

    private static func value(_ key: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM node_state WHERE key = ?", arguments: [key]) ?? 0
    }

    private static func setValue(_ key: String, _ value: Int64, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO node_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}

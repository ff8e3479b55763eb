import Foundation
import MosaicCore
import Testing

/// Protocol versions (`docs/PROTOCOL.md` §12): `major.minor` text, commits of a newer minor version
/// read and kept byte for byte, commits of another major refused naming both versions.
@Suite struct ProtocolVersionTests {
    let origin = MemberID("ecpat-be")!
    let record = RecordID.derive(origin: MemberID("ecpat-be")!, nonce: "protocol-version-01")

    /// The bytes of a commit with `ops` (JSON text) and the extra top-level members `extra` (`"minor":1,`).
    func bytes(ops: String, minor: Int64? = nil, v: Int64 = 1) -> [UInt8] {
        let minorText = minor.map { "\"minor\":\($0)," } ?? ""
        return Array(
            #"{"hlc":[1764000000000,0],\#(minorText)"ops":[\#(ops)],"origin":"ecpat-be","seq":1,"stream":"public","v":\#(v)}"#.utf8)
    }

    var tag: String { #"{"op":"tag","record":"\#(record.rawValue)","theme":"youth"}"# }

    @Test func versionTextIsTwoPlainNumbers() {
        #expect(ProtocolVersion("1.0") == ProtocolVersion(major: 1, minor: 0))
        #expect(ProtocolVersion("12.30")?.description == "12.30")
        for bad in ["1", "1.", ".1", "01.0", "1.00", "1.0.0", "+1.0", "-1.0", "1.a", "", " 1.0", "1234567890.0"] {
            #expect(ProtocolVersion(bad) == nil, "\(bad)")
        }
        #expect(ProtocolVersion(major: 1, minor: 1) > ProtocolVersion.current)
        #expect(ProtocolVersion.current.isCompatible(with: ProtocolVersion(major: 1, minor: 7)))
        #expect(!ProtocolVersion.current.isCompatible(with: ProtocolVersion(major: 2, minor: 0)))
    }

    @Test func anUnknownOperationOfANewerMinorVersionIsKeptAsReceived() throws {
        let received = bytes(ops: tag, minor: 1)
        let commit = try CommitDecoder.decode(received)
        #expect(commit.minor == 1 && commit.protocolVersion == ProtocolVersion(major: 1, minor: 1))
        guard case .unknown(let operation) = commit.operations.first else {
            Issue.record("expected an unknown operation, got \(commit.operations)")
            return
        }
        #expect(operation.kind == "tag" && operation.record == record)
        #expect(commit.operations[0].record == record && commit.operations[0].name == "tag")
        #expect(commit.canonicalBytes == received)
    }

    @Test func aKnownOperationWithANewKeyOrFieldOfANewerMinorVersionIsKeptAsReceived() throws {
        let withKey = #"{"field":"status","note":"why","op":"set","record":"\#(record.rawValue)","replaces":[],"value":"draft"}"#
        let newField = #"{"field":"budget_currency","op":"set","record":"\#(record.rawValue)","replaces":[],"value":"EUR"}"#
        for op in [withKey, newField] {
            let commit = try CommitDecoder.decode(bytes(ops: op, minor: 2))
            guard case .unknown(let operation) = commit.operations.first else {
                Issue.record("expected an unknown operation for \(op)")
                continue
            }
            #expect(operation.kind == "set")
            #expect(commit.canonicalBytes == bytes(ops: op, minor: 2))
            // The same in a commit that claims this node's own version is refused.
            #expect(throws: CommitError.self) { try CommitDecoder.decode(bytes(ops: op)) }
        }
    }

    @Test func anUnknownOperationInACommitOfThisNodesVersionIsRefused() {
        #expect {
            try CommitDecoder.decode(bytes(ops: tag))
        } throws: { error in
            guard case .invalidOperation(0, let reason) = error as? CommitError else { return false }
            return reason.contains("unknown operation \"tag\"") && reason.contains("protocol 1.0")
        }
    }

    @Test func aWrongKnownOperationStaysRefusedInANewerMinorVersion() {
        // Not unknown but invalid: a status outside its values, a create under someone else's id.
        let badValue = #"{"field":"status","op":"set","record":"\#(record.rawValue)","replaces":[],"value":"lost"}"#
        let noRecord = #"{"op":"tag","theme":"youth"}"#
        for op in [badValue, noRecord] {
            #expect(throws: CommitError.self, "\(op)") { try CommitDecoder.decode(bytes(ops: op, minor: 1)) }
        }
    }

    @Test func minorZeroIsWrittenByLeavingTheKeyOut() {
        #expect(throws: CommitError.malformed("minor must be a positive integer (left out for version 1.0)")) {
            try CommitDecoder.decode(bytes(ops: tag, minor: 0))
        }
        let base = Commit(
            origin: origin, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1_764_000_000_000, counter: 0),
            operations: [.delete(record: record, seen: [])])
        #expect(!String(decoding: base.canonicalBytes, as: UTF8.self).contains("minor"))
    }

    @Test func anotherMajorVersionIsRefusedNamingBothVersions() {
        #expect(throws: CommitError.incompatibleProtocol(origin: "ecpat-be", seq: 1, found: 2, speaks: 1)) {
            try CommitDecoder.decode(bytes(ops: tag, v: 2))
        }
        let text = CommitError.incompatibleProtocol(origin: "ecpat-be", seq: 1, found: 2, speaks: 1).description
        #expect(text.contains("commit ecpat-be#1 speaks Mosaic protocol 2.x; this node speaks 1.x: upgrade this node"))
    }

    @Test func aNodeThatKnowsTheOperationInterpretsItAndOnlyValidly() throws {
        let known = KnownOperations(
            version: ProtocolVersion(major: 1, minor: 1),
            interpretations: [
                "tag": { op in op.object["theme"]?.stringValue.map { .add(record: op.record, field: "themes", value: $0) } },
                // An interpretation that writes another record, or an invalid value, is not trusted.
                "stray": { _ in
                    .add(record: RecordID.derive(origin: MemberID("other")!, nonce: "elsewhere-01"), field: "themes", value: "x")
                },
                "bad": { op in .set(record: op.record, field: "status", lang: nil, value: "lost", replaces: []) },
            ])
        let commit = try CommitDecoder.decode(bytes(ops: tag, minor: 1), knowing: known)
        guard case .unknown(let operation) = commit.operations.first else {
            Issue.record("expected the operation kept as received")
            return
        }
        #expect(known.interpret(operation, origin: origin) == .add(record: record, field: "themes", value: "youth"))
        #expect(KnownOperations.current.interpret(operation, origin: origin) == nil)
        for kind in ["stray", "bad"] {
            let other = try UnknownOperation(json: .object(["op": .string(kind), "record": .string(record.rawValue)]))
            #expect(known.interpret(other, origin: origin) == nil, "\(kind)")
        }
    }
}

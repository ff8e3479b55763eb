import GRDB
import Testing

@testable import MosaicStore

/// The environment that arms a crash point or a fault, and the skip count.
@Suite struct CrashPointTests {
    @Test func nothingIsArmedWithoutTheVariables() {
        #expect(ArmedCrashPoint(environment: [:]) == nil)
        #expect(ArmedCrashPoint(environment: ["MOSAIC_CRASH_AT": ""]) == nil)
        #expect(ArmedCrashPoint(environment: ["MOSAIC_CRASH_SKIP": "3"]) == nil)
    }

    @Test func aFaultFiresAtTheChosenPointAfterTheSkippedOnes() throws {
        let armed = try #require(
            ArmedCrashPoint(environment: ["MOSAIC_FAULT_AT": "apply.records-written", "MOSAIC_CRASH_SKIP": "2", "MOSAIC_FAULT_KIND": "io"]))
        try armed.reached(.applyRecordsWritten)
        try armed.reached(.applyCommitLogWritten)
        try armed.reached(.applyRecordsWritten)
        #expect {
            try armed.reached(.applyRecordsWritten)
        } throws: { error in
            let error = error as? DatabaseError
            return error?.resultCode == .SQLITE_IOERR && error?.message?.contains("apply.records-written") == true
        }
        try armed.reached(.applyRecordsWritten)  // once only
    }

    @Test func aFaultIsADiskFullByDefault() throws {
        let armed = try #require(ArmedCrashPoint(environment: ["MOSAIC_FAULT_AT": "pull.before-commit"]))
        #expect { try armed.reached(.pullBeforeCommit) } throws: { ($0 as? DatabaseError)?.resultCode == .SQLITE_FULL }
    }

    @Test func everyNameIsDistinctAndDotted() {
        let names = CrashPoint.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.split(separator: ".").count == 2 && $0 == $0.lowercased() })
    }
}

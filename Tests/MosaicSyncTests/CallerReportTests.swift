import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// The body of `POST /sync/v1/callers`: read back as written, bounded, and strict about its shape.
@Suite struct CallerReportTests {
    let b = MemberID("node-b")!, c = MemberID("node-c")!

    @Test func aReportReadsBackAsWrittenAndDropsVersionsAHeaderCouldNotCarry() throws {
        let report = CallerReport(callers: [
            SyncCaller(member: c, vector: VersionVector([b: 3]), pulledAt: 1_764_000_000_000, software: "0.1.0", protocolVersion: "1.0"),
            SyncCaller(member: b, vector: VersionVector(), pulledAt: 5, software: nil, protocolVersion: nil),
        ])
        #expect(CallerReport(bytes: report.bytes) == report)
        let odd = #"{"callers":[{"member":"node-c","vector":{},"pulled_at":1,"software":"<script>","protocol":"one"}]}"#
        let read = try #require(CallerReport(bytes: Array(odd.utf8)))
        #expect(read.callers[0].software == nil && read.callers[0].protocolVersion == nil)
    }

    @Test(arguments: [
        #"{"callers":[{"member":"node-c","vector":{},"pulled_at":1},{"member":"node-c","vector":{},"pulled_at":2}]}"#,
        #"{"callers":[{"member":"node-c","vector":{},"pulled_at":-1}]}"#,
        #"{"callers":[{"member":"Node C","vector":{},"pulled_at":1}]}"#,
        #"{"callers":[{"member":"node-c","vector":{},"pulled_at":1,"extra":true}]}"#,
        #"{"callers":[],"more":1}"#,
        #"{"limit":10,"vector":{}}"#,
        "not json",
    ])
    func aMalformedReportIsRefused(body: String) {
        #expect(CallerReport(bytes: Array(body.utf8)) == nil)
    }

    @Test func aReportHoldsAtMostTheBoundOfEntries() {
        let many = (0...CallerReport.maxCallers).map { #"{"member":"m\#($0)","vector":{},"pulled_at":1}"# }
        #expect(CallerReport(bytes: Array(#"{"callers":[\#(many.joined(separator: ","))]}"#.utf8)) == nil)
        let kept = CallerReport(
            callers: (0...CallerReport.maxCallers).map {
                SyncCaller(member: MemberID("m\($0)")!, vector: VersionVector(), pulledAt: 1, software: nil, protocolVersion: nil)
            })
        #expect(kept.callers.count == CallerReport.maxCallers)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// `POST /sync/v1/callers` and the pull's own record, in-process: what a signed member reports is
/// kept only for other members of the directory, a bad body is refused in words and keeps nothing.
@Suite struct SyncCallersRouteTests {
    /// A request to `path` signed by `gamma` (a member of the fixture's directory).
    static func signed(_ path: String, _ body: String) throws -> (HTTPFields, ByteBuffer) {
        let bytes = Array(body.utf8)
        let signed = try RequestSignature.sign(
            method: "POST", authority: "localhost", path: path, body: bytes, member: WebFixture.gamma,
            key: DemoKeys.signingKey(for: WebFixture.gamma), created: Int64(Date().timeIntervalSince1970),
            nonce: RequestSignature.newNonce())
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("Content-Digest")!] = signed.contentDigest
        headers[HTTPField.Name("Signature-Input")!] = signed.signatureInput
        headers[HTTPField.Name("Signature")!] = signed.signature
        headers[HTTPField.Name("Mosaic-Software")!] = "9.9.9"
        headers[HTTPField.Name("Mosaic-Protocol")!] = "1.3"
        return (headers, ByteBuffer(bytes: bytes))
    }

    @Test func aReportKeepsOtherMembersOnlyAndABadOneIsRefusedAndKeepsNothing() async throws {
        // setup
        let fixture = try await WebFixture.make()
        let callers = SyncCallers(store: fixture.catalogue.store)
        try await fixture.test { client in
            let bad = try Self.signed("/sync/v1/callers", #"{"callers":[{"member":"coord","vector":{},"pulled_at":-5}]}"#)
            // MUT
            let refused = try await client.execute(uri: "/sync/v1/callers", method: .post, headers: bad.0, body: bad.1)
            // validate
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("docs/PROTOCOL.md §15"))
            #expect(try await callers.all().isEmpty)

            let report = try Self.signed(
                "/sync/v1/callers",
                #"{"callers":[{"member":"coord","vector":{"alpha":2,"nobody":9},"pulled_at":7,"software":"0.1.0"},"#
                    + #"{"member":"alpha","vector":{},"pulled_at":7},{"member":"gamma","vector":{},"pulled_at":7},"#
                    + #"{"member":"zeta","vector":{},"pulled_at":7}]}"#)
            let kept = try await client.execute(uri: "/sync/v1/callers", method: .post, headers: report.0, body: report.1)
            #expect(kept.status == .ok)
            #expect(String(buffer: kept.body) == #"{"callers":4}"#)
            // Only coord: alpha is this node, gamma the reporter, zeta not a member; origins outside the directory dropped.
            #expect(
                try await callers.all() == [
                    SyncCaller(
                        member: WebFixture.coord, vector: VersionVector([WebFixture.alpha: 2]), pulledAt: 7, software: "0.1.0",
                        protocolVersion: nil, reportedBy: WebFixture.gamma)
                ])

            // A pull records its signer with the vector it holds after the answer and the versions it announced.
            let pull = try Self.signed("/sync/v1/pull", #"{"limit":100,"vector":{}}"#)
            let answer = try await client.execute(uri: "/sync/v1/pull", method: .post, headers: pull.0, body: pull.1)
            #expect(answer.status == .ok)
            let gamma = try #require(try await callers.all().first { $0.member == WebFixture.gamma })
            #expect(gamma.reportedBy == nil && gamma.software == "9.9.9" && gamma.protocolVersion == "1.3")
            #expect(gamma.vector == (try await fixture.catalogue.vector()))
        }
    }
}

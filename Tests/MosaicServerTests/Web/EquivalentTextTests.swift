import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// 12-nfc-nfd-themes.csv through the API: a theme written composed by this node and decomposed by
/// a peer is one theme; every listing's `total` equals the items it pages through, whichever form
/// the filter is typed in, and search finds both records.
@Suite struct EquivalentTextTests {
    static let composed = "s\u{e9}curit\u{e9}"
    static let decomposed = "se\u{301}curite\u{301}"

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func totalsEqualTheItemsPagedThroughWithNFCAndNFDTagsFromTwoOrigins() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        // This node: the theme entered decomposed (as macOS types it), written composed.
        try await fixture.catalogue.commit([
            .create(
                type: .practice, nonce: "nfc-api-nonce",
                assignments: [
                    .register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Fiche NFC"),
                    .replaceSet(field: "themes", values: [Self.decomposed]),
                ], isPrivate: false)
        ])
        // A peer (gamma, its second commit) signed the theme decomposed: kept as signed.
        let nonce = "nfd-api-nonce"
        let record = RecordID.derive(origin: WebFixture.gamma, nonce: nonce)
        let commit = Commit(
            origin: WebFixture.gamma, stream: .public, seq: 2, hlc: HybridTimestamp(wallMillis: NodeCatalogue.systemMillis(), counter: 0),
            operations: [
                .create(record: record, type: .practice, nonce: nonce),
                .set(record: record, field: "title", lang: LanguageTag("fr")!, value: "Fiche NFD", replaces: []),
                .add(record: record, field: "themes", value: Self.decomposed),
                .set(record: record, field: "visibility", lang: nil, value: "network", replaces: []),
            ])
        try await fixture.catalogue.apply(
            [SignedCommit(signing: commit, with: DemoKeys.signingKey(for: WebFixture.gamma))], relay: WebFixture.gamma)

        try await fixture.test { client async throws in
            for typed in [Self.composed, Self.decomposed] {
                var ids: [String] = []
                var totals: Set<Int> = []
                for page in 1...3 {
                    let body = try json(
                        try await client.execute(
                            uri: "/api/v1/records?theme=\(encoded(typed))&per_page=1&page=\(page)&sort=title", method: .get))
                    totals.insert(try #require(body["total"] as? Int))
                    ids += try #require(body["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                }
                #expect(totals == [2], "\(typed.unicodeScalars.count) scalars")
                #expect(ids.count == 2 && Set(ids).count == 2, "\(ids)")
            }
            let all = try json(try await client.execute(uri: "/api/v1/records?per_page=100", method: .get))
            let themes = try #require((all["facets"] as? [String: [[String: Any]]])?["theme"])
            let security = themes.filter { ($0["value"] as? String).map { NormalForm.nfc($0) == Self.composed } ?? false }
            #expect(security.count == 1 && security.first?["count"] as? Int == 2, "\(security)")
            let search = try json(try await client.execute(uri: "/api/v1/search?q=securite", method: .get))
            #expect((search["items"] as? [Any])?.count == 2)
        }
    }

    /// A query of one "character" built of 3,000 combining marks is refused in bytes, naming `q`.
    @Test func aQueryIsBoundedInBytes() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let zalgo = "a" + String(repeating: "\u{301}", count: 3000)
            let response = try await client.execute(uri: "/api/v1/search?q=\(encoded(zalgo))", method: .get)
            #expect(response.status == .badRequest)
            let detail = try json(response)["detail"] as? String ?? ""
            #expect(detail.contains("'q'") && detail.contains("4000 bytes"), "\(detail)")
            let fine = try await client.execute(uri: "/api/v1/search?q=\(encoded("se\u{301}curite\u{301}"))", method: .get)
            #expect(fine.status == .ok)
        }
    }
}

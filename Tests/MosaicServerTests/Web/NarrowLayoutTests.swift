import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 17 point 6 (layout): on narrow screens the results come first and the filters fold into a
/// `<details>` that works without a script; the browser tests' selectors (`nav#facets a`) still hold.
@Suite struct NarrowLayoutTests {
    @Test func theFiltersFoldIntoADetailsElementOpenOnlyWhenAFilterIsChosen() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let plain = String(buffer: try await client.execute(uri: "/", method: .get).body)
            let details = try #require(plain.range(of: "<details id=\"filters\" class=\"filters\">"))
            let nav = try #require(plain.range(of: "<nav id=\"facets\""))
            let closing = try #require(plain.range(of: "</details>"))
            let results = try #require(plain.range(of: "class=\"results\""))
            #expect(
                details.upperBound <= nav.lowerBound && nav.upperBound <= closing.lowerBound && closing.upperBound <= results.lowerBound)
            #expect(plain.contains("<summary>Show the filters</summary>"))
            let filtered = String(buffer: try await client.execute(uri: "/?theme=training", method: .get).body)
            #expect(filtered.contains("<details id=\"filters\" class=\"filters\" open>"))

            let css = String(buffer: try await client.execute(uri: "/static/mosaic.css", method: .get).body)
            #expect(css.contains("@media (max-width: 45rem) { .catalogue > .results { order: -1; } }"))
        }
    }
}

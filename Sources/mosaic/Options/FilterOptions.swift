import ArgumentParser
import MosaicCore
import MosaicStore

/// Facet filters shared by `record list` and `search`, read by the catalogue's one query parser
/// (``ListingRequest``, as the pages and the API read their query strings).
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this record type: practice or project.")
    var type: String?
    @Option(help: "Only records about this country (ISO code, e.g. BE).")
    var country: String?
    @Option(help: "Only records with this theme.")
    var theme: String?
    @Option(help: "Only records of this member (owner id).")
    var member: String?
    @Option(help: "Only records with this status.")
    var status: String?
    @Option(help: "Only records with text or work in this language (e.g. fr).")
    var language: String?
    @Option(help: "Only records needing a translation into this language (a text missing or marked out of date), e.g. de.")
    var needsTranslation: String?
    @Option(help: "Most records to show.")
    var limit: Int = 50

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000.") }
        _ = try request(query: nil)
    }

    /// The options (and the words searched for) as a catalogue query.
    /// - Throws: `ValidationError` naming the option at fault and what it must be.
    func request(query: String?) throws -> ListingRequest {
        let options = [
            ("q", query), ("type", type), ("country", country), ("theme", theme), ("member", member), ("status", status),
            ("language", language), ("needs_translation", needsTranslation),
        ]
        let parameters = Dictionary(uniqueKeysWithValues: options.compactMap { name, value in value.map { (name, $0) } })
        switch Result(catching: { () throws(ListingRequest.Invalid) in try ListingRequest(parameters) }) {
        case .success(let request):
            return request
        case .failure(let invalid):
            let option = invalid.parameter == "q" ? "the search text" : "--\(invalid.parameter.replacingOccurrences(of: "_", with: "-"))"
            throw ValidationError("\(option) must be \(invalid.message).")
        }
    }
}

extension RecordType: ExpressibleByArgument {}

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
    @Option(help: "Most records to show.")
    var limit: Int = 50

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000.") }
        if let country, CountryCode(country) == nil {
            throw ValidationError("--country '\(country)' is not an ISO 3166-1 alpha-2 code (e.g. BE).")
        }
        _ = try request(query: nil)
    }

    /// The options (and the words searched for) as a catalogue query.
    /// - Throws: `ValidationError` naming the option at fault and what it must be.
    func request(query: String?) throws -> ListingRequest {
        let options = [
            ("q", query), ("type", type), ("country", country), ("theme", theme), ("member", member), ("status", status),
            ("language", language),
        ]
        let parameters = Dictionary(uniqueKeysWithValues: options.compactMap { name, value in value.map { (name, $0) } })
        switch Result(catching: { () throws(ListingRequest.Invalid) in try ListingRequest(parameters) }) {
        case .success(let request):
            return request
        case .failure(let invalid):
            throw ValidationError("\(invalid.parameter == "q" ? "the search text" : "--\(invalid.parameter)") must be \(invalid.message).")
        }
    }
}

extension RecordType: ExpressibleByArgument {}

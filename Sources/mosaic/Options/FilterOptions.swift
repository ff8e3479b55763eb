import ArgumentParser
import MosaicCore
import MosaicStore

/// Facet filters shared by `record list` and `search`.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this record type: practice or project.")
    var type: RecordType?
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
    }

    var filter: RecordFilter {
        RecordFilter(type: type, country: country, theme: theme, member: member, status: status, language: language)
    }
}

extension RecordType: ExpressibleByArgument {}

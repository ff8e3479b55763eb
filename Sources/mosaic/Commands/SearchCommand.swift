import ArgumentParser
import MosaicCore
import MosaicStore

/// `mosaic search TEXT`.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the catalogue in every language (accents optional; words match as prefixes).")
    @OptionGroup var options: NodeOptions
    @Argument(help: "The words to look for.") var text: String
    @OptionGroup var filters: FilterOptions

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let request = try filters.request(query: text)
            // Text with no word is left to the search, whose message says what to type.
            let views = try await catalogue.search(request.query ?? text, filter: request.filter, limit: filters.limit)
            if options.json {
                Output.printJSON(JSONValue.array(views.map(RecordExport.json)))
            } else {
                views.forEach { print(RecordText.line($0)) }
                if views.isEmpty { print("No records match.") }
            }
        }
    }
}

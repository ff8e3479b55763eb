import MosaicServer

/// The interface languages this build ships (its locale files), for checking
/// `ui.default_language` in the configuration with the file and line of the mistake.
enum InterfaceLanguages {
    /// The codes of the shipped locale files; `nil` when they cannot be read (the server then
    /// refuses to start with the reason).
    static var codes: [String]? { (try? Translations.shipped())?.languages.map(\.code) }
}

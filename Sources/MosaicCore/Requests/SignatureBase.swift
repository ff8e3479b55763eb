/// The signature base of RFC 9421 §2.5, built from covered components and signature parameters.
///
/// One line `"<name>": <value>` per covered component, in the order of the component list, then
/// the line `"@signature-params": <params>`; lines joined by one LF (0x0A), no LF after the last.
/// Component values are used as given: the caller canonicalises them (RFC 9421 §2.1, §2.2).
/// ``RequestSignature`` builds its bases here; `docs/PROTOCOL.md` §3 describes Mosaic's profile.
public enum SignatureBase {
    /// A signature parameter's value (RFC 8941 §3.3): an integer (`created`, `expires`) or a
    /// string (`keyid`, `nonce`, `alg`, `tag`).
    public enum ParameterValue: Sendable, Hashable {
        case integer(Int64)
        case string(String)
    }

    /// A component name or parameter string that an RFC 8941 string cannot hold.
    public struct InvalidText: Error, Sendable, Equatable, CustomStringConvertible {
        /// The component name or parameter name at fault.
        public let name: String
        public var description: String {
            "\(name): an RFC 8941 string holds printable ASCII only (0x20 to 0x7E); encode other text first"
        }
    }

    /// The `@signature-params` value (RFC 9421 §2.3): the inner list of component names, then
    /// `;name=value` for each parameter, in the order given. Strings are quoted, with `"` and `\`
    /// escaped by a backslash (RFC 8941 §4.1.6).
    ///
    ///     signatureParams(components: ["@method", "@path"], parameters: [("created", .integer(1618884473))])
    ///     // ("@method" "@path");created=1618884473
    ///
    /// - Throws: ``InvalidText`` when a component name or string parameter holds a byte outside 0x20–0x7E.
    public static func signatureParams(components: [String], parameters: [(name: String, value: ParameterValue)]) throws(InvalidText)
        -> String
    {
        var text = "("
        for (index, component) in components.enumerated() {
            if index > 0 { text += " " }
            text += try quoted(component, name: component)
        }
        text += ")"
        for (name, value) in parameters {
            switch value {
            case .integer(let number): text += ";\(name)=\(number)"
            case .string(let string): text += ";\(name)=" + (try quoted(string, name: name))
            }
        }
        return text
    }

    /// The signature base for `components` (each a name such as `@method` or `content-digest`,
    /// and its value) and the serialised `signatureParams`.
    public static func build(_ components: [(name: String, value: String)], signatureParams: String) -> String {
        var lines = components.map { "\"\($0.name)\": \($0.value)" }
        lines.append("\"@signature-params\": \(signatureParams)")
        return lines.joined(separator: "\n")
    }

    // Hand-written rather than swift-http-structured-headers: MosaicCore depends on swift-crypto
    // only, and serialising an sf-string (printable ASCII, `"` and `\` escaped) is all this needs.
    // Parsing received fields (issue 14 point 4) is where that library belongs.
    private static func quoted(_ string: String, name: String) throws(InvalidText) -> String {
        guard string.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { throw InvalidText(name: name) }
        var text = "\""
        for character in string {
            if character == "\"" || character == "\\" { text.append("\\") }
            text.append(character)
        }
        return text + "\""
    }
}

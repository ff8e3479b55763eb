import RawStructuredFieldValues

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

    /// A component name or parameter that an RFC 8941 value cannot hold.
    public struct InvalidText: Error, Sendable, Equatable, CustomStringConvertible {
        /// The component name or parameter name at fault.
        public let name: String
        public var description: String {
            "\(name): not an RFC 8941 value: a string holds printable ASCII only (0x20 to 0x7E), an integer at most 15 digits, a name lower-case letters, digits, _-.*"
        }
    }

    /// The `@signature-params` value (RFC 9421 §2.3): the inner list of component names, then
    /// `;name=value` for each parameter, in the order given, serialised as RFC 8941 §4.1.1.1 says
    /// (strings quoted, `"` and `\` escaped by a backslash).
    ///
    ///     signatureParams(components: ["@method", "@path"], parameters: [("created", .integer(1618884473))])
    ///     // ("@method" "@path");created=1618884473
    ///
    /// - Throws: ``InvalidText`` naming the component or parameter an RFC 8941 value cannot hold:
    ///   a string byte outside 0x20–0x7E, an integer of more than 15 digits, a name not a key.
    public static func signatureParams(components: [String], parameters: [(name: String, value: ParameterValue)]) throws(InvalidText)
        -> String
    {
        var items = BareInnerList()
        for component in components {
            try check(name: nil, .string(component), reporting: component)
            items.append(Item(bareItem: RFC9651BareItem.string(component), parameters: OrderedMap()))
        }
        var map = OrderedMap<String, RFC9651BareItem>()
        for (name, value) in parameters {
            let item: RFC9651BareItem =
                switch value {
                case .integer(let number): .integer(number)
                case .string(let string): .string(string)
                }
            try check(name: name, item, reporting: name)
            map[name] = item
        }
        do {
            return try serialise(InnerList(bareInnerList: items, parameters: map))
        } catch {
            throw InvalidText(name: "@signature-params")
        }
    }

    /// An inner list with its parameters as RFC 8941 §4.1.1.1 writes it, by swift-http-structured-headers.
    static func serialise(_ list: InnerList) throws -> String {
        var serialiser = StructuredFieldValueSerializer()
        return String(decoding: try serialiser.writeListFieldValue([.innerList(list)]), as: UTF8.self)
    }

    /// The signature base for `components` (each a name such as `@method` or `content-digest`,
    /// and its value) and the serialised `signatureParams`.
    public static func build(_ components: [(name: String, value: String)], signatureParams: String) -> String {
        var lines = components.map { "\"\($0.name)\": \($0.value)" }
        lines.append("\"@signature-params\": \(signatureParams)")
        return lines.joined(separator: "\n")
    }

    /// Throws when `item` (a parameter named `name`, or a bare component) cannot be serialised.
    private static func check(name: String?, _ item: RFC9651BareItem, reporting culprit: String) throws(InvalidText) {
        var serialiser = StructuredFieldValueSerializer()
        let probe =
            name.map { Item(bareItem: RFC9651BareItem.bool(true), parameters: [$0: item]) }
            ?? Item(bareItem: item, parameters: OrderedMap())
        do { _ = try serialiser.writeItemFieldValue(probe) } catch { throw InvalidText(name: culprit) }
    }
}

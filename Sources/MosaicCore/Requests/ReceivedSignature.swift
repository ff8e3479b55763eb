import Foundation
import RawStructuredFieldValues

/// One signature of a request as received: the `Signature-Input` and `Signature` fields parsed
/// as RFC 8941 dictionaries (RFC 9421 §4.1, §4.2) with swift-http-structured-headers, and the
/// member chosen among their labels.
///
/// Which signature: the one labelled `mosaic` when there is one, else the first (in field
/// order) whose `keyid` names a member of the directory, else the first. Only that one is
/// checked; the others are ignored (RFC 9421 §3.2 leaves the choice to the verifier).
struct ReceivedSignature {
    /// The dictionary key: `mosaic` for Mosaic's own client, `sig1`, `pyhms` … for others.
    let label: String
    /// The covered component names, in the order received.
    let components: [String]
    /// The signature parameters, in the order received, unknown ones included.
    let parameters: OrderedMap<String, RFC9651BareItem>
    /// `@signature-params` (RFC 9421 §2.3): the inner list re-serialised from what was parsed.
    let signatureParams: String
    /// The signature's bytes (the `Signature` member, a byte sequence).
    let signature: Data

    /// Bounds on what a caller may send: field bytes, signatures per field, components and parameters.
    static let maxFieldBytes = 4096, maxSignatures = 8, maxComponents = 16, maxParameters = 16

    /// Parses both fields and picks the signature to check.
    /// - Parameter isMember: whether a `keyid` names a member of the directory.
    /// - Throws: ``RequestSignature/Failure/malformed(_:)`` saying which field and what is wrong.
    static func parse(signatureInput: String, signature: String, isMember: (String) -> Bool) throws(RequestSignature.Failure)
        -> ReceivedSignature
    {
        let inputs = try dictionary(signatureInput, field: "Signature-Input")
        let signatures = try dictionary(signature, field: "Signature")
        var lists: [(String, InnerList)] = []
        for (label, member) in inputs {
            guard case .innerList(let list) = member else {
                throw .malformed("Signature-Input: \(label) must be an inner list of components, (\"@method\" …);created=…")
            }
            lists.append((label, list))
        }
        let chosen =
            lists.first { $0.0 == RequestSignature.label }
            ?? lists.first { if case .string(let keyID) = $0.1.rfc9651Parameters["keyid"] { isMember(keyID) } else { false } }
            ?? lists[0]
        let (label, list) = chosen
        guard case .item(let item) = signatures[label], case .undecodedByteSequence(let base64) = item.rfc9651BareItem,
            let bytes = Data(base64Encoded: base64)
        else { throw .malformed("Signature: expected \(label)=:<base64>:, the label of the Signature-Input checked") }
        guard list.bareInnerList.count <= maxComponents, list.rfc9651Parameters.count <= maxParameters else {
            throw .malformed("Signature-Input: at most \(maxComponents) components and \(maxParameters) parameters")
        }
        var components: [String] = []
        for component in list.bareInnerList {
            guard case .string(let name) = component.rfc9651BareItem else {
                throw .malformed("Signature-Input: covered components are quoted strings such as \"@method\"")
            }
            guard component.rfc9651Parameters.count == 0 else {
                throw .malformed("Signature-Input: component parameters (\"\(name)\";…) are not supported")
            }
            guard !components.contains(name) else { throw .malformed("Signature-Input: \"\(name)\" is covered twice") }
            components.append(name)
        }
        let params: String
        do { params = try SignatureBase.serialise(list) } catch { throw .malformed("Signature-Input: \(error)") }
        return ReceivedSignature(
            label: label, components: components, parameters: list.rfc9651Parameters, signatureParams: params, signature: bytes)
    }

    private static func dictionary(_ text: String, field: String) throws(RequestSignature.Failure) -> OrderedMap<String, ItemOrInnerList> {
        guard text.utf8.count <= maxFieldBytes else { throw .malformed("\(field): longer than \(maxFieldBytes) bytes") }
        let parsed: OrderedMap<String, ItemOrInnerList>
        do {
            var parser = StructuredFieldValueParser(Array(text.utf8))
            parsed = try parser.parseDictionaryFieldValue()
        } catch {
            throw .malformed("\(field): not an RFC 8941 dictionary (\(error)), expected label=…")
        }
        guard (1...maxSignatures).contains(parsed.count) else {
            throw .malformed("\(field): expected 1 to \(maxSignatures) labelled signatures, found \(parsed.count)")
        }
        return parsed
    }
}

import Crypto
import Foundation
import RawStructuredFieldValues

/// Signatures of sync requests: RFC 9421 (HTTP Message Signatures) with an RFC 9530
/// `Content-Digest`. The calling member signs the method, the authority of the node addressed,
/// the path and the body's digest, with a creation time and a nonce:
///
///     Content-Digest: sha-256=:<base64>:
///     Signature-Input: mosaic=("@method" "@authority" "@path" "content-digest");created=1764000000;keyid="ecpat-be";nonce="…";alg="ed25519"
///     Signature: mosaic=:<base64>:
///
/// The verifier parses both fields as RFC 8941 structured fields (any label, parameters in any
/// order, unknown parameters kept in the base) and rebuilds the base from what it received; it
/// insists on those four components and on `created`, `keyid`, `nonce` and `alg="ed25519"`.
/// `docs/PROTOCOL.md` §3 is the profile.
public enum RequestSignature {
    /// The three headers a signed request carries.
    public struct Headers: Sendable, Hashable {
        public var contentDigest: String
        public var signatureInput: String
        public var signature: String

        public init(contentDigest: String, signatureInput: String, signature: String) {
            self.contentDigest = contentDigest
            self.signatureInput = signatureInput
            self.signature = signature
        }
    }

    /// Who signed a request that verified.
    public struct Verified: Sendable, Hashable {
        public let member: MemberID
        public let nonce: String
        public let created: Int64
    }

    /// The label Mosaic signs under, and prefers when a request carries several signatures.
    public static let label = "mosaic"
    /// The components every signature must cover, in the order Mosaic signs them.
    public static let covered = ["@method", "@authority", "@path", "content-digest"]
    static let coveredList = "(" + covered.map { "\"\($0)\"" }.joined(separator: " ") + ")"

    /// `sha-256=:<base64>:` of `body` (RFC 9530 §2).
    public static func contentDigest(of body: some DataProtocol) -> String {
        "sha-256=:\(Data(SHA256.hash(data: Data(body))).base64EncodedString()):"
    }

    /// Signs a request.
    /// - Parameters:
    ///   - authority: the `@authority` of the node addressed (``RequestAuthority/of(_:)`` of its endpoint).
    ///   - created: the signer's clock, seconds since 1970; `expires`, when given, likewise.
    /// - Throws: ``SignatureBase/InvalidText`` when a value cannot be written in the field
    ///   (a non-ASCII authority or key id, a time of more than 15 digits).
    public static func sign(
        method: String, authority: String, path: String, body: some DataProtocol, member: MemberID, key: MemberSigningKey,
        created: Int64, nonce: String, expires: Int64? = nil
    ) throws(SignatureBase.InvalidText) -> Headers {
        let digest = contentDigest(of: body)
        var parameters: [(name: String, value: SignatureBase.ParameterValue)] = [
            ("created", .integer(created)), ("keyid", .string(member.rawValue)), ("nonce", .string(nonce)), ("alg", .string("ed25519")),
        ]
        if let expires { parameters.append(("expires", .integer(expires))) }
        let params = try SignatureBase.signatureParams(components: covered, parameters: parameters)
        let values = ["@method": method, "@authority": authority, "@path": path, "content-digest": digest]
        let base = SignatureBase.build(covered.map { ($0, values[$0]!) }, signatureParams: params)
        let signature = key.signature(for: Data(base.utf8))
        return Headers(
            contentDigest: digest, signatureInput: "\(label)=\(params)", signature: "\(label)=:\(signature.base64EncodedString()):")
    }

    /// Checks a request's signature headers against its method, authority, path and body.
    /// - Parameters:
    ///   - authority: the request's `Host` (HTTP/1.1) or `:authority` (HTTP/2), as received.
    ///   - node: this node's own endpoint; the signed authority must be its authority. `nil` (a
    ///     node without an endpoint in the directory) accepts whatever `Host` the request names.
    ///   - now: the verifier's clock, in seconds since 1970.
    ///   - window: how far `created` may be from `now`, in seconds.
    /// - Throws: ``Failure`` naming what is wrong. The nonce is not checked here (see the server's cache).
    public static func verify(
        method: String, authority: String?, path: String, body: some DataProtocol, headers: Headers?, directory: MemberDirectory,
        node: URL?, now: Int64, window: Int64
    ) throws(Failure) -> Verified {
        guard let headers else { throw .missing("Signature-Input") }
        let received = try ReceivedSignature.parse(
            signatureInput: headers.signatureInput, signature: headers.signature, isMember: { directory.member(named: $0) != nil })
        for component in covered where !received.components.contains(component) { throw .notCovered(component) }
        if let extra = received.components.first(where: { !covered.contains($0) }) {
            throw .malformed("Signature-Input: covers \"\(extra)\", which Mosaic does not resolve; cover exactly \(coveredList)")
        }
        let parameters = received.parameters
        let created = try integer("created", in: parameters)
        let keyID = try string("keyid", in: parameters)
        let nonce = try string("nonce", in: parameters)
        guard try string("alg", in: parameters) == "ed25519" else { throw .malformed("Signature-Input: alg must be \"ed25519\"") }
        guard (16...64).contains(nonce.utf8.count), nonce.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") }) else {
            throw .malformed("Signature-Input: the nonce must be 16 to 64 printable characters")
        }
        guard let authority else { throw .missing("Host") }
        let signed = RequestAuthority.normalised(authority, scheme: node?.scheme)
        if let node, let own = RequestAuthority.of(node), signed != own { throw .wrongAuthority(signed: signed, node: own) }
        // Byte-for-byte lookup: "Ecpat-be", "ecpat-be/" or a lookalike are not members.
        guard let member = directory.member(named: keyID) else { throw .unknownMember(String(keyID.prefix(64))) }
        guard !directory.isRevoked(member.id) else { throw .revokedMember(member.id.rawValue) }
        // Compared without subtracting first: a hostile `created` of Int64.min must not overflow.
        guard created >= now - window, created <= now + window else {
            let (lead, overflow) = created.subtractingReportingOverflow(now)
            throw .outsideWindow(seconds: overflow ? (created < now ? Int64.min + 1 : Int64.max) : lead, window: window)
        }
        if parameters["expires"] != nil {
            let expires = try integer("expires", in: parameters)
            guard expires >= now else { throw .expired(seconds: now - expires) }
        }
        guard headers.contentDigest == contentDigest(of: body) else { throw .digestMismatch }
        let values = ["@method": method, "@authority": signed, "@path": path, "content-digest": headers.contentDigest]
        let base = SignatureBase.build(received.components.map { ($0, values[$0]!) }, signatureParams: received.signatureParams)
        guard member.publicKey.verifies(received.signature, over: Data(base.utf8)) else { throw .badSignature(member.id.rawValue) }
        return Verified(member: member.id, nonce: nonce, created: created)
    }

    private static func integer(_ name: String, in parameters: OrderedMap<String, RFC9651BareItem>) throws(Failure) -> Int64 {
        guard let item = parameters[name] else { throw .missingParameter(name) }
        guard case .integer(let value) = item else { throw .malformed("Signature-Input: \(name) must be an integer (seconds since 1970)") }
        return value
    }

    private static func string(_ name: String, in parameters: OrderedMap<String, RFC9651BareItem>) throws(Failure) -> String {
        guard let item = parameters[name] else { throw .missingParameter(name) }
        guard case .string(let value) = item else { throw .malformed("Signature-Input: \(name) must be a quoted string") }
        return value
    }

    /// A fresh random nonce.
    public static func newNonce() -> String { RecordID.newNonce() }
}

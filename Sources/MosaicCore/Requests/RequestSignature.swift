import Crypto
import Foundation

/// Signatures of sync requests, after RFC 9421 (HTTP Message Signatures) with RFC 9530
/// `Content-Digest`: the calling member signs the method, the path and the body's digest, with a
/// creation time and a nonce, under the label `mosaic`:
///
///     Content-Digest: sha-256=:<base64>:
///     Signature-Input: mosaic=("@method" "@path" "content-digest");created=1764000000;keyid="ecpat-be";nonce="…";alg="ed25519"
///     Signature: mosaic=:<base64>:
///
/// Departures from the RFC, for a smaller attack surface: one label, exactly these covered
/// components and parameters in exactly this order; anything else is refused.
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

    /// Why a request is refused (answered 401).
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case missing(String)
        case malformed(String)
        case unknownMember(String)
        case outsideWindow(seconds: Int64, window: Int64)
        case digestMismatch
        case badSignature(String)
        case replayed

        /// A short stable name of the failure, for metrics labels.
        public var kind: String {
            switch self {
            case .missing: "unsigned"
            case .malformed: "malformed-signature"
            case .unknownMember: "unknown-member"
            case .outsideWindow: "outside-window"
            case .digestMismatch: "digest-mismatch"
            case .badSignature: "bad-signature"
            case .replayed: "replayed"
            }
        }

        public var description: String {
            switch self {
            case .missing(let header): "missing \(header) header: sync requests must be signed by a member's key"
            case .malformed(let what): "malformed \(what)"
            case .unknownMember(let id): "unknown member '\(id)': not in this node's member directory"
            case .outsideWindow(let seconds, let window):
                "request created \(seconds.magnitude) s \(seconds > 0 ? "in the future" : "ago"), outside the \(window) s window: check the caller's clock"
            case .digestMismatch: "Content-Digest does not match the body"
            case .badSignature(let id): "signature does not verify with the key of '\(id)'"
            case .replayed: "nonce already used: a replayed request"
            }
        }
    }

    static let components = #"("@method" "@path" "content-digest")"#

    /// `sha-256=:<base64>:` of `body`.
    public static func contentDigest(of body: some DataProtocol) -> String {
        "sha-256=:\(Data(SHA256.hash(data: Data(body))).base64EncodedString()):"
    }

    /// Signs a request.
    public static func sign(
        method: String, path: String, body: some DataProtocol, member: MemberID, key: MemberSigningKey, created: Int64, nonce: String
    ) -> Headers {
        let digest = contentDigest(of: body)
        let params = "\(components);created=\(created);keyid=\"\(member.rawValue)\";nonce=\"\(nonce)\";alg=\"ed25519\""
        let base = signatureBase(method: method, path: path, digest: digest, params: params)
        let signature = key.signature(for: Data(base.utf8))
        return Headers(contentDigest: digest, signatureInput: "mosaic=\(params)", signature: "mosaic=:\(signature.base64EncodedString()):")
    }

    /// Checks a request's signature headers against its method, path and body.
    /// - Parameters:
    ///   - now: the verifier's clock, in seconds since 1970.
    ///   - window: how far `created` may be from `now`, in seconds.
    /// - Throws: ``Failure`` naming what is wrong. The nonce is not checked here (see the server's cache).
    public static func verify(
        method: String, path: String, body: some DataProtocol, headers: Headers?, directory: MemberDirectory, now: Int64, window: Int64
    ) throws(Failure) -> Verified {
        guard let headers else { throw .missing("Signature-Input") }
        guard headers.signatureInput.hasPrefix("mosaic=") else { throw .malformed("Signature-Input: expected the label mosaic=") }
        let params = String(headers.signatureInput.dropFirst("mosaic=".count))
        guard params.hasPrefix(components + ";created=") else {
            throw .malformed("Signature-Input: covered components must be \(components)")
        }
        let parts = params.dropFirst(components.count + 1).split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].hasPrefix("created="), parts[1].hasPrefix("keyid=\""), parts[1].hasSuffix("\""),
            parts[2].hasPrefix("nonce=\""), parts[2].hasSuffix("\""), parts[3] == "alg=\"ed25519\"",
            let created = Int64(parts[0].dropFirst("created=".count))
        else { throw .malformed("Signature-Input: expected ;created=…;keyid=\"…\";nonce=\"…\";alg=\"ed25519\"") }
        let keyID = String(parts[1].dropFirst("keyid=\"".count).dropLast())
        let nonce = String(parts[2].dropFirst("nonce=\"".count).dropLast())
        guard (16...64).contains(nonce.utf8.count), nonce.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\"") }) else {
            throw .malformed("Signature-Input: the nonce must be 16 to 64 printable characters")
        }
        // Byte-for-byte lookup: "Ecpat-be", "ecpat-be/" or a lookalike are not members.
        guard let member = directory.member(named: keyID) else { throw .unknownMember(String(keyID.prefix(64))) }
        // Compared without subtracting first: a hostile `created` of Int64.min must not overflow.
        guard created >= now - window, created <= now + window else {
            let (lead, overflow) = created.subtractingReportingOverflow(now)
            throw .outsideWindow(seconds: overflow ? (created < now ? Int64.min + 1 : Int64.max) : lead, window: window)
        }
        guard headers.contentDigest == contentDigest(of: body) else { throw .digestMismatch }
        guard headers.signature.hasPrefix("mosaic=:"), headers.signature.hasSuffix(":"), headers.signature.count > 9,
            let signature = Data(base64Encoded: String(headers.signature.dropFirst("mosaic=:".count).dropLast()))
        else { throw .malformed("Signature: expected mosaic=:<base64>:") }
        let base = signatureBase(method: method, path: path, digest: headers.contentDigest, params: params)
        guard member.publicKey.verifies(signature, over: Data(base.utf8)) else { throw .badSignature(member.id.rawValue) }
        return Verified(member: member.id, nonce: nonce, created: created)
    }

    /// The signature base of RFC 9421 §2.5 for Mosaic's covered components.
    static func signatureBase(method: String, path: String, digest: String, params: String) -> String {
        SignatureBase.build([("@method", method.uppercased()), ("@path", path), ("content-digest", digest)], signatureParams: params)
    }

    /// A fresh random nonce.
    public static func newNonce() -> String { RecordID.newNonce() }
}

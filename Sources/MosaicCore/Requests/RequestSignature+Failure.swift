extension RequestSignature {
    /// Why a request is refused (answered 401), each with a reason that says what to fix.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case missing(String)
        case malformed(String)
        /// A component Mosaic requires is not in the covered list (RFC 9421 §2).
        case notCovered(String)
        /// A signature parameter Mosaic requires is absent (RFC 9421 §2.3).
        case missingParameter(String)
        /// The signed `@authority` is not this node's: the request was meant for another node.
        case wrongAuthority(signed: String, node: String)
        case unknownMember(String)
        /// The member was revoked by a coordinator (directory commit).
        case revokedMember(String)
        case outsideWindow(seconds: Int64, window: Int64)
        /// `expires` is in the past, by `seconds`.
        case expired(seconds: Int64)
        case digestMismatch
        case badSignature(String)
        case replayed

        /// A short stable name of the failure, for metrics labels.
        public var kind: String {
            switch self {
            case .missing: "unsigned"
            case .malformed, .missingParameter: "malformed-signature"
            case .notCovered: "not-covered"
            case .wrongAuthority: "wrong-authority"
            case .unknownMember: "unknown-member"
            case .revokedMember: "revoked-member"
            case .outsideWindow: "outside-window"
            case .expired: "expired"
            case .digestMismatch: "digest-mismatch"
            case .badSignature: "bad-signature"
            case .replayed: "replayed"
            }
        }

        public var description: String {
            switch self {
            case .missing("Host"): "missing Host header: a signed request names the node it is for (@authority)"
            case .missing(let header): "missing \(header) header: sync requests must be signed by a member's key"
            case .malformed(let what): "malformed \(what)"
            case .notCovered(let component):
                "the signature does not cover \"\(component)\": it must cover \(RequestSignature.coveredList)"
            case .missingParameter(let name):
                "Signature-Input has no \(name) parameter: it needs created, keyid, nonce and alg=\"ed25519\""
            case .wrongAuthority(let signed, let node): "signed for another node (authority \(signed), this node is \(node))"
            case .unknownMember(let id):
                "unknown member '\(id)': not in this node's member directory (a member just added is accepted "
                    + "once the coordinator's publish reaches this node, within a sync interval)"
            case .revokedMember(let id): "member '\(id)' was revoked by a coordinator: its requests are refused"
            case .outsideWindow(let seconds, let window):
                "request created \(seconds.magnitude) s \(seconds > 0 ? "in the future" : "ago"), outside the \(window) s window: check the caller's clock"
            case .expired(let seconds): "signature expired \(seconds.magnitude) s ago (its expires parameter): sign the request again"
            case .digestMismatch: "Content-Digest does not match the body"
            case .badSignature(let id):
                "signature does not verify with the key of '\(id)': the request's method, path or headers changed on the way "
                    + "(a reverse proxy must pass the path and Host unchanged: docs/OPERATIONS.md, step 5), "
                    + "or '\(id)' signed with another key than the one in this node's directory (after `mosaic keys rotate`, "
                    + "until its announcement reaches this node, within a sync interval)"
            case .replayed: "nonce already used: a replayed request"
            }
        }
    }
}

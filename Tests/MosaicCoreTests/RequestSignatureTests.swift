import Foundation
import MosaicCore
import Testing

/// RFC 9421 as the RFC says: signatures parsed as RFC 8941 fields in any order and rebuilt from
/// what was received, while every signature must still cover what Mosaic requires.
@Suite struct RequestSignatureTests {
    let member = MemberID("ecpat-be")!
    static let now: Int64 = 1_764_000_000
    static let node = URL(string: "https://alpha.example/")!
    static let body = Array(#"{"limit":10,"vector":{}}"#.utf8)
    static let nonce = "5f3c9a1e7b2d4c6f8a0e1d3b5c7f9a2e"

    var key: MemberSigningKey { DemoKeys.signingKey(for: member) }
    var directory: MemberDirectory {
        MemberDirectory([
            Member(
                id: member, name: "ECPAT Belgique", country: CountryCode("BE")!, languages: [], endpoint: Self.node,
                publicKey: key.publicKey, role: .member)
        ])
    }

    static let standard: [(name: String, value: SignatureBase.ParameterValue)] = [
        ("created", .integer(now)), ("keyid", .string("ecpat-be")), ("nonce", .string(nonce)), ("alg", .string("ed25519")),
    ]

    /// Headers signed as another implementation would: any label, components and parameters in
    /// the order given, the base built by RFC 9421 §2.5 from them.
    func headers(
        label: String = "sig1", components: [String] = RequestSignature.covered,
        parameters: [(name: String, value: SignatureBase.ParameterValue)] = standard, authority: String = "alpha.example",
        path: String = "/sync/v1/pull", key: MemberSigningKey? = nil
    ) throws -> RequestSignature.Headers {
        let digest = RequestSignature.contentDigest(of: Self.body)
        let params = try SignatureBase.signatureParams(components: components, parameters: parameters)
        let values = [
            "@method": "POST", "@authority": authority, "@path": path, "content-digest": digest, "content-type": "application/json",
        ]
        let base = SignatureBase.build(components.map { ($0, values[$0] ?? "") }, signatureParams: params)
        let signature = (key ?? self.key).signature(for: Data(base.utf8)).base64EncodedString()
        return .init(contentDigest: digest, signatureInput: "\(label)=\(params)", signature: "\(label)=:\(signature):")
    }

    func verify(
        _ headers: RequestSignature.Headers, authority: String? = "alpha.example", path: String = "/sync/v1/pull", node: URL? = node
    ) throws(RequestSignature.Failure) -> RequestSignature.Verified {
        try RequestSignature.verify(
            method: "POST", authority: authority, path: path, body: Self.body, headers: headers, directory: directory, node: node,
            now: Self.now, window: 300)
    }

    func refusal(_ headers: RequestSignature.Headers, authority: String? = "alpha.example", node: URL? = node) -> RequestSignature.Failure?
    {
        do {
            _ = try verify(headers, authority: authority, node: node)
            return nil
        } catch {
            return error
        }
    }

    @Test func mosaicsOwnSignatureVerifies() throws {
        let signed = try RequestSignature.sign(
            method: "POST", authority: "alpha.example", path: "/sync/v1/pull", body: Self.body, member: member, key: key, created: Self.now,
            nonce: Self.nonce)
        #expect(signed.signatureInput.hasPrefix(#"mosaic=("@method" "@authority" "@path" "content-digest");created="#))
        let verified = try verify(signed)
        #expect(verified.member == member && verified.nonce == Self.nonce && verified.created == Self.now)
    }

    static let orders: [[Int]] = [[0, 1, 2, 3], [3, 2, 1, 0], [0, 1, 3, 2], [2, 0, 3, 1]]

    @Test(arguments: orders)
    func parametersAndComponentsInAnyOrderVerify(order: [Int]) throws {
        let parameters = order.map { Self.standard[$0] }
        let components = order.map { RequestSignature.covered[$0] }
        let verified = try verify(try headers(label: "pyhms", components: components, parameters: parameters))
        #expect(verified.member == member && verified.nonce == Self.nonce)
    }

    @Test func unknownParametersStayInTheBase() throws {
        let signed = try headers(parameters: Self.standard + [("tag", .string("mosaic-sync")), ("x-extra", .integer(7))])
        #expect(try verify(signed).member == member)
        var stripped = signed
        stripped.signatureInput = signed.signatureInput.replacingOccurrences(of: #";tag="mosaic-sync""#, with: "")
        #expect(refusal(stripped) == .badSignature("ecpat-be"))
    }

    @Test(arguments: RequestSignature.covered)
    func eachRequiredComponentIsRequired(missing: String) throws {
        let failure = refusal(try headers(components: RequestSignature.covered.filter { $0 != missing }))
        #expect(failure == .notCovered(missing))
        #expect(
            failure?.description
                == #"the signature does not cover "\#(missing)": it must cover ("@method" "@authority" "@path" "content-digest")"#)
        #expect(failure?.kind == "not-covered")
    }

    @Test(arguments: ["created", "keyid", "nonce", "alg"])
    func eachRequiredParameterIsRequired(missing: String) throws {
        let failure = refusal(try headers(parameters: Self.standard.filter { $0.name != missing }))
        #expect(failure == .missingParameter(missing))
        #expect(failure?.description.hasPrefix("Signature-Input has no \(missing) parameter") == true)
    }

    @Test func anExtraComponentIsRefused() throws {
        let failure = refusal(try headers(components: RequestSignature.covered + ["content-type"]))
        #expect(failure?.description.contains(#"covers "content-type", which Mosaic does not resolve"#) == true)
    }

    @Test func anotherAlgorithmOrWrongTypesAreRefused() throws {
        var parameters = Self.standard
        parameters[3] = ("alg", .string("rsa-pss-sha512"))
        #expect(refusal(try headers(parameters: parameters)) == .malformed(#"Signature-Input: alg must be "ed25519""#))
        parameters = Self.standard
        parameters[0] = ("created", .string("1764000000"))
        #expect(
            refusal(try headers(parameters: parameters)) == .malformed("Signature-Input: created must be an integer (seconds since 1970)"))
    }

    @Test func aRequestSignedForAnotherNodeIsRefused() throws {
        // Signed for beta and replayed to alpha with beta's Host kept: the authority tells.
        let forBeta = try headers(authority: "beta.example:8443")
        let failure = refusal(forBeta, authority: "beta.example:8443")
        #expect(failure == .wrongAuthority(signed: "beta.example:8443", node: "alpha.example"))
        #expect(failure?.description == "signed for another node (authority beta.example:8443, this node is alpha.example)")
        #expect(failure?.kind == "wrong-authority")
        // Replayed with alpha's Host instead: the base differs, so the signature does not verify.
        #expect(refusal(forBeta, authority: "alpha.example") == .badSignature("ecpat-be"))
    }

    @Test func theAuthorityIsComparedCaseInsensitivelyWithDefaultPortsNormalised() throws {
        let signed = try headers(authority: "alpha.example")
        #expect(try verify(signed, authority: "ALPHA.Example:443").member == member)
        #expect(refusal(signed, authority: "alpha.example:80") == .wrongAuthority(signed: "alpha.example:80", node: "alpha.example"))
    }

    @Test func aNodeWithoutAnEndpointAcceptsTheHostItWasSentTo() throws {
        #expect(try verify(try headers(authority: "10.0.0.7:8081"), authority: "10.0.0.7:8081", node: nil).member == member)
        #expect(refusal(try headers(), authority: nil, node: nil) == .missing("Host"))
    }

    @Test func expiresIsHonoured() throws {
        let expired = try headers(parameters: Self.standard + [("expires", .integer(Self.now - 5))])
        #expect(refusal(expired) == .expired(seconds: 5))
        #expect(refusal(expired)?.description == "signature expired 5 s ago (its expires parameter): sign the request again")
        #expect(try verify(try headers(parameters: [("expires", .integer(Self.now + 60))] + Self.standard)).member == member)
    }

    @Test func aSignatureOverAnotherBaseIsRefused() throws {
        #expect(refusal(try headers(path: "/sync/v1/vector")) == .badSignature("ecpat-be"))
        #expect(refusal(try headers(key: MemberSigningKey())) == .badSignature("ecpat-be"))
    }

    @Test func theMosaicLabelOrTheFirstMembersSignatureIsChecked() throws {
        let strangers: [(name: String, value: SignatureBase.ParameterValue)] = [
            ("keyid", .string("stranger")), ("nonce", .string(Self.nonce)), ("alg", .string("ed25519")), ("created", .integer(Self.now)),
        ]
        let stranger = try headers(label: "a", parameters: strangers)
        let ours = try headers(label: "b")
        let both = RequestSignature.Headers(
            contentDigest: ours.contentDigest, signatureInput: stranger.signatureInput + ", " + ours.signatureInput,
            signature: stranger.signature + ", " + ours.signature)
        #expect(try verify(both).member == member)
        // A `mosaic` label is checked whatever else the fields hold.
        let labelled = RequestSignature.Headers(
            contentDigest: ours.contentDigest, signatureInput: ours.signatureInput + #", mosaic=("@method");created=1"#,
            signature: ours.signature + ", mosaic=:AAAA:")
        #expect(refusal(labelled) == .notCovered("@authority"))
    }

    @Test func fieldsThatAreNotRFC8941DictionariesAreRefused() throws {
        var signed = try headers()
        signed.signatureInput = #"sig1=("@method" "@path""#
        #expect(refusal(signed)?.description.hasPrefix("malformed Signature-Input: not an RFC 8941 dictionary") == true)
        signed = try headers()
        signed.signature = "sig1=AAAA"
        #expect(refusal(signed) == .malformed("Signature: expected sig1=:<base64>:, the label of the Signature-Input checked"))
        signed = try headers()
        signed.signatureInput += String(repeating: " ", count: 4096)
        #expect(refusal(signed) == .malformed("Signature-Input: longer than 4096 bytes"))
    }

    @Test func authorityOfAnEndpoint() {
        #expect(RequestAuthority.of(URL(string: "http://127.0.0.1:8081/")!) == "127.0.0.1:8081")
        #expect(RequestAuthority.of(URL(string: "https://Node.Example:443/mosaic/")!) == "node.example")
        #expect(RequestAuthority.of(URL(string: "http://node.example:80")!) == "node.example")
        #expect(RequestAuthority.of(URL(string: "http://[::1]:8080/")!) == "[::1]:8080")
        #expect(RequestAuthority.normalised("Node.Example:443", scheme: "https") == "node.example")
        #expect(RequestAuthority.normalised("node.example:443", scheme: "http") == "node.example:443")
    }
}

import Foundation
import MosaicCore
import Testing

/// RFC 9421's own Ed25519 example (Appendix B.2.6, key of Appendix B.1.4), through the
/// signature-base construction and the Ed25519 keys that sign Mosaic's requests.
@Suite struct RFC9421ExampleTests {
    /// B.1.4 `test-key-ed25519`, PKCS#8 private key (the PEM body).
    static let privateKeyPKCS8 = "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF"
    /// B.1.4 public key, SubjectPublicKeyInfo (the PEM body).
    static let publicKeySPKI = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs="
    /// The fixed DER prefixes of an Ed25519 PKCS#8 private key and SubjectPublicKeyInfo (RFC 8410 §7, §4).
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// B.2.6: the components the example covers, with their values from the B.2 request.
    static let components: [(name: String, value: String)] = [
        ("date", "Tue, 20 Apr 2021 02:07:55 GMT"), ("@method", "POST"), ("@path", "/foo"), ("@authority", "example.com"),
        ("content-type", "application/json"), ("content-length", "18"),
    ]
    /// B.2.6: the signature base, as printed in the RFC (without its RFC 8792 line wrapping).
    static let expectedBase = """
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
        """
    /// B.2.6: the `Signature: sig-b26=:…:` value.
    static let expectedSignature = "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw=="

    func key() throws -> MemberSigningKey {
        let der = try #require(Data(base64Encoded: Self.privateKeyPKCS8))
        #expect(Array(der.prefix(16)) == Self.pkcs8Prefix)
        return try MemberSigningKey(seed: der.suffix(32))
    }

    func signatureBase() throws -> String {
        let params = try SignatureBase.signatureParams(
            components: Self.components.map(\.name),
            parameters: [("created", .integer(1_618_884_473)), ("keyid", .string("test-key-ed25519"))])
        return SignatureBase.build(Self.components, signatureParams: params)
    }

    @Test func signatureBaseMatchesTheRFC() throws {
        #expect(try signatureBase() == Self.expectedBase)
    }

    @Test func publicKeyMatchesTheRFC() throws {
        let spki = try #require(Data(base64Encoded: Self.publicKeySPKI))
        #expect(Array(spki.prefix(12)) == Self.spkiPrefix)
        #expect(try key().publicKey.rawBytes == spki.suffix(32))
    }

    @Test func ed25519SignatureMatchesTheRFC() throws {
        let base = Data(try signatureBase().utf8)
        let key = try key()
        #expect(key.signature(for: base).base64EncodedString() == Self.expectedSignature)
        let signature = try #require(Data(base64Encoded: Self.expectedSignature))
        #expect(key.publicKey.verifies(signature, over: base))
        var altered = base
        altered[altered.startIndex] ^= 0x01
        #expect(!key.publicKey.verifies(signature, over: altered))
    }

    @Test func parameterStringsAreQuotedAndEscaped() throws {
        let params = try SignatureBase.signatureParams(
            components: ["@method"], parameters: [("nonce", .string(#"a"b\c"#)), ("expires", .integer(-1))])
        #expect(params == #"("@method");nonce="a\"b\\c";expires=-1"#)
    }

    @Test func textAnRFC8941StringCannotHoldIsRefused() {
        let parameter = #expect(throws: SignatureBase.InvalidText.self) {
            try SignatureBase.signatureParams(components: ["@method"], parameters: [("keyid", .string("écpat"))])
        }
        #expect(parameter?.name == "keyid")
        let component = #expect(throws: SignatureBase.InvalidText.self) {
            try SignatureBase.signatureParams(components: ["content\ndigest"], parameters: [])
        }
        #expect(component?.name == "content\ndigest")
        #expect(component?.description.contains("printable ASCII") == true)
    }
}

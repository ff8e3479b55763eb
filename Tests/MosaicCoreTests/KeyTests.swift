import Foundation
import MosaicCore
import Testing

/// Signing keys, their file form, public keys and the demo key derivation.
@Suite struct KeyTests {
    @Test func keyFileTextRoundTripsAndSigns() throws {
        let key = MemberSigningKey()
        let text = key.fileText(for: MemberID("ecpat-be")!)
        #expect(text.contains("# Public key for Members/ecpat-be.yaml: \(key.publicKey.base64)"))
        let reread = try MemberSigningKey(fileText: text)
        #expect(reread.publicKey == key.publicKey)
        let message = Data("commit bytes".utf8)
        let signature = reread.signature(for: message)
        #expect(key.publicKey.verifies(signature, over: message))
        #expect(!key.publicKey.verifies(signature, over: Data("commit bytez".utf8)))
        #expect(!MemberSigningKey().publicKey.verifies(signature, over: message))
    }

    @Test func malformedKeyFilesAreRejected() {
        #expect(throws: KeyFileError.notAKeyFile) { try MemberSigningKey(fileText: "# only a comment\n") }
        #expect(throws: KeyFileError.notAKeyFile) { try MemberSigningKey(fileText: "not base64 !!\n") }
        #expect(throws: KeyFileError.wrongLength(3)) { try MemberSigningKey(fileText: "AQID\n") }
        #expect(throws: KeyFileError.notAKeyFile) { try MemberSigningKey(fileText: "AQID\nAQID\n") }
    }

    @Test func publicKeysAreBase64OfThirtyTwoBytes() {
        let key = MemberSigningKey().publicKey
        #expect(key.base64.count == 44)
        #expect(MemberPublicKey(base64: key.base64) == key)
        #expect(MemberPublicKey(base64: Data(repeating: 1, count: 31).base64EncodedString()) == nil)
        #expect(MemberPublicKey(base64: "not base64") == nil)
    }

    @Test func demoKeysAreDeterministicPerMember() {
        let be = MemberID("ecpat-be")!, fr = MemberID("ecpat-fr")!
        #expect(DemoKeys.signingKey(for: be).publicKey == DemoKeys.signingKey(for: be).publicKey)
        #expect(DemoKeys.signingKey(for: be).publicKey != DemoKeys.signingKey(for: fr).publicKey)
        #expect(DemoKeys.isDemoKey(DemoKeys.signingKey(for: be).publicKey, of: be))
        #expect(!DemoKeys.isDemoKey(MemberSigningKey().publicKey, of: be))
        #expect(!DemoKeys.isDemoKey(DemoKeys.signingKey(for: fr).publicKey, of: be))
    }

    @Test func signaturesAreEd25519() throws {
        // RFC 8032, section 7.1, test 1: the empty message.
        let seed = Data(base64Encoded: "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")!
        let key = try MemberSigningKey(seed: seed)
        #expect(
            key.publicKey.rawBytes.map { String(format: "%02x", $0) }.joined()
                == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = key.signature(for: Data())
        #expect(signature.map { String(format: "%02x", $0) }.joined().hasPrefix("e5564300c360ac72"))
    }
}

import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// Issue 14: the `tls:`, `peer_tls:` and `trusted_proxies:` keys, read and checked with positions.
@Suite struct TLSConfigTests {
    let pin = Data(repeating: 7, count: 32).base64EncodedString()

    @Test func absentKeysLeavePlainHTTPAndInsecureCookiesOnAnHTTPEndpoint() throws {
        let config = try NetworkFixture().load().get().config
        #expect(config.tls == nil && config.peerTLS.isEmpty && config.trustedProxies.isEmpty)
        #expect(!config.auth.secureCookies)
    }

    @Test func cookiesAreSecureByDefaultWhenTheNodesEndpointIsHTTPSUnlessSaidOtherwise() throws {
        let fixture = try NetworkFixture()
        try fixture.writeKey("beta")
        let betaNode = NetworkFixture.nodeFile.replacingOccurrences(of: "member: alpha", with: "member: beta")
            .replacingOccurrences(of: "keys/alpha.key", with: "keys/beta.key")
        try fixture.write("node.yaml", betaNode)
        #expect(try fixture.load().get().config.auth.secureCookies)
        try fixture.write("node.yaml", betaNode + "auth:\n  secure_cookies: false\n")
        #expect(try !fixture.load().get().config.auth.secureCookies)
    }

    @Test func trustedProxiesAndPeerTLSAreRead() throws {
        let fixture = try NetworkFixture()
        try fixture.write("ca.pem", "not checked here")
        try fixture.write(
            "node.yaml",
            NetworkFixture.nodeFile + "trusted_proxies: [127.0.0.1, 10.0.0.0/8, '::1']\npeer_tls:\n  beta:\n    pin_sha256: \(pin)\n")
        let config = try fixture.load().get().config
        #expect(config.trustedProxies.map(\.description) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"])
        #expect(config.peerTLS[MemberID("beta")!] == PeerTLSSettings(pinSHA256: [UInt8](repeating: 7, count: 32)))
    }

    @Test func eachMistakeIsAProblemWithItsKey() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml",
            NetworkFixture.nodeFile
                + "trusted_proxies: [127.0.0.1, proxy.example.org]\n"
                + "peer_tls:\n  beta:\n    pin_sha256: c2hvcnQ=\n    ca_file: absent.pem\n  alpha:\n    pin_sha256: \(pin)\n  delta:\n    pin_sha256: \(pin)\n"
                + "tls:\n  certificate: absent-cert.pem\n  private_key: absent-key.pem\n")
        let keys = Set(fixture.problems().map(\.key))
        #expect(
            keys == [
                "trusted_proxies[1]", "peer_tls.beta.pin_sha256", "peer_tls.beta.ca_file", "peer_tls.alpha", "peer_tls.delta",
                "tls.certificate",
            ])
    }
}

import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// Issue 14: `config check` on the `tls:` files (each problem said), and its warning on a plain
/// `http://` endpoint that is not loopback.
@Suite struct TLSConfigCheckTests {
    @Test func soundFilesHaveNoProblem() throws {
        let pki = try TestPKI()
        #expect(try pki.issue().settings.problems().isEmpty)
    }

    @Test func eachUnsoundFileIsAProblemThatSaysWhich() throws {
        let pki = try TestPKI()
        let expired = try pki.issue(from: Date() - 3 * 86_400, until: Date() - 86_400).settings
        #expect(expired.problems().joined().contains("expired on"))
        var mismatched = try pki.issue().settings
        mismatched.privateKeyPath = try pki.issue().settings.privateKeyPath
        #expect(mismatched.problems().joined().contains("does not match the certificate"))
        var missing = try pki.issue().settings
        missing.certificatePath += ".absent"
        #expect(missing.problems().joined().contains("does not exist"))
        let notPEM = try pki.issue().settings
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: notPEM.certificatePath))
        #expect(notPEM.problems().joined().contains("not PEM") || notPEM.problems().joined().contains("no PEM certificate"))
    }

    @Test func aPlainHTTPEndpointOffLoopbackIsAWarning() throws {
        let alpha = MemberID("alpha")!, beta = MemberID("beta")!, gamma = MemberID("gamma")!
        let endpoints = [alpha: "https://alpha.example.org/", beta: "http://beta.example.org/", gamma: "http://127.0.0.1:8401/"]
        let directory = MemberDirectory(
            [alpha, beta, gamma].map {
                Member(
                    id: $0, name: "Organisation \($0)", country: CountryCode("BE")!, languages: [],
                    endpoint: NodeEndpoint.parse(endpoints[$0]!),
                    publicKey: DemoKeys.signingKey(for: $0).publicKey, role: .member)
            })
        let config = NodeConfig(member: alpha, databasePath: ":memory:", keyFilePath: "unused", membersDirectory: "unused")
        let setup = NodeSetup(configFile: "test", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: alpha))
        #expect(setup.warnings.count == 1)
        #expect(setup.warnings.first?.contains("member 'beta'") == true)
    }
}

import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import NIOSSL
import ServiceLifecycle
import Testing

@testable import MosaicSync

/// Issue 14 points 1–3: nodes sync over HTTPS with certificates made by the test (a throwaway CA
/// trusted through `peer_tls: ca_file`); each refused certificate fails with its own kind; a
/// renewed certificate is served to new connections without a restart.
@Suite struct TLSTransportTests {
    let alpha = MemberID("alpha")!, beta = MemberID("beta")!

    @Test func twoNodesSyncOverHTTPSTrustingAPrivateCA() async throws {
        let pki = try TestPKI()
        let leaf = try pki.issue()
        let directory = LiveNode.directory([alpha, beta], coordinators: [])
        let origin = try await LiveNode.start(alpha, directory: directory, tls: leaf.settings)
        let puller = try await LiveNode.start(beta, directory: directory)
        #expect(origin.url.scheme == "https")
        try await origin.catalogue.commit([
            .create(
                type: .practice, nonce: "tls-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Safe recruitment")], isPrivate: false)
        ])
        let caFile = try pki.caFile()
        let first = await puller.pull(from: origin, tls: PeerTLSSettings(caFilePath: caFile))
        try await origin.catalogue.commit([
            .create(
                type: .practice, nonce: "tls-nonce-2",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Reporting lines")], isPrivate: false)
        ])
        // The same CA and the right pin: both checks pass.
        let pinned = await puller.pull(from: origin, tls: PeerTLSSettings(caFilePath: caFile, pinSHA256: try TestPKI.pin(leaf.certificate)))
        await origin.stop()
        await puller.stop()
        #expect(first.failure == nil, "\(String(describing: first.failure))")
        #expect(first.commits == 1)
        #expect(pinned.failure == nil, "\(String(describing: pinned.failure))")
        #expect(pinned.commits == 1)
        #expect(try await puller.catalogue.vector() == origin.catalogue.vector())
    }

    @Test func anExpiredCertificateIsRefusedAsExpired() async throws {
        let pki = try TestPKI()
        let leaf = try pki.issue(from: Date() - 3 * 86_400, until: Date() - 86_400)
        let kind = try await refusal(serving: leaf.settings, tls: PeerTLSSettings(caFilePath: try pki.caFile()))
        #expect(kind == "tls-expired")
    }

    @Test func aCertificateOfAnUnknownCAIsRefusedAsUnknownCA() async throws {
        let pki = try TestPKI(), other = try TestPKI("Someone else's CA")
        let leaf = try pki.issue()
        // Trusting the system store only, and trusting another CA: both refuse the test CA's leaf.
        #expect(try await refusal(serving: leaf.settings, tls: nil) == "tls-unknown-ca")
        #expect(try await refusal(serving: leaf.settings, tls: PeerTLSSettings(caFilePath: try other.caFile())) == "tls-unknown-ca")
    }

    @Test func aCertificateForAnotherNameIsRefusedAsNameMismatch() async throws {
        let pki = try TestPKI()
        let leaf = try pki.issue(dnsNames: ["other.example.org"], ipAddresses: [])
        let kind = try await refusal(serving: leaf.settings, tls: PeerTLSSettings(caFilePath: try pki.caFile()))
        #expect(kind == "tls-name-mismatch")
    }

    @Test func aCertificateWithAnotherKeyThanThePinIsRefusedAsPinMismatch() async throws {
        let pki = try TestPKI()
        let leaf = try pki.issue()
        let otherKey = try pki.issue().certificate
        let kind = try await refusal(
            serving: leaf.settings, tls: PeerTLSSettings(caFilePath: try pki.caFile(), pinSHA256: try TestPKI.pin(otherKey)))
        #expect(kind == "tls-pin-mismatch")
    }

    @Test func aRenewedCertificateIsServedToNewConnectionsWithoutARestart() async throws {
        let pki = try TestPKI()
        let first = try pki.issue()
        let node = try await LiveNode.start(alpha, directory: LiveNode.directory([alpha, beta], coordinators: []), tls: first.settings)
        let before = try await PeerCertificateCheck.presentedCertificate(url: node.url, timeout: .seconds(10))
        let renewed = try pki.issue(at: first.settings)
        let after = try await PeerCertificateCheck.presentedCertificate(url: node.url, timeout: .seconds(10))
        // A half-written renewal (a new certificate, the old key still in place) is not taken.
        let half = try pki.issue(at: first.settings)
        try Data(renewed.key.pemRepresentation.utf8).write(to: URL(fileURLWithPath: first.settings.privateKeyPath))
        let meanwhile = try await PeerCertificateCheck.presentedCertificate(url: node.url, timeout: .seconds(10))
        await node.stop()
        #expect(try PeerCertificateCheck.pin(of: before) == TestPKI.pin(first.certificate))
        #expect(try PeerCertificateCheck.pin(of: after) == TestPKI.pin(renewed.certificate))
        #expect(try PeerCertificateCheck.pin(of: meanwhile) == TestPKI.pin(renewed.certificate))
        #expect(try TestPKI.pin(half.certificate) != TestPKI.pin(renewed.certificate))
    }

    /// The failure kind of a `GET /sync/v1/vector` to a bare HTTPS server presenting `settings`'s
    /// certificate (a bare server, so that an expired certificate can be served at all).
    private func refusal(serving settings: TLSSettings, tls: PeerTLSSettings?) async throws -> String? {
        let router = Router()
        router.get("/sync/v1/vector") { _, _ in "{}" }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(settings.certificatePath).map { .certificate($0) },
            privateKey: .file(settings.privateKeyPath))
        let (urls, continuation) = AsyncStream.makeStream(of: URL.self)
        var logger = Logger(label: "tls-refusal")
        logger.logLevel = .critical
        let app = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: configuration),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(URL(string: "https://127.0.0.1:\(channel.localAddress!.port!)/")!) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = urls.makeAsyncIterator()
        let url = try #require(await iterator.next())
        let client = PeerClient(
            peer: alpha, endpoint: url, member: beta, key: DemoKeys.signingKey(for: beta), transport: TestTransport.live,
            timeout: .seconds(10), tls: tls)
        var kind: String?
        do throws(PeerClient.Failure) { _ = try await client.vector() } catch { kind = error.kind }
        await group.triggerGracefulShutdown()
        _ = await task.result
        return kind
    }
}

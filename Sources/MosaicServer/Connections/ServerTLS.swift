import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import MosaicConfig
import NIOSSL
import Synchronization

/// HTTPS for a node that terminates TLS itself (`tls:` in the configuration), with
/// HummingbirdTLS (swift-nio-ssl) around the same HTTP/1.1 server and protections.
///
/// A renewed certificate is taken without a restart: on each TLS ClientHello, NIOSSL's
/// `sslContextCallback` asks ``CertificateFiles`` for the current pair, which re-reads the two
/// files when their bytes changed. New connections get the new certificate; open ones keep theirs.
enum ServerTLS {
    /// `base` wrapped in TLS with the certificate and key of `settings`.
    /// - Throws: ``LaunchError`` naming the problem when the files cannot be served now.
    static func wrap(_ base: HTTPServerBuilder, settings: TLSSettings, logger: Logger) throws -> HTTPServerBuilder {
        let files = try CertificateFiles(settings: settings, logger: logger)
        let first = files.current()
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: first.chain.map { .certificate($0) }, privateKey: .privateKey(first.key))
        configuration.sslContextCallback = { _, promise in
            let pair = files.current()
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        return try .tls(base, tlsConfiguration: configuration)
    }
}

/// The node's certificate chain and key, re-read when the files change.
///
/// Change is told by the files' bytes (a few KiB, read per handshake) rather than by modification
/// times, whose resolution and preservation by copy tools vary. Renewed files are taken only once
/// ``TLSSettings/problems(now:)`` finds nothing wrong (both written, the key matching); until
/// then the previous pair is served and the problem is logged once.
final class CertificateFiles: Sendable {
    /// The chain (leaf first) and key being served.
    struct Pair: Sendable {
        var chain: [NIOSSLCertificate]
        var key: NIOSSLPrivateKey
        var bytes: [UInt8]
    }

    private let settings: TLSSettings
    private let logger: Logger
    private let state: Mutex<(pair: Pair, refused: [UInt8]?)>

    init(settings: TLSSettings, logger: Logger) throws {
        self.settings = settings
        self.logger = logger
        let problems = settings.problems()
        guard problems.isEmpty, let bytes = Self.bytes(settings), let pair = Self.load(settings, bytes: bytes) else {
            let why = problems.isEmpty ? ["the files cannot be read as PEM by NIOSSL"] : problems
            throw LaunchError(description: "cannot serve HTTPS: " + why.joined(separator: "; ") + ". Fix `tls:` in the configuration.")
        }
        state = Mutex((pair, nil))
    }

    /// The pair to use for a new connection: the files' current contents when they changed and
    /// are sound, the previous pair otherwise.
    func current() -> Pair {
        guard let bytes = Self.bytes(settings) else { return state.withLock { $0.pair } }
        let (pair, alreadyRefused) = state.withLock { ($0.pair, $0.refused == bytes) }
        if bytes == pair.bytes || alreadyRefused { return pair }
        let problems = settings.problems()
        guard problems.isEmpty, let renewed = Self.load(settings, bytes: bytes) else {
            state.withLock { $0.refused = bytes }
            logger.warning(
                "the changed TLS files are not served; the previous certificate stays",
                metadata: ["problems": .string(problems.joined(separator: "; "))])
            return pair
        }
        state.withLock { $0 = (renewed, nil) }
        logger.notice("TLS certificate reloaded", metadata: ["certificate": .string(settings.certificatePath)])
        return renewed
    }

    /// Both files' bytes, certificate then key; `nil` when either cannot be read.
    private static func bytes(_ settings: TLSSettings) -> [UInt8]? {
        guard let certificate = FileManager.default.contents(atPath: settings.certificatePath),
            let key = FileManager.default.contents(atPath: settings.privateKeyPath)
        else { return nil }
        return [UInt8](certificate) + [0] + [UInt8](key)
    }

    private static func load(_ settings: TLSSettings, bytes: [UInt8]) -> Pair? {
        guard let chain = try? NIOSSLCertificate.fromPEMFile(settings.certificatePath), !chain.isEmpty,
            let key = try? NIOSSLPrivateKey(file: settings.privateKeyPath, format: .pem)
        else { return nil }
        return Pair(chain: chain, key: key, bytes: bytes)
    }
}

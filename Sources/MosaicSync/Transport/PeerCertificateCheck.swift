import Crypto
import Foundation
import MosaicConfig
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The TLS side of reaching a peer: the client configuration a peer's `peer_tls:` asks for, the
/// certificate pin, and naming why a handshake failed (`tls-expired`, `tls-unknown-ca`,
/// `tls-name-mismatch`, `tls-pin-mismatch`).
///
/// AsyncHTTPClient verifies the chain and the host name (BoringSSL, through NIOSSL) but neither
/// pins nor says which check failed: BoringSSL reports every chain failure as
/// `CERTIFICATE_VERIFY_FAILED`. So the pin, and the reason of a chain failure, are read from the
/// certificate the peer presents on a second handshake made here, which trusts nothing by itself.
enum PeerCertificateCheck {
    /// The client TLS configuration for `tls`: the system's trust store, plus `ca_file` when named.
    static func configuration(_ tls: PeerTLSSettings) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = tls.caFilePath { configuration.additionalTrustRoots = [.file(caFile)] }
        return configuration
    }

    /// SHA-256 of `certificate`'s DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), as `pin_sha256` names it.
    static func pin(of certificate: NIOSSLCertificate) throws -> [UInt8] {
        Array(SHA256.hash(data: try certificate.extractPublicKey().toSPKIBytes()))
    }

    /// Refuses the peer at `url` when the certificate it presents does not carry the pinned key.
    static func checkPin(_ pin: [UInt8], url: URL, timeout: Duration) async throws(PeerTransportFailure) {
        let leaf = try await presentedCertificate(url: url, timeout: timeout)
        let seen: [UInt8]
        do { seen = try self.pin(of: leaf) } catch {
            throw PeerTransportFailure(.tlsPinMismatch, "\(url.absoluteString): the certificate's public key cannot be read: \(error)")
        }
        guard seen != pin else { return }
        throw PeerTransportFailure(
            .tlsPinMismatch,
            "\(url.absoluteString): the certificate's public key has SHA-256 \(Data(seen).base64EncodedString()), not the pin_sha256 "
                + "\(Data(pin).base64EncodedString()) of peer_tls: the peer changed its key, or someone else answers. Check with the peer "
                + "before changing the pin.")
    }

    /// The failure `error` is when it is a TLS verification failure, `nil` otherwise. A chain
    /// failure is told apart by the presented certificate's dates: outside them `tls-expired`,
    /// within them `tls-unknown-ca`.
    static func failure(_ error: any Error, url: URL, timeout: Duration) async -> PeerTransportFailure? {
        let target = url.absoluteString
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return PeerTransportFailure(
                .tlsNameMismatch,
                "\(target): the certificate is not for \(url.host ?? "this host") (\(extra)). The peer's member file must name the host "
                    + "its certificate is for, or the peer must get a certificate for this name.")
        }
        guard "\(error)".contains("CERTIFICATE_VERIFY_FAILED") else { return nil }
        if let leaf = try? await presentedCertificate(url: url, timeout: timeout) {
            let now = time_t(Date().timeIntervalSince1970)
            if now > leaf.notValidAfter || now < leaf.notValidBefore {
                let date = Date(timeIntervalSince1970: TimeInterval(now > leaf.notValidAfter ? leaf.notValidAfter : leaf.notValidBefore))
                let when = now > leaf.notValidAfter ? "expired on" : "is not valid before"
                return PeerTransportFailure(
                    .tlsExpired,
                    "\(target): the peer's certificate \(when) \(ISO8601DateFormatter().string(from: date)); the peer must renew it.")
            }
        }
        return PeerTransportFailure(
            .tlsUnknownCA,
            "\(target): the certificate is not issued by a CA this node trusts (the system's store, or peer_tls ca_file). "
                + "For a network's private CA, name its certificate in peer_tls: {\(url.host ?? "peer"): {ca_file: …}}.")
    }

    /// The leaf certificate the server at `url` presents, read on a handshake that verifies nothing
    /// (what is checked is the certificate itself). Bounded by `timeout` and one handshake.
    static func presentedCertificate(url: URL, timeout: Duration) async throws(PeerTransportFailure) -> NIOSSLCertificate {
        let target = url.absoluteString
        guard let host = url.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else {
            throw PeerTransportFailure(.unreachable, "\(target): no host")
        }
        let port = url.port ?? 443
        let seen = PresentedCertificate()
        do {
            let context = try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
            let serverName = AddressRange(host) == nil ? host : nil
            let handshake = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(Int64(timeout / .nanoseconds(1))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(
                            context: context, serverHostname: serverName,
                            customVerificationCallback: { chain, promise in
                                seen.set(chain.first)
                                promise.succeed(.certificateVerified)
                            })
                        try channel.pipeline.syncOperations.addHandlers([handler, HandshakeWatch()])
                    }
                }
                .connect(host: host, port: port)
            let channel = try await handshake.get()
            defer { channel.close(promise: nil) }
            try await channel.pipeline.handler(type: HandshakeWatch.self).flatMap { $0.done.futureResult }.get()
        } catch {
            throw PeerTransportFailure(.unreachable, "\(target): TLS handshake failed: \(error)")
        }
        guard let leaf = seen.value else { throw PeerTransportFailure(.unreachable, "\(target): no certificate presented") }
        return leaf
    }
}

/// The certificate a handshake saw, shared with the verification callback.
private final class PresentedCertificate: Sendable {
    private let certificate = Mutex<NIOSSLCertificate?>(nil)
    var value: NIOSSLCertificate? { certificate.withLock { $0 } }
    func set(_ value: NIOSSLCertificate?) { certificate.withLock { $0 = value } }
}

/// Completes `done` when the TLS handshake completes, fails it on an error or close before.
private final class HandshakeWatch: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = NIOAny
    private var promise: EventLoopPromise<Void>?
    private var completed = false
    var done: EventLoopPromise<Void> { promise! }

    func handlerAdded(context: ChannelHandlerContext) { promise = context.eventLoop.makePromise() }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { finish(nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(ChannelError.eof)
        context.fireChannelInactive()
    }

    /// Completes the promise once; later events are ignored.
    private func finish(_ error: (any Error)?) {
        guard let promise, !completed else { return }
        completed = true
        if let error { promise.fail(error) } else { promise.succeed(()) }
    }
}

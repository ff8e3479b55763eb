import Crypto
import Foundation
import MosaicConfig
import NIOCore
import NIOPosix
import NIOSSL

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
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        // Completed by the verification callback with the leaf, or failed by the watch on an error or close.
        let leaf = eventLoop.makePromise(of: NIOSSLCertificate.self)
        do {
            let context = try NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration())
            let serverName = AddressRange(host) == nil ? host : nil
            let channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(.nanoseconds(Int64(timeout / .nanoseconds(1))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try NIOSSLClientHandler(
                            context: context, serverHostname: serverName,
                            customVerificationCallback: { chain, promise in
                                if let first = chain.first { leaf.succeed(first) } else { leaf.fail(ChannelError.eof) }
                                promise.succeed(.certificateVerified)
                            })
                        try channel.pipeline.syncOperations.addHandlers([handler, FailureWatch(leaf)])
                    }
                }
                .connect(host: host, port: port).get()
            defer { channel.close(promise: nil) }
            return try await leaf.futureResult.get()
        } catch {
            leaf.fail(error)
            throw PeerTransportFailure(.unreachable, "\(target): TLS handshake failed: \(error)")
        }
    }
}

/// Fails the pending promise when the connection fails or closes before the certificate was seen
/// (a promise already completed stays as it is).
private final class FailureWatch: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny
    private let promise: EventLoopPromise<NIOSSLCertificate>

    init(_ promise: EventLoopPromise<NIOSSLCertificate>) { self.promise = promise }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}

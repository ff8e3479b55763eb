import Crypto
import Foundation
import MosaicConfig
import NIOSSL
import X509

@testable import MosaicSync

/// A throwaway certificate authority for TLS tests, made with swift-certificates: a CA, and leaf
/// certificates it issues for the names and dates a test asks, written as PEM files in a
/// temporary folder.
struct TestPKI {
    let folder: URL
    let caKey = P256.Signing.PrivateKey()
    let caName: DistinguishedName
    let caCertificate: Certificate

    /// A new CA named `name`, valid from an hour ago for a day.
    init(_ name: String = "Mosaic test CA") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        caName = try DistinguishedName { CommonName(name) }
        let now = Date()
        caCertificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: now - 3600,
            notValidAfter: now + 86_400, issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            }, issuerPrivateKey: .init(caKey))
    }

    /// The CA's certificate as a PEM file (what `peer_tls: ca_file` names).
    func caFile() throws -> String {
        try write(caCertificate.serializeAsPEM().pemString, as: "ca-\(UUID().uuidString).pem")
    }

    /// A leaf for `dnsNames` and `ipAddresses` (IPv4 bytes), valid between `from` and `until`, its
    /// certificate and key written at `certificatePath` / `keyPath` (new files when `nil`).
    @discardableResult
    func issue(
        dnsNames: [String] = [], ipAddresses: [[UInt8]] = [[127, 0, 0, 1]], from: Date = Date() - 3600, until: Date = Date() + 86_400,
        key: P256.Signing.PrivateKey = P256.Signing.PrivateKey(), at settings: TLSSettings? = nil
    ) throws -> (settings: TLSSettings, certificate: Certificate, key: P256.Signing.PrivateKey) {
        let names = dnsNames.map { GeneralName.dnsName($0) } + ipAddresses.map { GeneralName.ipAddress(.init(contentBytes: $0[...])) }
        let subject = try DistinguishedName { CommonName(dnsNames.first ?? "127.0.0.1") }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: from, notValidAfter: until,
            issuer: caName, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames(names)
                try ExtendedKeyUsage([.serverAuth])
            }, issuerPrivateKey: .init(caKey))
        let id = UUID().uuidString
        let target =
            settings
            ?? TLSSettings(
                certificatePath: folder.appendingPathComponent("cert-\(id).pem").path,
                privateKeyPath: folder.appendingPathComponent("key-\(id).pem").path)
        try Data(try certificate.serializeAsPEM().pemString.utf8).write(to: URL(fileURLWithPath: target.certificatePath))
        try Data(key.pemRepresentation.utf8).write(to: URL(fileURLWithPath: target.privateKeyPath))
        return (target, certificate, key)
    }

    /// SHA-256 of `certificate`'s DER SubjectPublicKeyInfo, as `pin_sha256` takes it (the transport's own function).
    static func pin(_ certificate: Certificate) throws -> [UInt8] {
        try PeerCertificateCheck.pin(of: NIOSSLCertificate(bytes: Array(certificate.serializeAsPEM().pemString.utf8), format: .pem))
    }

    private func write(_ text: String, as name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

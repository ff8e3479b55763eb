import Foundation

/// The node's own HTTPS certificate (`tls:` in the configuration): PEM files, absolute paths.
/// `mosaic serve` re-reads them when they change, so a renewed certificate needs no restart.
public struct TLSSettings: Sendable, Hashable {
    /// The PEM certificate chain, leaf first (absolute path).
    public var certificatePath: String
    /// The PEM private key of the leaf certificate (absolute path; PKCS#8 or the key's own format).
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

/// How the node checks one peer's HTTPS certificate beyond the system's trust store
/// (`peer_tls:` in the node configuration, keyed by member id).
public struct PeerTLSSettings: Sendable, Hashable {
    /// A PEM file of extra trusted CA certificates (a network's private CA), absolute path; `nil`: the system store only.
    public var caFilePath: String?
    /// SHA-256 of the peer certificate's DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), 32 bytes;
    /// written base64 in the configuration (`openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`).
    public var pinSHA256: [UInt8]?

    public init(caFilePath: String? = nil, pinSHA256: [UInt8]? = nil) {
        self.caFilePath = caFilePath
        self.pinSHA256 = pinSHA256
    }
}

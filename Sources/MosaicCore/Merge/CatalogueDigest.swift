import Crypto
import Foundation

/// The digest of a public materialised catalogue: SHA-256 over every public record's
/// canonical view hash, in record id order. Two nodes with the same commits have the same digest.
public enum CatalogueDigest {
    /// The hash of one record's view, as the store keeps it beside the view.
    public static func hash(of view: RecordView) -> [UInt8] { hash(ofViewBytes: view.canonicalBytes) }

    /// The hash of a view's canonical bytes, when the caller already has them.
    public static func hash(ofViewBytes bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// Combines per-record hashes, given in record id order, into the catalogue digest (hex).
    public static func combine(_ hashes: some Sequence<(RecordID, [UInt8])>) -> String {
        var hasher = SHA256()
        for (id, hash) in hashes {
            hasher.update(data: Data(id.rawValue.utf8))
            hasher.update(data: hash)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

import CompressNIO
import NIOCore

/// A gzip body that inflates about a thousand times: 32 MiB of spaces, compressed once per test
/// process (about 32 KiB), as `bad_peer.py gzipbomb` serves 1 GiB from 1 MiB.
enum GzipBomb {
    /// Bytes the bomb inflates to.
    static let inflated = 32 << 20
    static let bytes: [UInt8] = {
        var plain = ByteBuffer(repeating: 0x20, count: inflated)
        let compressed = try! plain.compress(with: .gzip())
        return Array(compressed.readableBytesView)
    }()
}

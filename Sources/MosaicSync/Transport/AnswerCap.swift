import MosaicCore

/// The byte caps on a peer's answers, after decoding.
///
/// A page holds commits of at most `max(page_bytes, Commit.maxBytes)` bytes: the serving node
/// stops before `page_bytes` unless the page is empty, and one commit is at most
/// `Commit.maxBytes`. Each commit travels as a JSON string, where escaping at most doubles it
/// (`"` and `\` take two bytes; a `\u00XX` already escaped takes 7 for 6). Each entry adds its
/// keys and a base64 signature (under 160 bytes), and the page its vector (under 64 KiB for the
/// directories Mosaic serves). So:
///
///     cap = 2 × max(page_bytes, Commit.maxBytes) + 160 × page_size + 65,536
///
/// 16.1 MiB with the defaults (page_bytes 4 MiB, page_size 500). A peer configured with a larger
/// `page_bytes` than this node's may send pages this node refuses: set the same value network-wide.
public enum AnswerCap {
    /// The cap on a pull answer for a page of at most `pageSize` commits.
    public static func pullBytes(pageBytes: Int, pageSize: Int) -> Int {
        2 * max(pageBytes, Commit.maxBytes) + 160 * max(pageSize, 1) + 65_536
    }

    /// The cap on a vector answer (member id, vector and digest): 1 MiB.
    public static let vectorBytes = 1 << 20
}

/// Writes canonical JSON directly, without building a ``JSONValue`` tree: the hot paths
/// (commit bytes, stored operations, record views) write their keys in sorted order by hand.
/// Tests check that the bytes equal `JSONValue.canonicalBytes` of the same value.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Writes a key; the caller writes keys in UTF-8 byte order.
    mutating func key(_ key: String) {
        separate()
        Self.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String) {
        separate()
        Self.appendString(value, to: &bytes)
    }

    mutating func int(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes a value already in canonical form (an operation kept as received).
    mutating func raw(_ canonical: [UInt8]) {
        separate()
        bytes.append(contentsOf: canonical)
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `[wall, counter]`.
    mutating func hlc(_ timestamp: HybridTimestamp) {
        beginArray()
        int(timestamp.wallMillis)
        int(timestamp.counter)
        endArray()
    }

    /// A sorted, de-duplicated array of write ids.
    mutating func ids(_ ids: [WriteID]) {
        beginArray()
        for id in Set(ids).sorted() { string(id.description) }
        endArray()
    }

    /// Appends `string` quoted, escaping exactly as ``JSONValue`` does.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        var string = string
        let plain = string.withUTF8 { buffer in
            !buffer.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            string.withUTF8 { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
        } else {
            JSONValue.writeString(string, into: &out)
        }
    }
}

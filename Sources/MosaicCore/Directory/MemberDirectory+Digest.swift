import Crypto

extension MemberDirectory {
    /// The directory's canonical JSON: members by id, each with its entry, every key period, its
    /// revocation and its role changes. Two nodes with the same effective directory have the same bytes.
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(capacity: 256 * max(1, members.count))
        writer.beginArray()
        for member in members {
            writer.beginObject()
            writer.key("entry")
            DirectoryOperation.member(member).write(into: &writer)
            writer.key("keys")
            writer.beginArray()
            for period in keys(of: member.id) {
                writer.beginObject()
                writer.key("from"); writer.int(period.from)
                writer.key("key"); writer.string(period.key.base64)
                writer.endObject()
            }
            writer.endArray()
            if let after = revokedAfter[member.id] { writer.key("revoked_after"); writer.int(after) }
            if let changes = roleChanges[member.id], !changes.isEmpty {
                writer.key("roles")
                writer.beginArray()
                for change in changes {
                    writer.beginObject()
                    writer.key("coordinator"); writer.bool(change.isCoordinator)
                    writer.key("hlc"); writer.hlc(change.hlc)
                    writer.key("write"); writer.string(change.write.description)
                    writer.endObject()
                }
                writer.endArray()
            }
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }

    /// The directory digest shown beside the catalogue digest: SHA-256 of ``canonicalBytes``, lower-case hex.
    public var digest: String {
        SHA256.hash(data: canonicalBytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

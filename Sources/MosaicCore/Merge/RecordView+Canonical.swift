extension RecordView {
    /// The canonical bytes of ``json``, written directly (what the store keeps and the digest hashes).
    public var canonicalBytes: [UInt8] {
        var w = CanonicalWriter(capacity: 2048)
        func write(_ write: Write) {
            w.beginObject()
            w.key("hlc"); w.hlc(write.hlc)
            w.key("id"); w.string(write.id.description)
            w.key("value"); w.string(write.value)
            w.endObject()
        }
        func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        w.beginObject()
        w.key("created"); write(created)
        w.key("id"); w.string(id.rawValue)
        w.key("last_change"); w.hlc(lastChange)
        w.key("last_change_by"); w.string(lastChangeBy.rawValue)
        w.key("nonce"); w.string(nonce)
        w.key("open_deletes")
        w.beginArray()
        for id in openDeletes { w.string(id.description) }
        w.endArray()
        w.key("owner"); w.string(owner.rawValue)
        w.key("private"); w.bool(isPrivate)
        w.key("proposals")
        w.beginArray()
        for proposal in proposals {
            w.beginObject()
            var value: String?
            switch proposal.change {
            case .add(let field, let text): w.key("add"); w.string(field); value = text
            case .delete: w.key("delete"); w.bool(true)
            default: break
            }
            w.key("hlc"); w.hlc(proposal.hlc)
            w.key("id"); w.string(proposal.id.description)
            switch proposal.change {
            case .remove(let field, let text): w.key("remove"); w.string(field); value = text
            case .set(let key, let text): w.key("set"); w.string(key.description); value = text
            default: break
            }
            if let value { w.key("value"); w.string(value) }
            w.endObject()
        }
        w.endArray()
        w.key("registers")
        w.beginObject()
        for (key, register) in registers.map({ ($0.key.description, $0.value) }).sorted(by: { byteOrder($0.0, $1.0) }) {
            w.key(key)
            w.beginArray()
            register.siblings.forEach(write)
            w.endArray()
        }
        w.endObject()
        w.key("sets")
        w.beginObject()
        for (field, elements) in sets.sorted(by: { byteOrder($0.key, $1.key) }) {
            w.key(field)
            w.beginObject()
            for element in elements.sorted(by: { byteOrder($0.value, $1.value) }) {
                w.key(element.value)
                w.beginArray()
                element.adds.forEach(write)
                w.endArray()
            }
            w.endObject()
        }
        w.endObject()
        // Written only when some language is stale, so views without stale languages keep their bytes.
        if !stale.isEmpty {
            w.key("stale")
            w.beginObject()
            for (key, mark) in stale.map({ ($0.key.description, $0.value) }).sorted(by: { byteOrder($0.0, $1.0) }) {
                w.key(key)
                w.beginObject()
                w.key("changed"); w.string(mark.changedLanguage.rawValue)
                w.key("hlc"); w.hlc(mark.hlc)
                w.key("id"); w.string(mark.write.description)
                w.endObject()
            }
            w.endObject()
        }
        w.key("state"); w.string(state.rawValue)
        w.key("type"); w.string(type.rawValue)
        w.key("uncovered_by_delete")
        w.beginArray()
        for id in uncoveredByDelete { w.string(id.description) }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}

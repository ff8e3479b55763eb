import MosaicCore

extension NodeCatalogue {
    /// Confirms that language `key` (`title.en`) of a record is still right after another language of
    /// the field was rewritten: one signed commit writing its one current value again
    /// (``RecordChange/confirm(_:_:)``), which the merge reads as a confirmation. The one path of
    /// the command line, the record page and the API.
    /// - Throws: ``AuthoringError/cannotConfirm(_:reason:)`` when the language cannot be confirmed (not
    ///   a language of a text field, no text, competing values, not out of date) or when this node's
    ///   member may not write the record (its confirmation would be a proposal that changes nothing);
    ///   ``AuthoringError/recordNotFound(_:)``. Nothing is written then.
    @discardableResult
    public func confirm(_ record: RecordID, _ key: RegisterKey) async throws -> LocalCommit {
        guard let view = try await self.record(record) else { throw AuthoringError.recordNotFound(record.rawValue) }
        guard mayWrite(key, of: view) else {
            throw AuthoringError.cannotConfirm(
                key.description, reason: "\(member) may not write this record (its owner \(view.owner) or a coordinator can)")
        }
        return try await commit([.confirm(record, key)])
    }

    /// Whether this node's member may write `key` of `view`'s record (the merge's rule,
    /// ``Materializer/Authority``): where a confirmation is offered (page, `record show`).
    public func mayWrite(_ key: RegisterKey, of view: RecordView) -> Bool {
        let write = CatalogueOperation.set(record: view.id, field: key.field, lang: key.lang, value: "", replaces: [])
        let partners = Set(view.values("partners").compactMap(MemberID.init))
        return Materializer.Authority(directory).authorises(member, write, owner: view.owner, type: view.type, partners: partners)
    }
}

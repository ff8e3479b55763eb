/// The canonical JSON of a record view: what the store keeps, what the digest hashes,
/// and what `--json` and the API show.
extension RecordView {
    public var json: JSONValue {
        func write(_ write: Write) -> JSONValue {
            .object([
                "id": .string(write.id.description), "hlc": .array([.int(write.hlc.wallMillis), .int(write.hlc.counter)]),
                "value": .string(write.value),
            ])
        }
        func ids(_ ids: [WriteID]) -> JSONValue { .array(ids.map { .string($0.description) }) }
        let registerJSON = Dictionary(
            uniqueKeysWithValues: registers.map { ($0.key.description, JSONValue.array($0.value.siblings.map(write))) })
        let setJSON = Dictionary(
            uniqueKeysWithValues: sets.map { field, elements in
                (
                    field,
                    JSONValue.object(Dictionary(uniqueKeysWithValues: elements.map { ($0.value, JSONValue.array($0.adds.map(write))) }))
                )
            })
        let proposalJSON: [JSONValue] = proposals.map { proposal in
            var object: [String: JSONValue] = [
                "id": .string(proposal.id.description), "hlc": .array([.int(proposal.hlc.wallMillis), .int(proposal.hlc.counter)]),
            ]
            switch proposal.change {
            case .set(let key, let value): object["set"] = .string(key.description); object["value"] = .string(value)
            case .add(let field, let value): object["add"] = .string(field); object["value"] = .string(value)
            case .remove(let field, let value): object["remove"] = .string(field); object["value"] = .string(value)
            case .delete: object["delete"] = .bool(true)
            }
            return .object(object)
        }
        var object: [String: JSONValue] = [
            "id": .string(id.rawValue), "type": .string(type.rawValue), "owner": .string(owner.rawValue), "nonce": .string(nonce),
            "private": .bool(isPrivate),
            "state": .string(state.rawValue), "created": write(created),
            "last_change": .array([.int(lastChange.wallMillis), .int(lastChange.counter)]),
            "last_change_by": .string(lastChangeBy.rawValue), "registers": .object(registerJSON), "sets": .object(setJSON),
            "proposals": .array(proposalJSON), "uncovered_by_delete": ids(uncoveredByDelete), "open_deletes": ids(openDeletes),
        ]
        if !stale.isEmpty {
            object["stale"] = .object(
                Dictionary(
                    uniqueKeysWithValues: stale.map { key, mark in
                        (
                            key.description,
                            JSONValue.object([
                                "changed": .string(mark.changedLanguage.rawValue), "id": .string(mark.write.description),
                                "hlc": .array([.int(mark.hlc.wallMillis), .int(mark.hlc.counter)]),
                            ])
                        )
                    }))
        }
        return .object(object)
    }

    /// Reads the JSON the store kept; `nil` when it is not a record view.
    public init?(json: JSONValue) {
        guard let o = json.objectValue, let id = o["id"]?.stringValue.flatMap(RecordID.init),
            let type = o["type"]?.stringValue.flatMap(RecordType.init(rawValue:)),
            let owner = o["owner"]?.stringValue.flatMap(MemberID.init), let nonce = o["nonce"]?.stringValue,
            let isPrivate = o["private"]?.boolValue, let state = o["state"]?.stringValue.flatMap(RecordState.init(rawValue:)),
            let created = o["created"].flatMap(Self.write), let lastChange = o["last_change"].flatMap(Self.hlc),
            let lastChangeBy = o["last_change_by"]?.stringValue.flatMap(MemberID.init), let registerJSON = o["registers"]?.objectValue,
            let setJSON = o["sets"]?.objectValue, let proposalJSON = o["proposals"]?.arrayValue,
            let uncovered = o["uncovered_by_delete"].flatMap(Self.ids), let openDeletes = o["open_deletes"].flatMap(Self.ids)
        else { return nil }
        var registers: [RegisterKey: RegisterState] = [:]
        for (keyText, siblings) in registerJSON {
            guard let key = RegisterKey(keyText), let writes = siblings.arrayValue?.compactMap(Self.write), !writes.isEmpty else {
                return nil
            }
            registers[key] = RegisterState(siblings: writes)
        }
        var sets: [String: [SetElement]] = [:]
        for (field, elements) in setJSON {
            guard let elements = elements.objectValue else { return nil }
            sets[field] = elements.map { SetElement(value: $0.key, adds: $0.value.arrayValue?.compactMap(Self.write) ?? []) }.sorted {
                $0.value < $1.value
            }
        }
        var proposals: [Proposal] = []
        for value in proposalJSON {
            guard let p = value.objectValue, let pid = p["id"]?.stringValue.flatMap(WriteID.init), let phlc = p["hlc"].flatMap(Self.hlc)
            else { return nil }
            let text = p["value"]?.stringValue ?? ""
            let change: Proposal.Change
            if let key = p["set"]?.stringValue.flatMap(RegisterKey.init) {
                change = .set(key, text)
            } else if let field = p["add"]?.stringValue {
                change = .add(field: field, value: text)
            } else if let field = p["remove"]?.stringValue {
                change = .remove(field: field, value: text)
            } else {
                change = .delete
            }
            proposals.append(Proposal(id: pid, hlc: phlc, change: change))
        }
        var stale: [RegisterKey: StaleTranslation] = [:]
        for (keyText, markJSON) in o["stale"]?.objectValue ?? [:] {
            guard let key = RegisterKey(keyText), let mark = markJSON.objectValue,
                let changed = mark["changed"]?.stringValue.flatMap({ LanguageTag($0) }),
                let write = mark["id"]?.stringValue.flatMap(WriteID.init),
                let markHLC = mark["hlc"].flatMap(Self.hlc)
            else { return nil }
            stale[key] = StaleTranslation(changedLanguage: changed, write: write, hlc: markHLC)
        }
        self.init(
            id: id, type: type, owner: owner, nonce: nonce, isPrivate: isPrivate, state: state, created: created, lastChange: lastChange,
            lastChangeBy: lastChangeBy, registers: registers, sets: sets, proposals: proposals, uncoveredByDelete: uncovered,
            openDeletes: openDeletes, stale: stale)
    }

    private static func hlc(_ json: JSONValue) -> HybridTimestamp? {
        guard let parts = json.arrayValue, parts.count == 2, let wall = parts[0].intValue, let counter = parts[1].intValue else {
            return nil
        }
        return HybridTimestamp(wallMillis: wall, counter: counter)
    }

    private static func write(_ json: JSONValue) -> Write? {
        guard let o = json.objectValue, let id = o["id"]?.stringValue.flatMap(WriteID.init), let hlc = o["hlc"].flatMap(hlc),
            let value = o["value"]?.stringValue
        else { return nil }
        return Write(id: id, hlc: hlc, value: value)
    }

    private static func ids(_ json: JSONValue) -> [WriteID]? {
        json.arrayValue?.compactMap { $0.stringValue.flatMap(WriteID.init) }
    }
}

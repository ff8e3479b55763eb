/// The stored form of a record's operations, kept beside its view so that the merge can be
/// recomputed when a new operation arrives.
extension RecordOperation {
    public var json: JSONValue {
        .object(["id": .string(id.description), "hlc": .array([.int(hlc.wallMillis), .int(hlc.counter)]), "op": operation.json])
    }

    /// Reads the stored form, re-checking the operation; `nil` when malformed.
    public init?(json: JSONValue) {
        guard let object = json.objectValue, let id = object["id"]?.stringValue.flatMap(WriteID.init),
            let parts = object["hlc"]?.arrayValue, parts.count == 2, let wall = parts[0].intValue, let counter = parts[1].intValue,
            let opJSON = object["op"], let operation = try? CommitDecoder.decodeOperation(opJSON, origin: id.origin)
        else { return nil }
        self.init(id: id, hlc: HybridTimestamp(wallMillis: wall, counter: counter), operation: operation)
    }

    /// Encodes a list of operations as one canonical JSON array (equal to the `json` form's canonical bytes).
    public static func encode(_ operations: [RecordOperation]) -> [UInt8] {
        var writer = CanonicalWriter(capacity: operations.count * 200)
        writer.beginArray()
        for operation in operations {
            writer.beginObject()
            writer.key("hlc"); writer.hlc(operation.hlc)
            writer.key("id"); writer.string(operation.id.description)
            writer.key("op"); operation.operation.write(into: &writer)
            writer.endObject()
        }
        writer.endArray()
        return writer.bytes
    }

    /// Decodes a list written by ``encode(_:)``.
    public static func decode(_ bytes: [UInt8]) -> [RecordOperation]? {
        guard let values = (try? JSONParser.parse(bytes))?.arrayValue else { return nil }
        var result: [RecordOperation] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard let op = RecordOperation(json: value) else { return nil }
            result.append(op)
        }
        return result
    }
}

import Foundation

/// Writes records in the import formats, so that an export can be read back by an import:
/// `id` names the record, so that importing an export again updates or leaves each record
/// unchanged instead of copying it; `owner` is informative, and `updated` lets an import refuse a row
/// whose record changed after the export.
public enum RecordExport {
    /// The whole CSV export of `views`: a header, then one guarded row per record (``CSVWriter``).
    public static func csv(_ views: [RecordView]) -> String {
        let header = csvHeader(for: views)
        return CSVWriter.row(header) + views.map { CSVWriter.row(csvRow($0, header: header)) }.joined()
    }

    /// The whole JSON export of `views`: an array of ``json(_:)`` objects, one per line.
    public static func jsonArray(_ views: [RecordView]) -> String {
        guard !views.isEmpty else { return "[]\n" }
        return "[\n" + views.map { "  " + String(decoding: json($0).canonicalBytes, as: UTF8.self) }.joined(separator: ",\n") + "\n]\n"
    }

    /// When the record last changed (``ExportStamp``): import refuses a row whose record changed since.
    public static func updated(_ view: RecordView) -> String { ExportStamp.text(view.lastChange.wallMillis) }

    /// The JSON object of one record: `{"type": …, "title": {"fr": …}, "themes": […], …}`.
    public static func json(_ view: RecordView) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(view.id.rawValue), "type": .string(view.type.rawValue), "owner": .string(view.owner.rawValue),
            "updated": .string(updated(view)),
        ]
        for field in CatalogueSchema.fieldNames(of: view.type) {
            let spec = CatalogueSchema.fields[field]!
            switch spec.kind {
            case .multilingual:
                let texts = view.languages(of: field).map {
                    ($0.rawValue, JSONValue.string(view.value(RegisterKey(field: field, lang: $0))!))
                }
                if !texts.isEmpty { object[field] = .object(Dictionary(uniqueKeysWithValues: texts)) }
            case .set:
                let values = view.values(field)
                if !values.isEmpty { object[field] = .array(values.map { .string($0) }) }
            case .register:
                if let value = view.value(RegisterKey(field: field)) {
                    object[field] =
                        (field == "year" || field == "budget_eur") ? Int64(value).map(JSONValue.int) ?? .string(value) : .string(value)
                }
            }
        }
        object["visibility"] = .string(view.isPrivate ? "private" : "network")
        return .object(object)
    }

    /// CSV columns for `views`: id, type, owner, updated, then each field (text fields once per language present).
    public static func csvHeader(for views: [RecordView]) -> [String] {
        var languages: [String: Set<String>] = [:]
        for view in views {
            for key in view.registers.keys where key.lang != nil && view.value(key) != nil {
                languages[key.field, default: []].insert(key.lang!.rawValue)
            }
        }
        var header = ["id", "type", "owner", "updated"]
        for field in CatalogueSchema.order {
            if CatalogueSchema.fields[field]!.kind == .multilingual {
                header += (languages[field] ?? []).sorted().map { "\(field).\($0)" }
            } else {
                header.append(field)
            }
        }
        return header
    }

    /// One CSV row of `view` under `header`.
    public static func csvRow(_ view: RecordView, header: [String]) -> [String] {
        header.map { column in
            switch column {
            case "id": return view.id.rawValue
            case "type": return view.type.rawValue
            case "owner": return view.owner.rawValue
            case "updated": return updated(view)
            case "visibility": return view.isPrivate ? "private" : "network"
            default:
                if let spec = CatalogueSchema.fields[column], spec.kind == .set { return view.values(column).joined(separator: "|") }
                return RegisterKey(column).flatMap(view.value) ?? ""
            }
        }
    }
}

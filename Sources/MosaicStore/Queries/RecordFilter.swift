import GRDB
import MosaicCore

/// Facet filters of listings and searches; `nil` means any.
public struct RecordFilter: Sendable, Hashable {
    public var type: RecordType?
    public var country: String?
    public var theme: String?
    public var member: String?
    public var status: String?
    public var language: String?
    /// Only records that need a translation into this language tag (``RecordView/needsTranslation(into:)``):
    /// kept as the records *not* in the `translated` facet of that language (``Facets/translated``).
    public var needsTranslation: String?
    /// Include deleted records (history views).
    public var includeDeleted = false
    /// Include this node's private records (hidden from anonymous readers).
    public var includePrivate = true

    public init(
        type: RecordType? = nil, country: String? = nil, theme: String? = nil, member: String? = nil, status: String? = nil,
        language: String? = nil, includeDeleted: Bool = false
    ) {
        self.type = type
        self.country = country
        self.theme = theme
        self.member = member
        self.status = status
        self.language = language
        self.includeDeleted = includeDeleted
    }

    /// The facet values a record must have to match, as `(record_facet.facet, value)` with the value
    /// in NFC as the stored ones are (``NormalForm``): the one list of what a filter asks, read both by
    /// ``sql`` and by the in-memory ``FacetIndex``. A new facet filter is one more line here.
    var requiredFacets: [(facet: String, value: String)] {
        let wanted: [(String, String?)] = [
            ("type", type?.rawValue), ("member", member), ("country", country), ("theme", theme), ("status", status),
            ("language", language),
        ]
        return wanted.compactMap { facet, value in value.map { (facet, NormalForm.nfc($0)) } }
    }

    /// SQL conditions on `record r` and their arguments; every value is a bound parameter, so a filter
    /// typed decomposed finds the composed value (``requiredFacets``).
    var sql: (conditions: [String], arguments: StatementArguments) {
        var conditions = ["r.state IS NOT NULL"]
        var arguments: StatementArguments = []
        if !includeDeleted { conditions.append("r.state = 'alive'") }
        if !includePrivate { conditions.append("r.private = 0") }
        for (facet, value) in requiredFacets {
            if facet == "type" {
                // The record's own column: cheaper than the facet table for the most common filter.
                conditions.append("r.type = ?")
                arguments += [value]
            } else {
                conditions.append("EXISTS (SELECT 1 FROM record_facet f WHERE f.facet = ? AND f.value = ? AND f.record = r.rowid)")
                arguments += [facet, value]
            }
        }
        if let needsTranslation {
            conditions.append("NOT EXISTS (SELECT 1 FROM record_facet f WHERE f.facet = ? AND f.value = ? AND f.record = r.rowid)")
            arguments += [Facets.translated, NormalForm.nfc(needsTranslation)]
        }
        return (conditions, arguments)
    }
}

import MosaicCore

/// Every facet value's records as a ``RowSet``, built from one snapshot of the store and then kept
/// up to date from the records written since (``apply(_:)``): counting the facets of any match set
/// is then a few thousand word operations, whatever its size.
struct FacetIndex: Sendable {
    /// Written records beyond which a fresh snapshot is read instead of a delta.
    static let deltaLimit = 2_000
    /// The store's facet names kept: the catalogue's facets, and `year`, which the dashboard counts.
    static let indexed = Set(CatalogueFacet.allCases.map(\.rawValue) + ["year", Facets.translated])

    private(set) var version: Int64
    /// The write stamp the index is up to date with.
    private(set) var touched: Int64
    private var capacity: Int64
    /// Rows by facet name (``indexed``) and value.
    private var values: [String: [String: RowSet]]
    private var alive: RowSet
    private var isPrivate: RowSet

    init(_ snapshot: FacetSnapshot) {
        version = snapshot.version
        touched = snapshot.touched
        capacity = snapshot.maxRowID + 1
        var values: [String: [String: RowSet]] = [:]
        for entry in snapshot.entries {
            guard Self.indexed.contains(entry.facet) else { continue }
            values[entry.facet, default: [:]][entry.value, default: RowSet(capacity: snapshot.maxRowID + 1)].insert(entry.rowID)
        }
        self.values = values
        alive = RowSet(capacity: capacity, rows: snapshot.alive)
        isPrivate = RowSet(capacity: capacity, rows: snapshot.isPrivate)
    }

    /// Brings the index up to date with the records written since it was read.
    mutating func apply(_ delta: FacetDelta) {
        if delta.maxRowID + 1 > capacity {
            capacity = delta.maxRowID + 1
            alive.grow(to: capacity)
            isPrivate.grow(to: capacity)
            for facet in values.keys {
                for value in values[facet]!.keys { values[facet]![value]!.grow(to: capacity) }
            }
        }
        for row in delta.rows {
            row.alive ? alive.insert(row.rowID) : alive.remove(row.rowID)
            row.isPrivate ? isPrivate.insert(row.rowID) : isPrivate.remove(row.rowID)
            for facet in values.keys {
                for value in values[facet]!.keys { values[facet]![value]!.remove(row.rowID) }
            }
        }
        for entry in delta.entries {
            guard Self.indexed.contains(entry.facet) else { continue }
            values[entry.facet, default: [:]][entry.value, default: RowSet(capacity: capacity)].insert(entry.rowID)
        }
        version = delta.version
        touched = delta.touched
    }

    /// The shown records matching `filter` and, when given, among `matches`.
    func matching(_ filter: RecordFilter, among matches: [Int64]?) -> RowSet {
        var set = alive
        if !filter.includePrivate { set.subtract(isPrivate) }
        for (facet, value) in filter.requiredFacets {
            set.formIntersection(values[facet]?[value] ?? RowSet(capacity: 0))
        }
        // "Needs translation into X": the records not in the `translated` facet of X (Facets.translated).
        if let lang = filter.needsTranslation { values[Facets.translated]?[NormalForm.nfc(lang)].map { set.subtract($0) } }
        if let matches { set.formIntersection(RowSet(capacity: capacity, rows: matches)) }
        return set
    }

    /// How many records of `set` have each value of each facet, most frequent first.
    func counts(in set: RowSet, limit: Int) -> [CatalogueFacet: [FacetCount]] {
        let counted = counts(of: CatalogueFacet.allCases.map(\.rawValue), in: set, limit: limit)
        return Dictionary(uniqueKeysWithValues: counted.compactMap { name, counts in CatalogueFacet(rawValue: name).map { ($0, counts) } })
    }

    /// How many records of `set` have each value of each facet named (store facet names such as
    /// `country` or `year`, ``indexed``), most frequent first, at most `limit` values per facet;
    /// values no record of `set` has are left out.
    func counts(of facets: [String], in set: RowSet, limit: Int) -> [String: [FacetCount]] {
        var result: [String: [FacetCount]] = [:]
        for facet in facets {
            let counts = (values[facet] ?? [:]).compactMap { value, rows -> FacetCount? in
                let count = set.countIntersection(rows)
                return count > 0 ? FacetCount(value: value, count: count) : nil
            }
            result[facet] = Array(counts.sorted { ($0.count, $1.value) > ($1.count, $0.value) }.prefix(limit))
        }
        return result
    }
}

import Foundation
import MosaicCore

/// How records, writes and times read in a terminal.
enum RecordText {
    static func time(_ hlc: HybridTimestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(hlc.wallMillis) / 1000))
    }

    static func title(_ view: RecordView) -> String {
        view.text("title", preferring: [LanguageTag("en")!, LanguageTag("fr")!]).map { "\($0.text) [\($0.lang)]" } ?? "(untitled)"
    }

    /// One line for listings.
    static func line(_ view: RecordView) -> String {
        let countries = view.values("countries").joined(separator: ",")
        let themes = view.values("themes").joined(separator: ",")
        let flags = (view.isPrivate ? " private" : "") + (view.conflicts.isEmpty ? "" : " conflict")
        return
            "\(view.id)  \(view.type.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(view.owner.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(title(view))"
            + (countries.isEmpty ? "" : "  (\(countries))") + (themes.isEmpty ? "" : "  #\(themes)") + flags
    }

    /// `member at time`; a revoked member's write says "former member" (what it wrote stays).
    static func write(_ write: Write, former: Set<MemberID> = []) -> String {
        "\(write.id.origin)\(former.contains(write.id.origin) ? " (former member)" : "") at \(time(write.hlc))"
    }

    /// The full provenance page of `record show`.
    /// - Parameter former: revoked members, named "former member" beside what they wrote.
    /// - Parameter mayConfirm: whether this node's member may confirm (write) a language; the way to
    ///   confirm is suggested only then.
    static func details(
        _ view: RecordView, history: [RecordOperation], former: Set<MemberID> = [], mayConfirm: (RegisterKey) -> Bool = { _ in true }
    ) -> String {
        func write(_ write: Write) -> String { Self.write(write, former: former) }
        var lines = [
            "\(view.type.rawValue.capitalized) \(view.id)\(view.isPrivate ? " (private: never leaves this node)" : "")",
            "owner \(view.owner)\(former.contains(view.owner) ? " (former member)" : ""), created \(time(view.created.hlc)), last change \(time(view.lastChange)) by \(view.lastChangeBy)",
        ]
        if view.state == .deleted { lines.append("DELETED") }
        for (key, register) in view.registers.sorted(by: { fieldOrder($0.key) < fieldOrder($1.key) }) {
            let current = register.current
            lines.append("\(key.description.padding(toLength: 20, withPad: " ", startingAt: 0)) \(display(current.value))")
            lines.append("\(String(repeating: " ", count: 21))written by \(write(current))")
            if let stale = view.stale[key] {
                let how =
                    mayConfirm(key)
                    ? "update it, or `mosaic record confirm \(view.id) --field \(key.field) --lang \(key.lang?.rawValue ?? "")`"
                    : "its owner \(view.owner) or a coordinator can update or confirm it"
                lines.append(
                    "\(String(repeating: " ", count: 21))MAY BE OUT OF DATE: \(key.field).\(stale.changedLanguage) was changed by "
                        + "\(stale.write.origin) at \(time(stale.hlc)) (\(how))")
            }
            if register.isConflict {
                lines.append("\(String(repeating: " ", count: 21))CONFLICT (\(view.id)/\(key)): \(register.siblings.count) values")
                for sibling in register.siblings {
                    lines.append("\(String(repeating: " ", count: 23))\(display(sibling.value))  — \(write(sibling))")
                }
            }
        }
        for (field, elements) in view.sets.sorted(by: { fieldOrder(RegisterKey(field: $0.key)) < fieldOrder(RegisterKey(field: $1.key)) }) {
            let values = elements.map { "\($0.value) (\($0.adds.first.map { write($0) } ?? "?"))" }
            lines.append("\(field.padding(toLength: 20, withPad: " ", startingAt: 0)) \(values.joined(separator: ", "))")
        }
        if !view.uncoveredByDelete.isEmpty {
            lines.append(
                "CONFLICT (\(view.id)/delete): deleted, but edited by someone who had not seen the delete: "
                    + view.uncoveredByDelete.map(\.description).joined(separator: ", "))
        }
        if !view.proposals.isEmpty {
            lines.append("Proposals (by members who may not write this record):")
            for proposal in view.proposals {
                let by = "\(proposal.id.origin)\(former.contains(proposal.id.origin) ? " (former member)" : "")"
                lines.append("  \(proposal.id)  \(describe(proposal.change))  — \(by) at \(time(proposal.hlc))")
            }
        }
        let commits = Set(history.map { "\($0.id.origin):\($0.id.stream):\($0.id.seq)" }).count
        lines.append("History: \(history.count) operations in \(commits) commits")
        return lines.joined(separator: "\n")
    }

    static func describe(_ change: Proposal.Change) -> String {
        switch change {
        case .set(let key, let value): "set \(key) = \(display(value))"
        case .add(let field, let value): "add \(value) to \(field)"
        case .remove(let field, let value): "remove \(value) from \(field)"
        case .delete: "delete the record"
        }
    }

    static func display(_ value: String) -> String {
        if value.isEmpty { return "(cleared)" }
        let oneLine = value.replacingOccurrences(of: "\n", with: " ")
        return oneLine.count > 100 ? String(oneLine.prefix(99)) + "…" : oneLine
    }

    private static func fieldOrder(_ key: RegisterKey) -> String {
        let index = CatalogueSchema.order.firstIndex(of: key.field) ?? 99
        return String(format: "%02d", index) + key.description
    }
}

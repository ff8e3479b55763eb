import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

/// Seeds the demo federation: at first start each demo node imports its member's sample
/// records (`Config/demo/catalogue/<member>.json`); the records of members whose node is not
/// started are made with their demo keys on a scratch node; then the nodes exchange their
/// commits once, so that every node starts with the whole merged catalogue.
public enum DemoCatalogue {
    /// What seeding did.
    public struct Report: Sendable {
        /// Records imported per member (only members seen for the first time).
        public var imported: [MemberID: Int] = [:]
        /// Commits exchanged between the nodes.
        public var exchanged = 0
        /// Whether a conflict was seeded for coordinators to resolve.
        public var seededConflict = false
    }

    /// Seeds `setups` (demo nodes only) from the sample files in `directory`.
    public static func seed(_ setups: [NodeSetup], from directory: String) async throws -> Report {
        var report = Report()
        var catalogues: [NodeCatalogue] = []
        for setup in setups where setup.config.demo { catalogues.append(try setup.openCatalogue()) }
        // A member's sample is imported once in the whole demo, by its own node when it runs.
        for catalogue in catalogues {
            let path = (directory as NSString).appendingPathComponent("\(catalogue.member.rawValue).json")
            let member = catalogue.member
            guard FileManager.default.fileExists(atPath: path), !(try await catalogues.asyncContains { try await $0.vector()[member] > 0 })
            else {
                continue
            }
            let result = try await catalogue.importRecords(from: try ImportFile(path: path), skipInvalid: false)
            report.imported[member] = result.imported
        }
        // Members without a running node: their demo key signs their sample records on a scratch node.
        if let first = setups.first(where: { $0.config.demo }), let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        {
            let running = Set(catalogues.map(\.member))
            for name in names.sorted() where name.hasSuffix(".json") {
                guard let member = MemberID(String(name.dropLast(5))), !running.contains(member), first.directory[member] != nil else {
                    continue
                }
                let held = try await catalogues.asyncContains { try await $0.vector()[member] > 0 }
                guard !held else { continue }
                let scratch = NodeCatalogue(
                    store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
                    directory: first.directory)
                let result = try await scratch.importRecords(
                    from: try ImportFile(path: (directory as NSString).appendingPathComponent(name)), skipInvalid: false)
                report.imported[member] = result.imported
                catalogues.append(scratch)
            }
        }
        report.exchanged += try await exchange(catalogues)
        if let directory = setups.first?.directory, try await seedConflict(catalogues, directory: directory, imported: report.imported) {
            report.exchanged += try await exchange(catalogues)
            report.seededConflict = true
        }
        return report
    }

    /// Gives every catalogue the commits of every other one.
    private static func exchange(_ catalogues: [NodeCatalogue]) async throws -> Int {
        var exchanged = 0
        for target in catalogues {
            for source in catalogues where source.member != target.member {
                let (commits, _) = try await source.commits(after: try await target.vector(), limit: .max)
                if !commits.isEmpty { exchanged += try await target.apply(commits, relay: source.member).applied }
            }
        }
        return exchanged
    }

    /// On the first start, the owner of a practice and the coordinator retitle it at the same
    /// time (neither has seen the other's edit), so that the demo opens with a conflict to resolve.
    private static func seedConflict(_ catalogues: [NodeCatalogue], directory: MemberDirectory, imported: [MemberID: Int]) async throws
        -> Bool
    {
        guard let coordinator = catalogues.first(where: { directory[$0.member]?.role == .coordinator }),
            let owner = catalogues.first(where: { $0.member != coordinator.member && imported[$0.member] != nil }),
            let record = try await owner.list(RecordFilter(type: .practice, member: owner.member.rawValue), limit: 1).first,
            let english = LanguageTag("en"), let title = record.value(RegisterKey(field: "title", lang: english))
        else { return false }
        let key = RegisterKey(field: "title", lang: english)
        try await owner.commit([.edit(record.id, [.register(key, "\(title) (2026 edition)")])])
        try await coordinator.commit([.edit(record.id, [.register(key, "\(title): a network good practice")])])
        return true
    }
}

extension Array {
    fileprivate func asyncContains(where predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await predicate(element) { return true }
        return false
    }
}

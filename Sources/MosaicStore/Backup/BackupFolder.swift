import Foundation
import MosaicCore

/// A folder of daily backups of one member's database: `<member>-YYYY-MM-DD.sqlite` (UTC days),
/// at most `keep` of them, the oldest removed first. Files that do not follow the pattern are never touched.
public struct BackupFolder: Sendable {
    /// The folder (absolute).
    public let path: String
    public let member: MemberID
    /// How many daily backups to keep (at least 1).
    public let keep: Int

    public init(path: String, member: MemberID, keep: Int) {
        self.path = path
        self.member = member
        self.keep = max(1, keep)
    }

    /// The backup file of the UTC day holding `date`.
    public func file(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        let name = member.rawValue + String(format: "-%04d-%02d-%02d.sqlite", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        return path + "/" + name
    }

    /// The daily backups in the folder, oldest first.
    public func backups() throws -> [String] {
        let prefix = member.rawValue + "-"
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".sqlite") else { return false }
            let day = name.dropFirst(prefix.count).dropLast(".sqlite".count)
            return day.count == 10
                && day.enumerated().allSatisfy { index, character in
                    [4, 7].contains(index) ? character == "-" : character.isASCII && character.isNumber
                }
        }
        return names.sorted().map { path + "/" + $0 }
    }

    /// Writes today's backup unless it exists, then removes the oldest beyond `keep`.
    /// - Returns: the backup written, or `nil` when today's was already there.
    /// - Throws: ``BackupError`` when the folder is missing or the backup fails (older backups are kept then).
    @discardableResult
    public func backUpIfDue(_ store: CatalogueStore, now: Date) throws -> BackupReport? {
        let target = file(for: now)
        guard !FileManager.default.fileExists(atPath: target) else { return nil }
        let report = try store.backup(to: target)
        let all = try backups()
        for old in all.dropLast(keep) { try? FileManager.default.removeItem(atPath: old) }
        return report
    }
}

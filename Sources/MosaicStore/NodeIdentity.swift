import Foundation
import GRDB
import MosaicCore

/// The one row saying which member a database belongs to, so that a node never opens
/// another node's catalogue by mistake.
enum NodeIdentity {
    static func claim(_ db: Database, for member: MemberID) throws {
        if let owner = try String.fetchOne(db, sql: "SELECT member FROM node_identity WHERE singleton = 1") {
            guard owner == member.rawValue else { throw StoreError.belongsToAnotherMember(owner) }
            return
        }
        try db.execute(
            sql: "INSERT INTO node_identity (singleton, member, created_at) VALUES (1, ?, ?)",
            arguments: [member.rawValue, Date()])
    }

    static func owner(_ db: Database) throws -> MemberID {
        let text = try String.fetchOne(db, sql: "SELECT member FROM node_identity WHERE singleton = 1") ?? ""
        guard let id = MemberID(text) else { throw StoreError.belongsToAnotherMember(text) }
        return id
    }
}

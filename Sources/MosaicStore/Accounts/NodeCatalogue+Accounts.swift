import Crypto
import Foundation
import GRDB
import MosaicCore

/// Local accounts, login sessions and API tokens. Sessions and tokens are random secrets of
/// which only the SHA-256 is stored; passwords arrive already hashed by a slow hash.
extension NodeCatalogue {
    /// Adds an account.
    /// - Throws: ``AccountError`` for a bad or taken name; nothing is written then.
    public func addAccount(_ account: Account, passwordHash: String) async throws {
        guard Account.isValidName(account.name) else { throw AccountError.invalidName(account.name) }
        let now = nowMillis
        try await store.writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) == nil else {
                throw AccountError.exists(account.name)
            }
            try db.execute(
                sql: "INSERT INTO account (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [account.name, account.role.rawValue, passwordHash, now])
        }
    }

    /// Replaces an account's password hash and ends its sessions.
    public func setPassword(of name: String, passwordHash: String) async throws {
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE account SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount == 1 else { throw AccountError.notFound(name) }
            try db.execute(sql: "DELETE FROM session WHERE account = ?", arguments: [name])
        }
    }

    /// Removes an account with its sessions and tokens.
    public func removeAccount(_ name: String) async throws {
        try await store.writer.write { db in
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw AccountError.notFound(name) }
        }
    }

    /// Every account, by name.
    public func accounts() async throws -> [Account] {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role FROM account ORDER BY name").compactMap { row in
                AccountRole(rawValue: row["role"]).map { Account(name: row["name"], role: $0) }
            }
        }
    }

    /// An account with its password hash, for a login.
    public func credentials(of name: String) async throws -> (account: Account, passwordHash: String)? {
        try await store.writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT role, password_hash FROM account WHERE name = ?", arguments: [name]),
                let role = AccountRole(rawValue: row["role"])
            else { return nil }
            return (Account(name: name, role: role), row["password_hash"])
        }
    }

    /// Starts a session for `name` lasting `seconds`; returns its secret (the cookie's value).
    public func openSession(for name: String, seconds: Int) async throws -> String {
        let secret = Self.newSecret(prefix: "s_")
        let expires = nowMillis + Int64(seconds) * 1000
        let now = nowMillis
        try await store.writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO session (token_hash, account, expires_at) VALUES (?, ?, ?)",
                arguments: [Self.hash(secret), name, expires])
        }
        return secret
    }

    /// The account of a live session, or `nil`.
    public func session(_ secret: String) async throws -> Account? {
        let now = nowMillis
        return try await store.writer.read { db in
            try Self.account(
                sql: "SELECT a.name, a.role FROM session s JOIN account a ON a.name = s.account WHERE s.token_hash = ? AND s.expires_at >= ?",
                arguments: [Self.hash(secret), now], db)
        }
    }

    /// Ends a session.
    public func closeSession(_ secret: String) async throws {
        try await store.writer.write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Self.hash(secret)])
        }
    }

    /// Makes an API token for `name`; returns the token, shown once and never stored.
    public func createToken(for name: String, label: String) async throws -> String {
        let secret = Self.newSecret(prefix: "mosaic_")
        let now = nowMillis
        try await store.writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) != nil else {
                throw AccountError.notFound(name)
            }
            try db.execute(
                sql: "INSERT INTO api_token (token_hash, account, label, created_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.hash(secret), name, String(label.prefix(200)), now])
        }
        return secret
    }

    /// The account an API token belongs to, or `nil`.
    public func tokenAccount(_ token: String) async throws -> Account? {
        try await store.writer.read { db in
            try Self.account(
                sql: "SELECT a.name, a.role FROM api_token t JOIN account a ON a.name = t.account WHERE t.token_hash = ?",
                arguments: [Self.hash(token)], db)
        }
    }

    /// Every API token's description.
    public func tokens() async throws -> [APITokenInfo] {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT token_hash, account, label, created_at FROM api_token ORDER BY account, created_at").map { row in
                let hash: Data = row["token_hash"]
                return APITokenInfo(
                    account: row["account"], label: row["label"], createdAt: row["created_at"],
                    fingerprint: hash.prefix(4).map { String(format: "%02x", $0) }.joined())
            }
        }
    }

    /// Revokes the tokens whose fingerprint starts with `fingerprint`; returns how many.
    public func revokeTokens(fingerprint: String) async throws -> Int {
        let wanted = fingerprint.lowercased()
        return try await store.writer.write { db in
            var revoked = 0
            for hash in try Data.fetchAll(db, sql: "SELECT token_hash FROM api_token")
            where !wanted.isEmpty && hash.map({ String(format: "%02x", $0) }).joined().hasPrefix(wanted) {
                try db.execute(sql: "DELETE FROM api_token WHERE token_hash = ?", arguments: [hash])
                revoked += 1
            }
            return revoked
        }
    }

    private static func account(sql: String, arguments: StatementArguments, _ db: Database) throws -> Account? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments), let role = AccountRole(rawValue: row["role"]) else {
            return nil
        }
        return Account(name: row["name"], role: role)
    }

    private static func hash(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    /// 32 random bytes from the system's generator, base64url.
    public static func newSecret(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

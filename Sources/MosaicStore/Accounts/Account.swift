import Foundation

/// What a local account may do: editors write records; coordinators also resolve conflicts,
/// decide proposals and start a sync.
public enum AccountRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case editor
    case coordinator

    public static func < (lhs: AccountRole, rhs: AccountRole) -> Bool { lhs == .editor && rhs == .coordinator }
}

/// A person's local account on one node (web interface and API); never synced.
public struct Account: Sendable, Hashable {
    public let name: String
    public let role: AccountRole

    public init(name: String, role: AccountRole) {
        self.name = name
        self.role = role
    }

    /// Whether `name` is a valid account name: 1 to 64 letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
            }
    }
}

/// An API token as listed: its label and when it was made (the secret itself is never kept).
public struct APITokenInfo: Sendable, Hashable {
    public let account: String
    public let label: String
    public let createdAt: Int64
    /// The first characters of the token's hash, to tell tokens apart when revoking.
    public let fingerprint: String
}

/// Why an account operation was refused.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case exists(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "'\(name.prefix(80))' is not a valid account name: use 1 to 64 letters, digits, '.', '_' or '-'"
        case .exists(let name): "an account named '\(name)' already exists (remove it first, or pick another name)"
        case .notFound(let name): "no account named '\(name)' on this node (see `mosaic user list`)"
        }
    }
}

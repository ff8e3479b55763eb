import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt (salted, slow), off the server's event loops.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost: 2^cost rounds. 12 takes about a quarter of a second.
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    /// The shortest and longest password accepted (bcrypt reads at most 72 bytes).
    public static let lengths = 10...72

    /// Why a password is refused.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks a new password's length.
    public static func check(_ password: String) throws(Refusal) {
        guard lengths.contains(password.utf8.count) else {
            throw Refusal(description: "a password needs \(lengths.lowerBound) to \(lengths.upperBound) bytes (this one has \(password.utf8.count))")
        }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        guard Self.lengths.upperBound >= password.utf8.count else { return false }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// The inputs a node takes from outside, one libFuzzer target each.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The body of `POST /sync/v1/pull`, served from the node's store.
    case pullRequest = "pull-request"
    /// A peer's answer to a pull, applied to the node's store.
    case pullResponse = "pull-response"
    /// Commit bytes: decoded, signed by their origin's key, verified and applied.
    case commit
    /// The signature headers of a sync request, verified.
    case signature
    /// A node's YAML configuration file, loaded with its member directory and key file.
    case nodeConfig = "node-config"
    /// One YAML member file, loaded with the rest of the directory.
    case memberFile = "member-file"
    /// A CSV import file, read and imported into the node's store.
    case csvImport = "csv-import"
    /// A JSON import file, read and imported into the node's store.
    case jsonImport = "json-import"
    /// A search as a person types it, run against the node's full-text index.
    case search

    /// The largest input worth trying (`-max_len`): a little above the largest real one.
    public var maxLength: Int {
        switch self {
        case .pullRequest: 1024
        case .pullResponse: 32_768
        case .commit: 8192
        case .signature: 2048
        case .nodeConfig, .memberFile: 4096
        case .csvImport, .jsonImport: 16_384
        case .search: 512
        }
    }

    /// Runs one input; throws ``FuzzViolation`` when a property breaks (a defect).
    public func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        do {
            return try await check(bytes, in: fixture)
        } catch let violation as FuzzViolation {
            throw violation
        } catch {
            throw FuzzViolation("unexpected error \(type(of: error)): \(error)")
        }
    }

    private func check(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        switch self {
        case .pullRequest: try await PullRequestTarget.run(bytes, in: fixture)
        case .pullResponse: try await PullResponseTarget.run(bytes, in: fixture)
        case .commit: try await CommitTarget.run(bytes, in: fixture)
        case .signature: try SignatureTarget.run(bytes, in: fixture)
        case .nodeConfig: try NodeConfigTarget.run(bytes, in: fixture)
        case .memberFile: try MemberFileTarget.run(bytes, in: fixture)
        case .csvImport: try await ImportTarget.run(bytes, format: .csv, in: fixture)
        case .jsonImport: try await ImportTarget.run(bytes, format: .json, in: fixture)
        case .search: try await SearchTarget.run(bytes, in: fixture)
        }
    }
}

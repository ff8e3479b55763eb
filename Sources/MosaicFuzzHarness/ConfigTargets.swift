import Foundation
import MosaicConfig
import MosaicCore

/// A node's YAML configuration, next to a valid member directory and key file: the loader
/// either reports at least one located problem, or returns a setup whose member is in the
/// directory and whose key is that member's.
enum NodeConfigTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) throws -> FuzzVerdict {
        try ConfigFolder.prepare(in: fixture)
        let path = try fixture.write(bytes, to: "node/config.yaml")
        switch NodeConfigLoader.load(path: path) {
        case .failure(let problems):
            try ConfigFolder.check(problems)
            return .rejected(problems.description)
        case .success(let setup):
            let member = setup.directory[setup.config.member]
            try require(member != nil, "loaded a node of '\(setup.config.member)', which is not in its directory")
            try require(member?.publicKey == setup.signingKey.publicKey, "loaded a key that is not the member's")
            let sync = setup.config.sync
            try require(
                (5...86_400).contains(sync.intervalSeconds) && (1...10_000).contains(sync.pageSize)
                    && (1024...(64 << 20)).contains(sync.maxBodyBytes), "loaded sync settings out of range: \(sync)")
            return .applied
        }
    }
}

/// One member file among valid ones: the loader either reports located problems, or returns
/// a directory of four members with distinct ids and keys, the fuzzed one among them.
enum MemberFileTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) throws -> FuzzVerdict {
        try ConfigFolder.prepare(in: fixture)
        _ = try fixture.write(bytes, to: "members-fuzz/\(ConfigFolder.fuzzedMember).yaml")
        switch MemberDirectoryLoader.load(path: fixture.folder + "/members-fuzz") {
        case .failure(let problems):
            try ConfigFolder.check(problems)
            return .rejected(problems.description)
        case .success(let directory):
            try require(directory.members.count == FuzzFixture.members.count + 1, "loaded \(directory.members.count) members")
            try require(Set(directory.members.map(\.id)).count == directory.members.count, "loaded two members with one id")
            try require(Set(directory.members.map(\.publicKey)).count == directory.members.count, "loaded two members with one key")
            try require(directory[MemberID(ConfigFolder.fuzzedMember)!] != nil, "the fuzzed file's member is not its file name")
            return .applied
        }
    }
}

/// The files around the fuzzed one: `Members/` and a key file for the node target,
/// `members-fuzz/` for the member file target.
enum ConfigFolder {
    /// The member whose file the member file target fuzzes.
    static let fuzzedMember = "ecpat-nl"

    static func prepare(in fixture: FuzzFixture) throws {
        let marker = fixture.folder + "/Members/\(FuzzFixture.local).yaml"
        guard !FileManager.default.fileExists(atPath: marker) else { return }
        for member in FuzzFixture.members {
            let text = memberYAML(
                id: member.rawValue, key: FuzzFixture.key(member).publicKey.base64, coordinator: member == FuzzFixture.coordinator)
            _ = try fixture.write(Array(text.utf8), to: "Members/\(member).yaml")
            _ = try fixture.write(Array(text.utf8), to: "members-fuzz/\(member).yaml")
        }
        let keyPath = try fixture.write(
            Array(FuzzFixture.key(FuzzFixture.local).fileText(for: FuzzFixture.local).utf8), to: "keys/ecpat-be.key")
        guard chmod(keyPath, 0o600) == 0 else { throw FuzzViolation("cannot chmod the key file") }
    }

    /// A member file as `Members/` holds them.
    static func memberYAML(id: String, key: String, coordinator: Bool = false) -> String {
        """
        id: \(id)
        name: Organisation \(id)
        country: BE
        languages: [fr, nl, en]
        endpoint: http://127.0.0.1:8402
        public_key: \(key)
        role: \(coordinator ? "coordinator" : "member")

        """
    }

    /// Every refusal names at least one problem, each at a real place.
    static func check(_ problems: ConfigProblems) throws {
        try require(!problems.problems.isEmpty, "refused with no problem named")
        for problem in problems.problems {
            try require(problem.line >= 1 && problem.column >= 1, "a problem at line \(problem.line) column \(problem.column): \(problem)")
            try require(!problem.expected.isEmpty, "a problem that does not say what is expected: \(problem)")
        }
    }
}

import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// One test per problem the node config loader reports, each checking the text and the position.
@Suite struct NodeConfigLoaderTests {
    @Test func validFixtureLoadsWithDefaults() throws {
        let fixture = try NetworkFixture()
        let setup = try fixture.load().get()
        #expect(setup.config.member.rawValue == "alpha")
        #expect(setup.config.sync.intervalSeconds == 30)
        #expect(setup.config.sync.timeoutSeconds == 30)  // default
        #expect(setup.config.clockSkewSeconds == 300)  // default
        #expect(setup.config.databasePath == fixture.path("alpha.sqlite"))
        #expect(setup.peers.map(\.id.rawValue) == ["beta"])  // gamma has no endpoint
        #expect(setup.signingKey.publicKey == fixture.keys["alpha"]!.publicKey)
    }

    @Test func malformedYAMLGivesLineAndColumn() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", "member: alpha\nsync:\n  interval_seconds: [1, 2\nkey_file: x\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.file.hasSuffix("node.yaml"))
        #expect(problem.found.hasPrefix("malformed YAML"))
        #expect(problem.line == 4)
        #expect(problem.column == 9)
    }

    @Test func unknownKeySuggestsTheClosestKey() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "interval_seconds", with: "intervall_seconds"))
        let problems = fixture.problems()
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.key == "sync.intervall_seconds")
        #expect(problem.found == "the unknown key 'intervall_seconds'")
        #expect(problem.expected.hasSuffix("did you mean 'interval_seconds'?"))
        #expect((problem.line, problem.column) == (6, 3))
        #expect(problem.description.contains("node.yaml:6:3: sync.intervall_seconds: found the unknown key"))
    }

    @Test func unknownTopLevelKeyWithoutCloseMatchListsTheKeys() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "whatever: 1\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "whatever")
        #expect(!problem.expected.contains("did you mean"))
        #expect(problem.expected.contains("member, listen, database"))
        #expect((problem.line, problem.column) == (8, 1))
    }

    @Test func wrongTypeNamesWhatWasFound() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "interval_seconds: 30", with: "interval_seconds: soon"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "sync.interval_seconds")
        #expect(problem.found == "'soon'")
        #expect(problem.expected == "a whole number of seconds from 5 to 86400")
        #expect((problem.line, problem.column) == (6, 21))
    }

    @Test func mappingWhereAListIsExpected() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "peers:\n  beta: yes\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "peers")
        #expect(problem.found == "a mapping")
        #expect(problem.expected.hasPrefix("a list of a member id"))
        #expect((problem.line, problem.column) == (9, 3))
    }

    @Test func missingRequiredKey() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "key_file: keys/alpha.key\n", with: ""))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "key_file")
        #expect(problem.found == "no 'key_file' key")
        #expect(problem.expected.contains("required"))
        #expect((problem.line, problem.column) == (1, 1))
    }

    @Test func intervalOutOfRange() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "interval_seconds: 30", with: "interval_seconds: 2"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "sync.interval_seconds")
        #expect(problem.found == "2")
        #expect((problem.line, problem.column) == (6, 21))
    }

    @Test func timeoutOutOfRange() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "  timeout_seconds: 900\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "sync.timeout_seconds")
        #expect(problem.found == "900")
        #expect(problem.expected == "a whole number of seconds from 1 to 300")
        #expect((problem.line, problem.column) == (8, 20))
    }

    @Test func jitterMustBeSmallerThanInterval() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "jitter_seconds: 5", with: "jitter_seconds: 30"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "sync.jitter_seconds")
        #expect(problem.found.contains("not less than interval_seconds (30)"))
        #expect((problem.line, problem.column) == (7, 19))
    }

    @Test func peerNamingAnUnknownMemberSuggestsOne() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "peers: [beta, betta]\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "peers[1]")
        #expect(problem.found == "'betta', which is not a member of the directory")
        #expect(problem.expected.hasSuffix("did you mean 'beta'?"))
        #expect((problem.line, problem.column) == (8, 15))
    }

    @Test func peerLookalikeIdsAreNotNormalised() throws {
        let fixture = try NetworkFixture()
        // Upper case, trailing slash, Cyrillic "е": none is beta.
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "peers: [Beta, beta/, b\u{0435}ta]\n")
        let problems = fixture.problems()
        #expect(problems.map(\.key) == ["peers[0]", "peers[1]", "peers[2]"])
        #expect(problems.allSatisfy { $0.found.contains("not a member of the directory") })
    }

    @Test func peerWithoutEndpointOrSelf() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "peers: [alpha, gamma]\n")
        let problems = fixture.problems()
        try #require(problems.count == 2)
        #expect(problems[0].found == "the node's own member 'alpha'")
        #expect((problems[0].line, problems[0].column) == (8, 9))
        #expect(problems[1].found == "'gamma', which has no endpoint in its member file")
        #expect((problems[1].line, problems[1].column) == (8, 16))
    }

    @Test func nodeMemberMissingFromDirectory() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile.replacingOccurrences(of: "member: alpha", with: "member: alpah"))
        let problem = try #require(fixture.problems().first { $0.key == "member" })
        #expect(problem.found.hasPrefix("'alpah', which has no file in"))
        #expect(problem.expected.hasSuffix("did you mean 'alpha'?"))
        #expect((problem.line, problem.column) == (1, 9))
    }

    /// The node's own member file has a mistake: that mistake is reported, not "no file" for a
    /// file that is there (with advice pointing at another member).
    @Test func aMistakeInTheNodesOwnMemberFileIsNotAMissingFile() throws {
        let fixture = try NetworkFixture()
        try fixture.write("Members/alpha.yaml", fixture.memberFile(id: "alpha", country: "at", role: "coordinator"))
        let problems = fixture.problems()
        #expect(problems.contains { $0.key == "country" && ($0.file as NSString).lastPathComponent == "alpha.yaml" })
        #expect(!problems.contains { $0.key == "member" }, "\(problems)")
    }

    /// A peer's member file has a mistake: that mistake is reported, not also "not a member".
    @Test func aMistakeInAPeersMemberFileIsNotAnUnknownPeer() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "peers: [beta]\n")
        try fixture.write("Members/beta.yaml", fixture.memberFile(id: "beta", country: "be", endpoint: "https://beta.example.org"))
        let problems = fixture.problems()
        #expect(problems.contains { $0.key == "country" && ($0.file as NSString).lastPathComponent == "beta.yaml" })
        #expect(!problems.contains { $0.key.hasPrefix("peers") }, "\(problems)")
    }

    @Test func keyFileMissing() throws {
        let fixture = try NetworkFixture()
        try fixture.remove("keys/alpha.key")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "key_file")
        #expect(problem.found.hasPrefix("no key file at"))
        #expect(problem.expected.contains("mosaic keys generate --out"))
        #expect((problem.line, problem.column) == (3, 11))
    }

    @Test func keyFileReadableByOthers() throws {
        let fixture = try NetworkFixture()
        try fixture.writeKey("alpha", mode: 0o644)
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "key_file")
        #expect(problem.found.hasSuffix("with mode 644, readable by others"))
        #expect(problem.expected.contains("chmod 600"))
        #expect((problem.line, problem.column) == (3, 11))
    }

    @Test func keyFileOfAnotherMember() throws {
        let fixture = try NetworkFixture()
        try fixture.writeKey("alpha", key: fixture.keys["beta"]!)
        let problem = try #require(fixture.problems().first)
        #expect(problem.found == "a key whose public key is \(fixture.keys["beta"]!.publicKey.base64)")
        #expect(problem.expected.contains("Members/alpha.yaml"))
    }

    @Test func demoKeyIsRefusedOnARealNode() throws {
        let fixture = try NetworkFixture()
        let demoKey = DemoKeys.signingKey(for: MemberID("alpha")!)
        try fixture.write(
            "Members/alpha.yaml",
            fixture.memberFile(
                id: "alpha", country: "AT", role: "coordinator", endpoint: "http://127.0.0.1:9001", publicKey: demoKey.publicKey.base64))
        try fixture.writeKey("alpha", key: demoKey)
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "key_file")
        #expect(problem.found.hasPrefix("the public demo key of 'alpha'"))
        #expect((problem.line, problem.column) == (3, 11))
        // The same files are accepted for a demo node.
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "demo: true\n")
        #expect(fixture.problems().isEmpty)
    }

    @Test func anchorsAndAliasesAreRefused() throws {
        let fixture = try NetworkFixture()
        let laughs = """
            member: alpha
            key_file: keys/alpha.key
            members_dir: Members
            a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
            h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
            i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
            """
        try fixture.write("node.yaml", laughs)
        let problems = fixture.problems()
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.found == "the YAML anchor or alias '&a'")
        #expect((problem.line, problem.column) == (4, 4))
    }

    @Test func anchorLikeTextInsideValuesIsAccepted() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "Members/beta.yaml",
            fixture.memberFile(id: "beta", country: "BE", endpoint: "https://beta.example.org")
                .replacingOccurrences(of: "name: Organisation beta", with: "name: \"Save *the* Children & co\" # *not an alias*"))
        #expect(fixture.problems().isEmpty)
    }

    @Test func filesOverOneMebibyteAreRefused() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "\n#" + String(repeating: "x", count: 1 << 20) + "\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.found.hasPrefix("a file of "))
        #expect(problem.expected == "at most 1 MiB (1048576 bytes)")
        #expect((problem.line, problem.column) == (1, 1))
    }

    @Test func duplicateKeyInOneMapping() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "  interval_seconds: 40\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "interval_seconds")
        #expect(problem.found == "the key written more than once in one mapping")
        #expect(problem.line == 6)
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml",
            """
            member: alpha
            listen: nowhere
            key_file: keys/alpha.key
            members_dir: Members
            colour: blue
            sync:
              interval_seconds: 1
              timeout_seconds: -4
            clock_skew_seconds: later
            """)
        try fixture.write("Members/gamma.yaml", fixture.memberFile(id: "gamma", country: "XX"))
        let problems = fixture.problems()
        #expect(
            problems.map(\.key).sorted() == [
                "clock_skew_seconds", "colour", "country", "listen", "sync.interval_seconds", "sync.timeout_seconds",
            ])
        // Sorted by file, then line.
        #expect(problems.first?.file.hasSuffix("gamma.yaml") == true)
    }
}

/// The demo's move of a node to a free port, seen by every node.
@Suite struct RelocationTests {
    @Test func movedMembersGetNewEndpointsAndTheirOwnNodeANewListenPort() throws {
        let fixture = try NetworkFixture()
        let setup = try fixture.load().get()
        let moved = setup.relocating([MemberID("alpha")!: 45001, MemberID("beta")!: 45002])
        #expect(moved.config.listen.port == 45001)
        #expect(moved.directory[MemberID("alpha")!]?.endpoint?.absoluteString == "http://127.0.0.1:45001")
        #expect(moved.directory[MemberID("beta")!]?.endpoint?.absoluteString == "https://beta.example.org:45002")
        #expect(moved.directory[MemberID("gamma")!]?.endpoint == nil)
        #expect(setup.relocating([:]).directory.members == setup.directory.members)
    }
}

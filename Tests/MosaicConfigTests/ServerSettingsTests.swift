import Foundation
import MosaicConfig
import Testing

/// The `server:` section: timeouts and connection caps, with defaults, ranges and positions.
@Suite struct ServerSettingsTests {
    /// The 1-based line the appended text's `index`-th line lands on.
    func line(_ index: Int) -> Int { NetworkFixture.nodeFile.split(separator: "\n", omittingEmptySubsequences: false).count + index - 1 }

    @Test func defaultsWhenAbsent() throws {
        let server = try NetworkFixture().load().get().config.server
        #expect(server == ServerSettings())
        #expect((server.requestTimeoutSeconds, server.idleTimeoutSeconds) == (20, 30))
        #expect((server.maxConnections, server.maxConnectionsPerAddress) == (512, 32))
    }

    @Test func valuesAreRead() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml",
            NetworkFixture.nodeFile
                + "server:\n  request_timeout_seconds: 5\n  idle_timeout_seconds: 7\n  max_connections: 100\n  max_connections_per_address: 100\n"
        )
        let server = try fixture.load().get().config.server
        #expect((server.requestTimeoutSeconds, server.idleTimeoutSeconds) == (5, 7))
        #expect((server.maxConnections, server.maxConnectionsPerAddress) == (100, 100))
    }

    @Test func anUnknownKeyIsAnErrorWithItsPosition() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "server:\n  max_conections: 10\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "server.max_conections")
        #expect(problem.expected.contains("max_connections"))
        #expect((problem.line, problem.column) == (line(2), 3))
    }

    @Test func outOfRangeAndPerAddressAboveTheTotalAreRefused() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml",
            NetworkFixture.nodeFile + "server:\n  request_timeout_seconds: 0\n  max_connections: 10\n  max_connections_per_address: 11\n")
        let problems = fixture.problems()
        #expect(problems.map(\.key) == ["server.request_timeout_seconds", "server.max_connections_per_address"])
        #expect(problems[0].expected == "a whole number of seconds from 1 to 600")
        #expect((problems[0].line, problems[0].column) == (line(2), 28))
        #expect(problems[1].found.contains("more than max_connections (10)"))
        #expect((problems[1].line, problems[1].column) == (line(4), 32))
    }
}

import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// The member directory's own checks: each member file alone, then all of them together.
@Suite struct MemberDirectoryTests {
    @Test func memberIdNotMatchingTheRule() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "Members/beta.yaml", fixture.memberFile(id: "beta", country: "BE").replacingOccurrences(of: "id: beta", with: "id: Beta_Org"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.file.hasSuffix("Members/beta.yaml"))
        #expect(problem.key == "id")
        #expect(problem.found == "'Beta_Org'")
        #expect(problem.expected.hasPrefix("a member id: 2 to 32 characters"))
        #expect((problem.line, problem.column) == (1, 5))
    }

    @Test func memberIdNotMatchingTheFileName() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "Members/beta.yaml", fixture.memberFile(id: "beta", country: "BE").replacingOccurrences(of: "id: beta", with: "id: delta"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.found == "'delta' in the file beta.yaml")
        #expect(problem.expected.contains("('beta')"))
        #expect((problem.line, problem.column) == (1, 5))
    }

    @Test func duplicateMemberIds() throws {
        let fixture = try NetworkFixture()
        // beta.yml names the same member as beta.yaml.
        try fixture.write("Members/beta.yml", fixture.memberFile(id: "beta", country: "BE", publicKey: MemberSigningKey().publicKey.base64))
        let problem = try #require(fixture.problems().first)
        #expect(problem.file.hasSuffix("Members/beta.yml"))
        #expect(problem.found.hasPrefix("the id 'beta', already used by"))
        #expect(problem.found.hasSuffix("Members/beta.yaml"))
        #expect((problem.line, problem.column) == (1, 5))
    }

    @Test func twoMembersWithTheSamePublicKey() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "Members/gamma.yaml", fixture.memberFile(id: "gamma", country: "KZ", publicKey: fixture.keys["beta"]!.publicKey.base64))
        let problem = try #require(fixture.problems().first)
        #expect(problem.file.hasSuffix("Members/gamma.yaml"))
        #expect(problem.key == "public_key")
        #expect(problem.found.hasPrefix("the same public key as"))
        #expect(problem.found.hasSuffix("beta.yaml"))
        #expect((problem.line, problem.column) == (5, 13))
    }

    @Test func malformedPublicKey() throws {
        let fixture = try NetworkFixture()
        try fixture.write("Members/gamma.yaml", fixture.memberFile(id: "gamma", country: "KZ", publicKey: "bm90IGEga2V5"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "public_key")
        #expect(problem.found == "'bm90IGEga2V5', which is not base64 of 32 bytes")
        #expect((problem.line, problem.column) == (5, 13))
    }

    @Test(arguments: [
        "ftp://beta.example.org", "beta.example.org", "https://", "https://user:pw@beta.example.org", "http://beta.example.org/?x=1",
    ])
    func malformedOrNonHTTPEndpoint(endpoint: String) throws {
        let fixture = try NetworkFixture()
        try fixture.write("Members/beta.yaml", fixture.memberFile(id: "beta", country: "BE", endpoint: endpoint))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "endpoint")
        #expect(problem.found == "'\(endpoint)'")
        #expect(problem.expected.hasPrefix("an http:// or https:// base URL"))
        #expect((problem.line, problem.column) == (5, 11))
    }

    @Test func unknownCountryCode() throws {
        let fixture = try NetworkFixture()
        try fixture.write("Members/gamma.yaml", fixture.memberFile(id: "gamma", country: "XK"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "country")
        #expect(problem.found == "'XK'")
        #expect(problem.expected.hasPrefix("an ISO 3166-1 alpha-2 country code"))
        #expect((problem.line, problem.column) == (3, 10))
    }

    @Test func lowerCaseCountryCodeSuggestsCapitals() throws {
        let fixture = try NetworkFixture()
        try fixture.write("Members/gamma.yaml", fixture.memberFile(id: "gamma", country: "kz"))
        let problem = try #require(fixture.problems().first)
        #expect(problem.expected.hasSuffix("did you mean 'KZ'?"))
    }

    @Test func unknownRoleAndBadLanguage() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "Members/gamma.yaml",
            fixture.memberFile(id: "gamma", country: "KZ", role: "admin").replacingOccurrences(of: "[fr, en]", with: "[fr, English]"))
        let problems = fixture.problems()
        #expect(problems.map(\.key) == ["languages[1]", "role"])
        #expect(problems[0].found == "'English'")
        #expect(problems[1].expected == "member or coordinator")
    }

    @Test func emptyDirectory() throws {
        let fixture = try NetworkFixture()
        for id in ["alpha", "beta", "gamma"] { try fixture.remove("Members/\(id).yaml") }
        let problem = try #require(fixture.problems().first { $0.key == "members_dir" })
        #expect(problem.found.hasPrefix("no member files in"))
        #expect((problem.line, problem.column) == (4, 14))
    }

    @Test func shippedMembersAreTheDemoNetwork() throws {
        let directory = try MemberDirectoryLoader.load(path: RepositoryFiles.path("Members")).get()
        #expect(directory.members.count >= 8)
        #expect(directory.coordinators.count >= 1)
        let countries = Set(directory.members.map(\.country.rawValue))
        #expect(countries.isSuperset(of: ["BE", "MD", "KZ"]))  // West, East, Central Asia
        for member in directory.members {
            #expect(DemoKeys.isDemoKey(member.publicKey, of: member.id), "\(member.id) should carry its demo public key")
        }
    }
}

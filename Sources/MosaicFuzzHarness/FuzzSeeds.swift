import Foundation
import MosaicCore
import MosaicStore
import MosaicSync

/// Seed inputs for each target, made from the fixture's real records, commits and keys:
/// valid examples (so that the fuzzer starts past the parsers) and a few invalid ones.
/// `Tests/Fuzz/corpus/<target>/` holds them as files (see `MOSAIC_FUZZ_WRITE_SEEDS`).
public enum FuzzSeeds {
    /// Named seed inputs of `target`.
    public static func seeds(for target: FuzzTarget, in fixture: FuzzFixture) async throws -> [(name: String, bytes: [UInt8])] {
        func text(_ name: String, _ value: String) -> (name: String, bytes: [UInt8]) { (name, Array(value.utf8)) }
        let catalogue = fixture.catalogue
        switch target {
        case .pullRequest:
            let vector = try await catalogue.vector()
            return [
                ("empty-vector", PullRequest(vector: VersionVector(), limit: 500).bytes),
                ("current-vector", PullRequest(vector: vector, limit: 1).bytes),
                ("partial-vector", PullRequest(vector: VersionVector([FuzzFixture.local: 1, FuzzFixture.peer: 1]), limit: 2).bytes),
                ("one-origin", PullRequest(vector: VersionVector(), limit: 500, origins: [FuzzFixture.peer]).bytes),
                text("limit-zero", #"{"limit":0,"vector":{}}"#),
                text("extra-key", #"{"limit":5,"more":true,"vector":{"ecpat-be":1}}"#),
                text("negative-seq", #"{"limit":5,"vector":{"ecpat-be":-1}}"#),
            ]
        case .pullResponse:
            let vector = try await catalogue.vector()
            let pending = fixture.pendingCommits
            return [
                ("pending", PullResponse(commits: pending, more: false, vector: vector).bytes),
                ("pending-first", PullResponse(commits: Array(pending.prefix(1)), more: true, vector: vector).bytes),
                ("held-again", PullResponse(commits: fixture.heldCommits, more: false, vector: vector).bytes),
                ("gap", PullResponse(commits: Array(pending.dropFirst()), more: false, vector: vector).bytes),
                ("empty", PullResponse(commits: [], more: false, vector: VersionVector()).bytes),
                text("bad-signature", #"{"commits":[{"commit":"{}","signature":"AAAA"}],"more":false,"vector":{}}"#),
            ]
        case .commit:
            var seeds: [(name: String, bytes: [UInt8])] = (fixture.heldCommits + fixture.pendingCommits).enumerated().map {
                (name: "commit-\($0.offset)", bytes: $0.element.bytes)
            }
            seeds.append(text("not-canonical", #"{ "v":1 }"#))
            seeds.append(text("empty-ops", #"{"hlc":[1764000000000,0],"ops":[],"origin":"ecpat-fr","seq":3,"stream":"public","v":1}"#))
            return seeds
        case .signature:
            let body = PullRequest(vector: try await catalogue.vector(), limit: 500).bytes
            let nonce = "n0nce-f0r-fuzz1ng-0001"
            return [
                ("pull", SignatureTarget.input(method: "POST", path: "/sync/v1/pull", body: body, member: FuzzFixture.peer, nonce: nonce)),
                (
                    "vector",
                    SignatureTarget.input(method: "GET", path: "/sync/v1/vector", body: [], member: FuzzFixture.coordinator, nonce: nonce)
                ),
                (
                    "old",
                    SignatureTarget.input(
                        method: "POST", path: "/sync/v1/pull", body: body, member: FuzzFixture.local, created: SignatureTarget.now - 3600,
                        nonce: nonce)
                ),
                (
                    "outsider",
                    SignatureTarget.input(method: "POST", path: "/sync/v1/pull", body: body, member: FuzzFixture.outsider, nonce: nonce)
                ),
            ]
        case .nodeConfig:
            let valid = """
                member: ecpat-be
                demo: true
                listen: 127.0.0.1:8402
                database: data/ecpat-be.sqlite
                key_file: ../keys/ecpat-be.key
                members_dir: ../Members
                peers: [ecpat-fr, secretariat]
                sync:
                  interval_seconds: 10
                  jitter_seconds: 2
                  backoff_max_seconds: 60
                  page_size: 500
                ui:
                  enabled: true
                  default_language: fr
                  anonymous_read: true
                auth:
                  session_hours: 12

                """
            return [
                text("valid", valid),
                text("minimal", "member: ecpat-be\ndemo: true\nkey_file: ../keys/ecpat-be.key\nmembers_dir: ../Members\n"),
                text("unknown-key", valid + "colour: blue\n"),
                text("anchors", "a: &a [x, x]\nb: &b [*a, *a]\nmember: *b\n"),
                text("not-a-mapping", "- ecpat-be\n"),
            ]
        case .memberFile:
            let id = ConfigFolder.fuzzedMember
            let key = FuzzFixture.key(MemberID(id)!).publicKey.base64
            return [
                text("valid", ConfigFolder.memberYAML(id: id, key: key)),
                text("duplicate-key", ConfigFolder.memberYAML(id: id, key: FuzzFixture.key(FuzzFixture.peer).publicKey.base64)),
                text("wrong-id", ConfigFolder.memberYAML(id: "ecpat-nl-2", key: key)),
                text("flow", "{id: \(id), name: X, country: NL, languages: [nl], public_key: \"\(key)\", role: member}\n"),
            ]
        case .csvImport:
            let export = RecordExport.csv(try await catalogue.list(limit: 100))
            return [
                text("export", export),
                text("quoted", "type,title.fr,summary.fr,themes\r\npractice,\"Fiche, \"\"citée\"\"\",\"sur\ndeux lignes\",a|b\n"),
                text("bad-row", "type,title.fr,year\npractice,Fiche,2024\nproject,,12\n"),
                text("no-type", "title.fr\nFiche\n"),
            ]
        case .jsonImport:
            let views = try await catalogue.list(limit: 100)
            let export = JSONValue.array(views.map(RecordExport.json)).canonicalBytes
            return [
                ("export", export),
                text(
                    "private",
                    #"[{"type":"practice","title":{"fr":"Note"},"visibility":"private"},{"type":"project","title":{"en":"P"},"budget_eur":1000}]"#
                ),
                text("bad-field", #"[{"type":"practice","title":{"fr":"A"},"colour":"blue"}]"#),
                text("not-array", #"{"type":"practice"}"#),
            ]
        case .search:
            return [
                text("word", "formation"), text("prefix", "préven"), text("two-words", "child protection"),
                text("operators", "\"educ* NEAR(a b) OR -x AND title:y"), text("sql", "'; DROP TABLE record; --"),
                text("no-word", "*** ---"),
                // The letters of the search folding (SearchFolding): strokes, ligatures, Cyrillic
                // letters kept or folded, decomposed input, compatibility forms and a stack of marks.
                text("polish-l", "lodzi sile Łodzi Siłę"), text("latin-letters", "Straße strasse œuvre æble øre þing đak ð ı"),
                text("romanian", "școală şcoală țară ţară â î"), text("russian", "ёлка Ё йод Й"),
                text("ukrainian", "їжак єдність ґанок Ґ"), text("kazakh-kyrgyz", "әлем ғылым қала ң өмір ұлт үй һ і"),
                text("nfd", "se\u{301}curite\u{301} sécurité"), text("compat", "ﬁn ＡＢ ĳs İstanbul"),
                text("zalgo", "Za" + String(repeating: "\u{301}", count: 150) + " t" + String(repeating: "\u{300}", count: 80)),
            ]
        }
    }
}

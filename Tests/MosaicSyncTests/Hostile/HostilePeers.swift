import Foundation
import MosaicCore

/// The scripted hostile peers our node pulls from: relays that bend honest's commits, peers that
/// sign bad commits themselves, lie about their vector, or break the page and the HTTP framing.
enum HostilePeers {
    typealias F = RelayFixture
    static let honest = F.honest, relay = F.relay, other = F.other, stranger = F.stranger
    static let forged = "does not verify with honest's public key"

    static let all: [HostilePeerCase] = relays + badCommits + lookalikes + vectors + framing

    /// A relay that alters, re-attributes or re-signs what honest signed.
    static let relays: [HostilePeerCase] = [
        .init("relay alters a field value", "rejected", forged) { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: "\"Second\"", with: "\"Secone\"") }])
        },
        .init("relay alters the clock", "rejected", forged) { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: "[\(f.now - 60_000),0]", with: "[\(f.now - 59_999),0]") }])
        },
        .init("relay alters the sequence number", "rejected", forged) { f in
            F.answer([f.altered(3) { $0.replacingOccurrences(of: "\"seq\":3", with: "\"seq\":2") }])
        },
        // The new author's #1 comes first, so the key that must sign #2 is known: a forgery.
        .init("relay swaps the author for itself", "rejected", "does not verify with relay's public key") { f in
            F.answer(
                [
                    f.sign(f.firstOwn(relay)),
                    f.altered(2) { $0.replacingOccurrences(of: "\"origin\":\"honest\"", with: "\"origin\":\"relay\"") },
                ],
                vector: #"{"honest":3,"relay":1}"#)
        },
        .init("relay swaps the author for a third member", "rejected", "does not verify with other's public key") { f in
            F.answer(
                [
                    f.sign(f.firstOwn(other)),
                    f.altered(2) { $0.replacingOccurrences(of: "\"origin\":\"honest\"", with: "\"origin\":\"other\"") },
                ],
                vector: #"{"honest":3,"other":1}"#)
        },
        // Without it the key of #2 cannot be known (#1 might rotate it): refused whole as the gap it is.
        .init("relay swaps the author for itself, past a gap", "rejected", "relay#2 is out of sequence: this node holds relay up to #0") {
            f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: "\"origin\":\"honest\"", with: "\"origin\":\"relay\"") }])
        },
        .init("relay re-signs honest's commit with its own key", "rejected", forged) { f in
            F.answer([f.sign(text: f.text(2), by: relay)])
        },
        .init("relay re-signs honest's create as its own commit", "rejected", "record id does not derive from the origin") { f in
            F.answer([f.sign(f.commit(origin: relay, seq: 1, [f.commits[0].operations[0]]))], vector: #"{"relay":1}"#)
        },
        .init("relay creates a record id not derived from its origin", "rejected", "record id does not derive from the origin") { f in
            let id = RecordID.derive(origin: relay, nonce: "relay-nonce-one")
            return F.answer(
                [f.sign(f.commit(origin: relay, seq: 1, [.create(record: id, type: .project, nonce: "relay-nonce-two")]))],
                vector: #"{"relay":1}"#)
        },
        .init("relay forges a delete in the owner's name", "rejected", forged) { f in
            F.answer([f.sign(f.commit(seq: 2, [.delete(record: f.record, seen: [])]), by: relay)])
        },
        .init("relay reorders the keys of a commit", "rejected", "not in canonical form") { f in
            F.answer([f.altered(2) { "{\"v\":1," + $0.dropFirst().replacingOccurrences(of: ",\"v\":1}", with: "}") }])
        },
        .init("relay pads a commit with a space", "rejected", "not in canonical form") { f in
            F.answer([f.altered(2) { "{ " + $0.dropFirst() }])
        },
        .init("relay drops the clock of a commit", "rejected", "hlc must be") { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: "\"hlc\":[\(f.now - 60_000),0],", with: "") }])
        },
        .init("relay drops the format version of a commit", "rejected", "unsupported commit format version") { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: ",\"v\":1}", with: "}") }])
        },
        .init("relay adds a key to a commit", "rejected", "unknown key") { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: ",\"v\":1}", with: ",\"v\":1,\"via\":\"relay\"}") }])
        },
        .init("relay duplicates a JSON key in a commit", "rejected", "duplicate key") { f in
            F.answer([f.altered(2) { $0.replacingOccurrences(of: "\"seq\":2", with: "\"seq\":2,\"seq\":2") }])
        },
        .init("relay slips a forged commit after a valid one", "rejected", forged) { f in
            F.answer([f.signed[1], f.altered(3) { $0.replacingOccurrences(of: "\"Third\"", with: "\"Thirds\"") }])
        },
    ]

    /// Commits signed by their origin's own key that are still wrong.
    static let badCommits: [HostilePeerCase] = [
        .init("commit with keys reordered, signed so by its origin", "rejected", "not in canonical form") { f in
            F.answer([f.sign(text: "{\"v\":1," + f.text(2).dropFirst().replacingOccurrences(of: ",\"v\":1}", with: "}"))])
        },
        .init("sequence gap: #3 without #2", "rejected", "is out of sequence") { f in F.answer([f.signed[2]]) },
        .init("commit from the far future, beyond the clock bound", "rejected", "beyond the clock-skew bound") { f in
            F.answer([f.sign(f.commit(seq: 2, wall: f.now + 3_600_000, f.commits[1].operations))])
        },
        .init("commit dated before its origin's previous one", "rejected", "is dated before") { f in
            F.answer([f.sign(f.commit(seq: 2, wall: f.now - 200_000, f.commits[1].operations))])
        },
        .init("a second, different #1 (equivocation)", "rejected", "differs from the one already held") { f in
            let ops: [CatalogueOperation] = [
                .create(record: f.record, type: .practice, nonce: "hostile-base-0001"),
                .set(record: f.record, field: "title", lang: LanguageTag("en")!, value: "Rewritten", replaces: []),
            ]
            return F.answer([f.sign(f.commit(seq: 1, wall: f.now - 120_000, ops))])
        },
        .init("a local-only commit sent over the wire", "rejected", "is local-only") { f in
            F.answer([f.sign(f.commit(stream: .local, seq: 1, f.commits[1].operations))])
        },
        .init("a commit from a member in no directory", "held-back", "not in the member directory held back (1 from 'stranger')") { f in
            let id = RecordID.derive(origin: stranger, nonce: "stranger-nonce-1")
            return F.answer(
                [f.sign(f.commit(origin: stranger, seq: 1, [.create(record: id, type: .practice, nonce: "stranger-nonce-1")]))],
                vector: #"{"honest":1,"stranger":1}"#)
        },
        .init("negative sequence number", "rejected", "seq must be a positive integer") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "\"seq\":2", with: "\"seq\":-2"))])
        },
        .init("sequence number Int64.max", "rejected", "is out of sequence") { f in
            F.answer([f.sign(f.commit(seq: .max, f.commits[1].operations))], vector: #"{"honest":9223372036854775807}"#)
        },
        .init("sequence number beyond 64 bits", "rejected", "malformed commit") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "\"seq\":2", with: "\"seq\":99999999999999999999"))])
        },
        .init("negative clock", "rejected", "hlc must be") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "[\(f.now - 60_000),0]", with: "[-\(f.now - 60_000),0]"))])
        },
        .init("clock counter at Int64.max (would overflow the next local tick)", "rejected", "hlc counter") { f in
            F.answer([f.sign(f.commit(seq: 2, counter: .max, f.commits[1].operations))])
        },
        .init("a commit nested 10,000 deep", "rejected", "nesting deeper") { f in
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            return F.answer([
                f.sign(text: "{\"hlc\":[\(f.now),0],\"ops\":\(deep),\"origin\":\"honest\",\"seq\":2,\"stream\":\"public\",\"v\":1}")
            ])
        },
        .init("an operation on an unknown field", "rejected", "unknown field") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "\"field\":\"title\"", with: "\"field\":\"owner\""))])
        },
        .init("an unknown operation", "rejected", "unknown operation") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "\"op\":\"set\"", with: "\"op\":\"chown\""))])
        },
    ]

    /// An origin that only looks like a member of the directory, signed by honest's own key.
    static let lookalikes: [HostilePeerCase] = [
        ("upper-case first letter", "Honest"), ("trailing slash", "honest/"), ("Cyrillic o (U+043E)", "h\u{043E}nest"),
        ("zero-width space inside", "hon\u{200B}est"), ("trailing space", "honest "), ("fullwidth h", "\u{FF48}onest"),
        ("combining accent", "honest\u{0301}"),
    ].map { name, origin in
        HostilePeerCase("lookalike origin: \(name)", "rejected", "origin is not a member id") { f in
            F.answer([f.sign(text: f.text(2).replacingOccurrences(of: "\"origin\":\"honest\"", with: "\"origin\":\"\(origin)\""))])
        }
    }

    /// Peers that lie about what they hold, or send nothing new.
    static let vectors: [HostilePeerCase] = [
        .init("claims more than it sends", "protocol", "but sends none") { _ in F.answer([], vector: #"{"honest":5}"#) },
        .init("claims less than it sends", "rejected", "beyond the vector its sender claims") { f in
            F.answer([f.signed[1]], vector: #"{"honest":1}"#)
        },
        .init("announces more and sends nothing", "protocol", "announced more commits but sent none") { _ in F.answer([], more: true) },
        .init("replays commits already held, announcing more", "protocol", "bring nothing new") { f in
            F.answer([f.signed[0]], more: true)
        },
        .init("claims Int64.max commits of two origins", "protocol", "but sends none") { _ in
            F.answer([], vector: #"{"honest":9223372036854775807,"other":9223372036854775807}"#)
        },
        .init("lookalike member id in its vector", "protocol", "malformed pull answer") { _ in F.answer([], vector: #"{"Honest":3}"#) },
        .init("negative sequence in its vector", "protocol", "malformed pull answer") { _ in F.answer([], vector: #"{"honest":-3}"#) },
        .init("vector sequence beyond 64 bits", "protocol", "malformed pull answer") { _ in
            F.answer([], vector: #"{"honest":99999999999999999999}"#)
        },
    ]

    /// Pages and HTTP answers that are malformed, oversized or lie about their length.
    static let framing: [HostilePeerCase] = [
        .init("duplicate JSON key in the page", "protocol", "malformed pull answer") { f in
            F.answer(#"{"commits":[\#(F.item(f.signed[1]))],"more":false,"more":true,"vector":{"honest":3}}"#)
        },
        .init("duplicate signature key in a commit entry", "protocol", "malformed pull answer") { f in
            let item = F.item(f.signed[1]).replacingOccurrences(of: "\"signature\":", with: "\"signature\":\"AAAA\",\"signature\":")
            return F.answer(F.page([item]))
        },
        .init("page nested 10,000 deep", "protocol", "malformed pull answer") { _ in
            F.answer(
                #"{"commits":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
                    + #","more":false,"vector":{}}"#)
        },
        .init("page larger than the answer limit", "too-large", "beyond the limit") { _ in
            F.answer(#"{"commits":[],"more":false,"pad":""# + String(repeating: "x", count: 300_000) + #"","vector":{"honest":1}}"#)
        },
        .init("signature of the wrong length", "protocol", "malformed pull answer") { f in
            F.answer(
                F.page([
                    #"{"commit":"# + String(decoding: JSONValue.string(f.text(2)).canonicalBytes, as: UTF8.self) + #","signature":"AAAA"}"#
                ]))
        },
        .init("signature that is not base64", "protocol", "malformed pull answer") { f in
            F.answer(F.page([F.item(f.signed[1]).replacingOccurrences(of: "\"signature\":\"", with: "\"signature\":\"*")]))
        },
        .init("commit sent as an object, not its exact text", "protocol", "malformed pull answer") { f in
            let signature = f.signed[1].signature.base64EncodedString()
            return F.answer(F.page([#"{"commit":\#(f.text(2)),"signature":"\#(signature)"}"#]))
        },
        .init("an HTML page instead of JSON", "unexpected", "200 text/html, not application/json: looks like a login page") { _ in
            RawHTTPServer.response(headers: [("Content-Type", "text/html")], body: Array("<html><body>pwned</body></html>".utf8))
        },
        .init("negative Content-Length", "unreachable", "127.0.0.1") { f in
            RawHTTPServer.response(
                headers: [("Content-Type", "application/json"), ("Content-Length", "-5")], body: Array(F.page([F.item(f.signed[1])]).utf8))
        },
        .init("Content-Length beyond 64 bits", "unreachable", "invalid character in content-length header") { f in
            RawHTTPServer.response(
                headers: [("Content-Type", "application/json"), ("Content-Length", "99999999999999999999")],
                body: Array(F.page([F.item(f.signed[1])]).utf8))
        },
        .init("Content-Length longer than the body", "unreachable", "127.0.0.1") { f in
            let body = Array(F.page([F.item(f.signed[1])]).utf8)
            return RawHTTPServer.response(
                headers: [("Content-Type", "application/json"), ("Content-Length", "\(body.count + 500)")], body: body)
        },
        .init("malformed gzip", "unreachable", "127.0.0.1") { _ in
            RawHTTPServer.response(
                headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                body: [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0x55, count: 64))
        },
    ]
}

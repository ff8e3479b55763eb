import MosaicConfig
import MosaicCore

/// The home page: which member this node runs for and the network's member directory.
enum DirectoryPage {
    static func render(_ setup: NodeSetup) -> String {
        let e = HTMLEscape.escape
        let rows = setup.directory.members.map { member in
            let endpoint = member.endpoint.map { e($0.absoluteString) } ?? "<em>no node (bundles)</em>"
            return "<tr><td>\(e(member.name))</td><td><code>\(e(member.id.rawValue))</code></td><td>\(e(member.country.rawValue))</td>"
                + "<td>\(e(member.languages.map(\.rawValue).joined(separator: ", ")))</td><td>\(e(member.role.rawValue))</td><td>\(endpoint)</td></tr>"
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Mosaic — \(e(setup.member.name))</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc}</style>
            </head><body><main>
            <h1>Mosaic node of \(e(setup.member.name))</h1>
            <p>Member <code>\(e(setup.config.member.rawValue))</code>, version \(e(MosaicVersion.current)). \
            This node pulls from \(setup.peers.count) peers.</p>
            <h2>Member directory</h2>
            <table><thead><tr><th scope="col">Organisation</th><th scope="col">Id</th><th scope="col">Country</th>\
            <th scope="col">Languages</th><th scope="col">Role</th><th scope="col">Node</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table>
            </main></body></html>
            """
    }
}

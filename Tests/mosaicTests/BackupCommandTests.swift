import Foundation
import MosaicStore
import Testing

/// `mosaic backup` and `mosaic restore` as an operator runs them.
@Suite struct BackupCommandTests {
    @Test func backupRestoreAndTheRefusalsAfterIt() throws {
        let demo = try DemoCopy()
        try demo.run("ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Avant la sauvegarde"])
        let written = try demo.run("ecpat-be", ["backup", "--out", demo.path("be.sqlite")])
        #expect(written.standardOutput.contains("integrity ok"), "\(written.standardOutput)")
        try demo.run("ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Après la sauvegarde"])
        try demo.run("secretariat", ["record", "add", "--type", "practice", "--set", "title.fr=Secrétariat"])
        try demo.run("secretariat", ["backup", "--out", demo.path("secretariat.sqlite")])

        // Another member's backup: refused, with the reason.
        let foreign = try demo.run("ecpat-be", ["restore", demo.path("secretariat.sqlite")], expectFailure: true)
        #expect(foreign.standardError.contains("backup of the node of 'secretariat', not of 'ecpat-be'"), "\(foreign.standardError)")

        // While a node serves the database: refused.
        do {
            let lock = try ServingLock.acquire(databasePath: demo.path(".demo/data/ecpat-be.sqlite"))
            let busy = try demo.run("ecpat-be", ["restore", demo.path("be.sqlite")], expectFailure: true)
            #expect(busy.standardError.contains("a node is serving this database"), "\(busy.standardError)")
            #expect(lock.path.hasSuffix("ecpat-be.sqlite.serve-lock"))
        }

        // The real restore, then local changes wait for the peers.
        let restored = try demo.run("ecpat-be", ["restore", demo.path("be.sqlite")])
        #expect(restored.standardOutput.contains("local changes are refused until a pull round has reached"), "\(restored.standardOutput)")
        let refused = try demo.run("ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Trop tôt"], expectFailure: true)
        #expect(refused.standardError.contains("restored from a backup"), "\(refused.standardError)")
        let status = try #require(try demo.json("ecpat-be", ["status"]) as? [String: Any])
        #expect((status["recovering_from"] as? [String])?.contains("secretariat") == true)
        #expect((status["vector"] as? [String: Any])?["ecpat-be"] as? Int == 1)

        // An operator gives up on peers that are gone for good: then the node signs again, as #2.
        let unknown = try demo.run("ecpat-be", ["restore", "--stop-waiting-for", "ecpat-xx"], expectFailure: true)
        #expect(unknown.standardError.contains("not waiting for 'ecpat-xx'"), "\(unknown.standardError)")
        for peer in (status["recovering_from"] as? [String]) ?? [] { try demo.run("ecpat-be", ["restore", "--stop-waiting-for", peer]) }
        try demo.run("ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Enfin"])
        let after = try #require(try demo.json("ecpat-be", ["status"]) as? [String: Any])
        #expect((after["vector"] as? [String: Any])?["ecpat-be"] as? Int == 2)
        #expect((after["recovering_from"] as? [String]) == [])
    }
}

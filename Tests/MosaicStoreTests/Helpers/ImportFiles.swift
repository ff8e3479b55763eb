import Foundation
import MosaicStore

/// Import files written for a test, in a fresh temporary folder each.
enum ImportFiles {
    static func write(_ name: String, _ bytes: [UInt8]) throws -> ImportFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try ImportFile(path: path)
    }

    static func write(_ name: String, _ text: String) throws -> ImportFile { try write(name, Array(text.utf8)) }
}

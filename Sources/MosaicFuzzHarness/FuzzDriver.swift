import Dispatch
import Foundation

/// Runs fuzz inputs synchronously for the libFuzzer wrappers (`LLVMFuzzerTestOneInput` is a
/// plain C callback): one store fixture per process, and any ``FuzzViolation`` or unexpected
/// error becomes a crash that libFuzzer records.
public enum FuzzDriver {
    /// Runs one libFuzzer input through `target`; returns 0 as libFuzzer expects.
    public static func run(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let outcome = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let fixture = try await FixtureCache.shared.fixture(for: target)
                _ = try await target.run(bytes, in: fixture)
                outcome.set(nil)
            } catch {
                outcome.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let failure = outcome.value { preconditionFailure("fuzz-\(target.rawValue): \(failure)") }
        return 0
    }
}

/// The result of one input, handed from the task to the waiting libFuzzer thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?

    func set(_ value: String?) { lock.withLock { stored = value } }
    var value: String? { lock.withLock { stored } }
}

/// The process's one store fixture, made on first use. With `MOSAIC_FUZZ_WRITE_SEEDS=<folder>`,
/// it first writes the target's seeds there (`FUZZ_WRITE_SEEDS=1 make fuzz` refreshes the corpus).
private actor FixtureCache {
    static let shared = FixtureCache()
    private var made: FuzzFixture?

    func fixture(for target: FuzzTarget) async throws -> FuzzFixture {
        if let made { return made }
        let fixture = try await FuzzFixture.make()
        if let folder = ProcessInfo.processInfo.environment["MOSAIC_FUZZ_WRITE_SEEDS"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in try await FuzzSeeds.seeds(for: target, in: fixture) {
                try Data(seed.bytes).write(to: URL(fileURLWithPath: "\(folder)/seed-\(seed.name)"))
            }
        }
        made = fixture
        return fixture
    }
}

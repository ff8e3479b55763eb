import Foundation

/// Runs blocking jobs (each starts and waits for `mosaic` processes) on their own threads, all at
/// once, and returns their results in order. Swift's cooperative pool has one thread per core, so
/// blocking work there would run two at a time on this machine instead of side by side.
func runSideBySide<T: Sendable>(_ jobs: [@Sendable () throws -> T]) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        for (index, job) in jobs.enumerated() {
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    Thread.detachNewThread { continuation.resume(with: Result { (index, try job()) }) }
                }
            }
        }
        var results: [(Int, T)] = []
        for try await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// A counting semaphore for pull rounds: at most `limit` peers are pulled at once, the others
/// wait their turn in order (FIFO).
actor PullSlots {
    private let limit: Int
    private var inUse = 0
    private var waiting: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    init(_ limit: Int) { self.limit = max(1, limit) }

    /// Waits for a free slot.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func acquire() async throws {
        try Task.checkCancellation()
        if inUse < limit {
            inUse += 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in waiting.append((id, continuation)) }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Frees a slot, handing it to the longest waiter if any.
    func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().continuation.resume()
        }
    }

    private func cancel(_ id: Int) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

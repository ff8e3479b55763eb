import MosaicCore
import Synchronization

/// The node's current effective directory, shared by every copy of its ``NodeCatalogue`` (server,
/// scheduler, commands), so a directory commit applied by one path is used by all at once.
final class DirectoryCell: Sendable {
    private let state: Mutex<EffectiveDirectory>

    init(_ initial: EffectiveDirectory) { state = Mutex(initial) }

    var current: EffectiveDirectory { state.withLock { $0 } }

    /// Takes `effective` unless a fold of more operations is already held: directory operations are
    /// only ever added, so their count orders two folds made by concurrent writes.
    func adopt(_ effective: EffectiveDirectory) {
        state.withLock { if effective.operationCount >= $0.operationCount { $0 = effective } }
    }
}

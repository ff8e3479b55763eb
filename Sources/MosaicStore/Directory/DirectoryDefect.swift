import MosaicCore

/// A deliberate defect in the directory fold, for proving that the simulator catches directory bugs.
///
/// Internal on purpose: only a test (`@testable import MosaicStore`) can set one on a catalogue; no
/// configuration, command or public initialiser reaches it, so a node always folds soundly.
enum DirectoryDefect: Sendable, Hashable {
    /// Folds the operations in the order they arrived at this node instead of by `(hlc, write id)`:
    /// the last-arrived member entry wins, so two nodes that received concurrent publishes in
    /// different orders end with different directories.
    case lastArrivedWins

    /// The broken fold: `held` in the order this node folded them before, then `added` (the batch
    /// being applied), each given a clock that is its position in that list, so the fold's sort
    /// keeps the arrival order.
    func fold(seed: MemberDirectory, held: [DirectoryEvent], added: [DirectoryEvent]) -> EffectiveDirectory {
        let arrived = (held + added).enumerated().map { position, event in
            DirectoryEvent(id: event.id, hlc: HybridTimestamp(wallMillis: Int64(position), counter: 0), operation: event.operation)
        }
        return DirectoryFold.fold(seed: seed, events: arrived)
    }
}

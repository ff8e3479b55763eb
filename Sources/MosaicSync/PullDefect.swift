/// A deliberate defect in ``PullSession``, for proving that the simulator catches pull-loop bugs.
///
/// Internal on purpose: only a test (`@testable import MosaicSync`) can set one on a session; no
/// configuration, command or public initialiser reaches it, so a node always runs the sound loop.
enum PullDefect: Sendable, Hashable {
    /// Ends the round after its first page, whatever `more` and the peer's vector say (never asks again).
    case endsAfterFirstPage
    /// Takes a refused page (gap, clock bound) as held: asks past its commits and goes on, instead of ending the round.
    case skipsRefusedPage
}

/// Why a ledger refused a drop's commit where assessing the drop again can succeed: another
/// worker's drop committed first. The night drivers decide on these, never on a server's codes.
public enum LedgerConflict: Sendable, Equatable {
    /// An id the drop took for new had been accepted before (the commit checked it, see
    /// ``IdentityChecks/atCommit``): assessed again, asking first.
    case idsAcceptedBefore
    /// A person's accumulators that a claim of the drop counted changed before its commit.
    case accumulatorsChanged
    /// Another transaction inserted the same unique key first (PostgreSQL's unique violation).
    case keyTakenConcurrently
    /// Two transactions waited on each other and the server ended this one (a deadlock).
    case deadlock
}

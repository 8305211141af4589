/// How a drop's transaction answers the drop's B002 questions (whether a `setl_id` or
/// `claim_id` was accepted before). A ledger in the same process asks each id when it comes,
/// whatever this says: a lookup costs no round trip.
public enum IdentityChecks: Sendable, Equatable {
    /// As the ledger prefers: across a network, gathered in batches
    /// (``PriorFacts/identityBatch``).
    case asked
    /// A small drop's ids taken for new and checked in its commit, which is refused with
    /// ``LedgerConflict/idsAcceptedBefore`` when one was accepted before: a claimed drop's first
    /// assessment, assessed again if so.
    case atCommit
    /// Each asked at once: a drop assessed again after a conflict on a unique key, so that an
    /// id accepted meanwhile is a B002 and never a second conflict.
    case oneByOne
}

/// What a reversal's row takes from the settlement it reverses (the pair it is cleared
/// under), read the same way on both ledgers.
enum ReversalOrigin {
    /// The original's insured and treatment province and types, then what its accumulator key
    /// needs besides (`psn_no`, `insu_admdvs`, `dise_codg`, `year`); `key` is the dialect's
    /// placeholder for its `setl_id`.
    static func query(key: String) -> String {
        "SELECT insu_prov, mdtrt_prov, insutype, med_type, psn_no, insu_admdvs, dise_codg, year FROM settlement WHERE setl_id = \(key)"
    }

    /// The assessment found the original, so its row must be there and not yet reversed:
    /// anything else is a bug, never a guessed province.
    static func missing(_ original: String, reversal: String) -> YidiError {
        YidiError(
            .internalError,
            "reversal \(reversal): its original settlement \(original) was found by the assessment "
                + "but is not in the ledger unreversed; nothing of this drop was recorded")
    }
}

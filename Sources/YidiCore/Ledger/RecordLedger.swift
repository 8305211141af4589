/// An accepted settlement or claim as the ledger keeps it, with its place in the ledger.
public struct StoredRecord: Sendable {
    /// `setl` or `claim`.
    public var element: String
    /// Its acceptance order among settlements, reversals and claims.
    var seq: Int64
    var attemptID: Int64?
    var runID: Int64?
    /// The calendar year its accumulators count in.
    var year: Int
    /// The reversal that names it (settlements).
    var reversedBy: String?
    /// Its fields, category totals and classified lines, as in a province file.
    public var record: ProvinceFileRecord

    /// A text field ("" when absent).
    func text(_ name: String) -> String {
        for (n, value) in record.fields where n == name {
            if case .text(let t) = value { return t }
        }
        return ""
    }

    /// An amount field (zero when absent).
    func amount(_ name: String) -> Amount {
        for (n, value) in record.fields where n == name {
            if case .amount(let a) = value { return a }
        }
        return .zero
    }
}

/// An earlier record that a claim's accumulators add up.
public struct AccumulatorEntry: Sendable, Equatable {
    /// `setl` or `claim`.
    public var element: String
    public var id: String
    public var dropID: String
    /// `act_pay_dedc` and `hifp_pay`.
    public var deductible: Amount
    public var fund: Amount
}

/// What `yidi explain` asks of the ledger: one record and where its numbers came from.
public protocol RecordLedger: Ledger {
    /// The accepted settlement or claim with this `setl_id` or `claim_id`.
    func storedRecord(id: String) throws(YidiError) -> StoredRecord?
    /// The accepted reversal of a settlement: `setl_id`, `drop_id`, `revs_time`, `period`.
    func reversal(of settlementID: String) throws(YidiError) -> [(name: String, value: FileValue)]?
    /// The reference files and their SHA-256 as a run recorded them.
    func referenceHashes(runID: Int64) throws(YidiError) -> [(file: String, sha256: String)]
    /// The settlements and claims of an accumulator accepted before `seq`, in acceptance order,
    /// leaving out settlements reversed before it (rules.md: what a claim's accumulators add up).
    func accumulatorEntries(_ key: AccumulatorKey, before seq: Int64) throws(YidiError) -> [AccumulatorEntry]
    /// The latest attempt whose listed errors name `id` as a `setl_id` or `claim_id`.
    func latestAttempt(naming id: String) throws(YidiError) -> AttemptRecord?
}

extension SQLiteLedger: RecordLedger {}
extension PostgresLedger: RecordLedger {}

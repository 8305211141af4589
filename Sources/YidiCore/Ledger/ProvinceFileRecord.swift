/// A value of an output file: text as recorded, or an amount.
public enum FileValue: Sendable, Equatable {
    case text(String)
    case amount(Amount)
}

/// One `setl`, `setl_revs` or `claim` of a province's settlement or reimbursement file, with
/// its fields in the order of outputs.md.
public struct ProvinceFileRecord: Sendable {
    /// `setl`, `setl_revs` or `claim`.
    public var element: String
    /// The fields (absent optional fields left out).
    public var fields: [(name: String, value: FileValue)]
    /// `category` totals recomputed from the detail, ascending.
    public var categories: [(category: String, amount: Amount)] = []
    /// Each `fee` with its fields.
    public var lines: [[(name: String, value: FileValue)]] = []
}

/// How every amount of one settlement or claim came about (`yidi explain`): each line traced
/// from the hospital's code to the catalog row, the policy row and the grade used, the
/// accumulators, each formula of rules.md with its numbers, and the record's place in the
/// ledger. Values are text as they are printed (amounts with two decimals).
public struct Explanation: Sendable {
    /// One formula with its numbers put in: `name = formula = value`.
    public struct Step: Sendable, Equatable {
        public var name: String
        /// The formula with its numbers, empty when the value is taken as it is.
        public var formula: String
        public var value: String
    }

    /// The reference row a value came from.
    public struct Source: Sendable, Equatable {
        /// The reference file (`catalog.csv`).
        public var file: String
        public var line: Int
        /// `begndate..enddate` of the row (empty end: open).
        public var validity: String
        /// Whether the row is read from the version the run used.
        public var state: ReferenceVersion.State
    }

    /// One fee line, classified.
    public struct Line: Sendable {
        public var serialNumber: String
        public var occurredAt: String
        public var hospitalItemCode: String
        /// The mapping row (nil: no row maps the code on that date today).
        public var mapping: Source?
        public var nationalCode: String
        /// `med_list_name` of the treatment place's catalog, where it has the code.
        public var itemName: String?
        /// The catalog row (nil: not in today's catalog on that date).
        public var catalog: Source?
        public var category: String
        public var itemClass: String
        /// `selfpay_prop` of a class-B item.
        public var selfPayShare: String?
        /// `pric_uplmt_amt`, when the item has a cap.
        public var priceCap: String?
        public var quantity: String
        public var unitPrice: String
        public var amount: String
        /// `fulamt_ownpay_amt`, `overlmt_amt`, `preselfpay_amt`, `inscp_scp_amt` with their arithmetic.
        public var parts: [Step]
    }

    /// The policy row and how it was found.
    public struct Policy: Sendable {
        public var source: Source
        /// `exact area`, `city` or `province`: the fallback step that found the row.
        public var step: String
        /// The row's key and values (`insu_admdvs`, `dedc`, `ratio_lv3`, …).
        public var values: [(name: String, value: String)]
    }

    /// Where a record came from, field by field.
    public struct Origin: Sendable {
        public var dropID: String?
        public var attempt: AttemptRecord?
        public var run: RunRecord?
        public var period: String?
    }

    /// `setl` or `claim`.
    public var element: String
    public var id: String
    /// Accepted, or rejected (then read from its latest attempt, and `errors` lists why).
    public var accepted: Bool
    /// Who, where, when: the record's fields that are not amounts.
    public var facts: [(name: String, value: String)]
    /// The drop, attempt, run and clearing period, as sentences.
    public var place: [(name: String, value: String)]
    /// The same as fields, for `--json`.
    public var origin = Origin()
    public var lines: [Line]
    /// Category totals: the sums of `amt` per `med_chrgitm_type`.
    public var categories: [(category: String, amount: String)]
    /// The record's sums: `medfee_sumamt` and the four parts.
    public var sums: [Step]
    /// `hosp_lv` on the date, from `institutions.csv`.
    public var grade: (value: Int, source: Source)?
    public var policy: Policy?
    /// The filing type's cut.
    public var cut: Step?
    /// `cum_dedc_before` and `cum_fund_before`, with where they come from.
    public var accumulators: [Step]
    /// For a claim: the earlier records that add up to its accumulators.
    public var accumulatorEntries: [AccumulatorEntry]
    /// The settlement rules with their numbers, in order.
    public var formulas: [Step]
    /// The shares as accepted.
    public var result: [(name: String, value: String)]
    /// The reversal that names the settlement, if any.
    public var reversal: [(name: String, value: String)]?
    /// The reference files the run recorded, and where each is read.
    public var references: [ReferenceVersion]
    /// Where recomputing from the reference rows above does not give what the ledger holds
    /// (expected only when a file changed and its version was not kept).
    public var differences: [String]
    /// A rejected record's errors in its latest attempt.
    public var errors: [DropError]
}

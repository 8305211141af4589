/// A value of an output file: text as recorded, or an amount.
public enum FileValue: Sendable, Equatable {
    case text(String)
    case amount(Amount)
}

/// One `setl`, `setl_revs` or `claim` of a province's settlement or reimbursement file, with
/// its fields in the order of outputs.md: what the ledger records of an accepted record.
public struct ProvinceFileRecord: Sendable {
    /// `setl`, `setl_revs` or `claim`.
    var element: String
    /// The fields (absent optional fields left out).
    public var fields: [(name: String, value: FileValue)]
    /// `category` totals recomputed from the detail, ascending.
    public var categories: [(category: String, amount: Amount)] = []
    /// Each `fee`.
    public var lines: [FeeLineEntry] = []

    /// The province (`XX0000`) of an administrative division: whose file a record goes to.
    static func province(of admdvs: String) -> String { String(admdvs.prefix(2)) + "0000" }
}

/// One `fee` of a province's file: the line as the drop wrote it, classified.
///
/// Typed fields rather than a list of names and values: a busy night writes millions.
public struct FeeLineEntry: Sendable, Equatable {
    /// `feedetl_sn`.
    var serialNumber: String
    /// `fee_ocur_time`.
    public var occurredAt: LocalDateTime
    /// `medins_list_codg`.
    public var hospitalItemCode: String
    /// `med_list_codg`.
    var nationalCode: String
    /// `med_chrgitm_type`.
    var category: String
    /// `chrgitm_lv`.
    var itemClass: String
    /// `cnt` and `pric` as the drop wrote them.
    var quantityText: String
    var unitPriceText: String
    /// `det_item_fee_sumamt`.
    public var amount: Amount
    /// `fulamt_ownpay_amt`, `overlmt_amt`, `preselfpay_amt`, `inscp_scp_amt`.
    public var parts: ScopeParts
}

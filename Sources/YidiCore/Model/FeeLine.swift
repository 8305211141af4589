/// One deferred fee line (`fee`) as the hospital wrote it.
public struct FeeLine: Sendable {
    /// `feedetl_sn`: unique within its settlement.
    var serialNumber = ""
    /// `fee_ocur_time`.
    public var occurredAt = LocalDateTime.epoch
    /// `medins_list_codg`: the hospital's own item code.
    public var hospitalItemCode = ""
    /// `medins_list_name`: the hospital's own item name.
    var hospitalItemName = ""
    /// `cnt`.
    public var quantity = Quantity(tenThousandths: 0)
    /// `pric`.
    public var unitPrice = UnitPrice(millionths: 0)
    /// `cnt` and `pric` as the drop wrote them (without surrounding white space): outputs repeat them.
    var quantityText = ""
    var unitPriceText = ""
    /// `det_item_fee_sumamt`: the line amount as written.
    public var amount = Amount.zero
    /// `bilg_dept_codg`, optional.
    var departmentCode: String?
    /// Line of the `fee` start tag.
    public var line = 0
    /// Line of each field's element, by ``Field``.
    var fieldLines = InlineArray<8, Int32>(repeating: 0)
    /// Fields whose text did not parse.
    var invalidFields: FieldSet = []

    /// An empty line, filled in by the parser.
    public init() {}

    /// The fields of a fee line, in document order.
    enum Field: Int, CaseIterable, Sendable {
        case serialNumber, occurredAt, hospitalItemCode, hospitalItemName, quantity, unitPrice, amount, departmentCode

        /// The element name at the XML boundary.
        var elementName: String {
            [
                "feedetl_sn", "fee_ocur_time", "medins_list_codg", "medins_list_name", "cnt", "pric",
                "det_item_fee_sumamt", "bilg_dept_codg"
            ][rawValue]
        }
    }

}

/// A category total of the real-time summary (`category`).
public struct CategoryTotal: Sendable, Equatable {
    /// `med_chrgitm_type`.
    var category: ExpenseCategory?
    /// `amt`.
    public var amount = Amount.zero
    /// Line of the `category` start tag.
    public var line = 0

    /// An empty total, filled in by the parser.
    public init() {}
}

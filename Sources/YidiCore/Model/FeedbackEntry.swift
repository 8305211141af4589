/// One `entry` of a `ReconciliationFeedbackDrop` (reconciliation.md): a province confirms or
/// excludes a candidate in one role, and as the treatment province may deduct from it.
public struct FeedbackEntry: Sendable {
    /// `setl_id`: the settlement's or the reversal's id.
    public var setlID = ""
    /// `role`.
    var role: ReconRole?
    /// `cnfm_flag`: 1 confirms (include), 0 does not (exclude this month).
    var confirmed = true
    /// `reason`: why it is excluded.
    var reason: String?
    /// `dedc_amt`: the audit deduction.
    var deduction: Amount?
    /// `dedc_reason`.
    var deductionReason: String?
    /// Line of the `entry` start tag.
    public var line = 0
    /// Line of each field's element, by ``Field``.
    var fieldLines = InlineArray<6, Int32>(repeating: 0)
    /// Fields whose text did not parse.
    var invalidFields: FieldSet = []

    /// An empty entry, filled in by the parser.
    public init() {}

    /// The fields of an `entry`, in document order.
    enum Field: Int, CaseIterable, Sendable {
        case setlID, role, confirmed, reason, deduction, deductionReason

        /// The element name at the XML boundary.
        var elementName: String { ["setl_id", "role", "cnfm_flag", "reason", "dedc_amt", "dedc_reason"][rawValue] }
    }
}

extension FeedbackEntry: RecordFields {
    func storedLine(ofFieldAt index: Int) -> Int32 { fieldLines[index] }
}

extension FeedbackEntry {
    /// Stores an entry field; `false` if `tag` is not one.
    mutating func assign(_ tag: ElementTag, _ text: UnsafeBufferPointer<UInt8>, line: Int32) -> Bool {
        let field: Field
        var ok = true
        switch tag {
        case .setlID:
            field = .setlID
            setlID = FieldText.string(text)
        case .role:
            field = .role
            role = FieldText.code(text, as: ReconRole.self)
            ok = role != nil
        case .cnfmFlag:
            field = .confirmed
            let flag = FieldText.string(text)
            confirmed = flag == "1"
            ok = flag == "0" || flag == "1"
        case .reason:
            field = .reason
            reason = FieldText.string(text)
        case .dedcAmt:
            field = .deduction
            deduction = FieldText.amount(text)
            ok = deduction != nil
        case .dedcReason:
            field = .deductionReason
            deductionReason = FieldText.string(text)
        default: return false
        }
        fieldLines[field.rawValue] = line
        if !ok { invalidFields.insert(.field(field.rawValue)) }
        return true
    }
}

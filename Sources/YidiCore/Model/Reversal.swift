/// A reversal (`setl_revs`, 冲销) of a settlement accepted earlier.
public struct Reversal: Sendable {
    /// `setl_id`: the id of the reversal itself.
    public var id = ""
    /// `orig_setl_id`: the settlement being reversed.
    var originalID = ""
    /// `revs_time`.
    var reversedAt = LocalDateTime.epoch
    /// `medfee_sumamt`: must equal the original's.
    public var total = Amount.zero
    /// Line of the `setl_revs` start tag.
    public var line = 0
    /// Line of each field's element, by ``Field``.
    var fieldLines = InlineArray<4, Int32>(repeating: 0)
    /// Fields whose text did not parse.
    var invalidFields: FieldSet = []

    /// An empty reversal, filled in by the parser.
    public init() {}

    /// The fields of a `setl_revs`, in document order.
    enum Field: Int, CaseIterable, Sendable {
        case id, originalID, reversedAt, total

        /// The element name at the XML boundary.
        var elementName: String { ["setl_id", "orig_setl_id", "revs_time", "medfee_sumamt"][rawValue] }
    }

}

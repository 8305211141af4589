/// Where in a drop the parser is.
enum Container: Equatable {
    case none, root, header, setl, setlRevs, claim, fee, category, entry

    /// The depth of this container's element (root 1).
    var depth: Int {
        switch self {
        case .none: 0
        case .root: 1
        case .header, .setl, .setlRevs, .claim, .entry: 2
        case .fee, .category: 3
        }
    }
}

/// Turns a drop's element events into its records: the header, settlements, reversals and
/// claims with their lines and categories, and the counts and control sum the header is
/// checked against (D006, D007). Pure Swift: the parser feeds it what libxml2 reports.
struct RecordBuilder {
    /// The drop's kind, once its root was recognized.
    let kind: DropKind?
    private(set) var container = Container.none
    /// Whose `fee` is being read: a settlement's or a claim's.
    private(set) var feeParent = Container.none
    private(set) var header: DropHeader?
    private(set) var settlement = Settlement()
    private(set) var reversal = Reversal()
    private(set) var claim = Claim()
    private(set) var fee = FeeLine()
    private(set) var category = CategoryTotal()
    private(set) var entry = FeedbackEntry()
    /// `setl` + `setl_revs` elements, `claim` elements or `entry` elements.
    private(set) var recordCount = 0
    /// `fee` elements.
    private(set) var lineCount = 0
    /// Settlements minus reversals (fee detail), claims, or a feedback drop's deductions.
    private(set) var controlSum = Amount.zero
    /// False once a record's total could not be read: the sum then proves nothing.
    private(set) var controlSumReliable = true

    init(kind: DropKind?) { self.kind = kind }

    /// The root element of the drop's kind has started.
    mutating func enterRoot() { container = .root }

    /// An element `tag` started at `depth` (root 1) on `line`.
    ///
    /// - Returns: whether it is a field of the record being read, whose text is to be assigned
    ///   with ``assign(_:_:line:)`` when it ends.
    mutating func start(_ tag: ElementTag, depth: Int, line: Int) -> Bool {
        switch (container, tag) {
        case (.root, .header) where depth == 2:
            container = .header
            header = DropHeader(kind: kind ?? .feeDetail)
            header?.line = line
        case (.root, .setl) where depth == 2:
            container = .setl
            settlement = Settlement()
            settlement.line = line
            recordCount += 1
        case (.root, .setlRevs) where depth == 2:
            container = .setlRevs
            reversal = Reversal()
            reversal.line = line
            recordCount += 1
        case (.root, .claim) where depth == 2:
            container = .claim
            claim = Claim()
            claim.line = line
            recordCount += 1
        case (.root, .entry) where depth == 2:
            container = .entry
            entry = FeedbackEntry()
            entry.line = line
            recordCount += 1
        case (.setl, .fee) where depth == 3, (.claim, .fee) where depth == 3:
            feeParent = container
            container = .fee
            fee = FeeLine()
            fee.line = line
            lineCount += 1
        case (.setl, .category) where depth == 3:
            container = .category
            category = CategoryTotal()
            category.line = line
        default:
            return container != .none && container != .root && depth == container.depth + 1
        }
        return false
    }

    /// A field's text, as it ended (started on `line`).
    mutating func assign(_ tag: ElementTag, _ bytes: UnsafeBufferPointer<UInt8>, line: Int32) {
        switch container {
        case .header: _ = header?.assign(tag, bytes)
        case .setl: _ = settlement.assign(tag, bytes, line: line)
        case .setlRevs: _ = reversal.assign(tag, bytes, line: line)
        case .claim: _ = claim.assign(tag, bytes, line: line)
        case .fee: _ = fee.assign(tag, bytes, line: line)
        case .category: _ = category.assign(tag, bytes)
        case .entry: _ = entry.assign(tag, bytes, line: line)
        case .root, .none: break
        }
    }

    /// An element that is not a field ended at `depth`.
    ///
    /// - Returns: the record it completes, if any.
    mutating func end(depth: Int) -> DropRecord? {
        guard depth == container.depth else { return nil }
        switch container {
        case .header:
            container = .root
            return header.map { .header($0) }
        case .setl:
            container = .root
            count(settlement.amounts.total, invalid: settlement.isInvalid(.total))
            return .settlement(settlement)
        case .setlRevs:
            container = .root
            count(-reversal.total, invalid: reversal.isInvalid(.total))
            return .reversal(reversal)
        case .claim:
            container = .root
            count(claim.total, invalid: claim.isInvalid(.total))
            return .claim(claim)
        case .entry:
            container = .root
            count(entry.deduction ?? .zero, invalid: entry.isInvalid(.deduction))
            return .feedbackEntry(entry)
        case .fee:
            if feeParent == .claim { claim.lines.append(fee) } else { settlement.lines.append(fee) }
            container = feeParent
        case .category:
            settlement.categories.append(category)
            container = .setl
        case .root, .none:
            container = .none
        }
        return nil
    }

    private mutating func count(_ amount: Amount, invalid: Bool) {
        controlSum += amount
        if invalid { controlSumReliable = false }
    }

    /// Places an error in the record being read: its `setl_id` or `claim_id`, and the line's
    /// `feedetl_sn` inside a `fee`.
    func place(_ error: inout DropError) {
        switch container {
        case .setl, .category: error.setlID = settlement.id.isEmpty ? nil : settlement.id
        case .setlRevs: error.setlID = reversal.id.isEmpty ? nil : reversal.id
        case .claim: error.claimID = claim.id.isEmpty ? nil : claim.id
        case .entry: error.setlID = entry.setlID.isEmpty ? nil : entry.setlID
        case .fee: if feeParent == .claim { error.claimID = claim.id } else { error.setlID = settlement.id }
        default: break
        }
        error.feedetlSN = container == .fee && !fee.serialNumber.isEmpty ? fee.serialNumber : nil
    }

    /// D009, D006 and D007: the `drop_id` against its sender, the header's counts and control
    /// sum against what the drop holds.
    func headerErrors() -> [DropError] {
        guard let header else { return [] }
        var errors: [DropError] = []
        if !header.isInvalid(.dropID), !header.isInvalid(header.senderTag), !header.institutionCode.isEmpty,
            !header.dropID.hasPrefix(header.institutionCode + "-")
        {
            errors.append(
                DropError(
                    .dropIDNotSenders,
                    Phrase(
                        zh: "drop_id \(header.dropID) 没有以上传方编码 \(header.institutionCode) 和 '-' 开头",
                        en: "drop_id \(header.dropID) does not begin with the sender's code \(header.institutionCode) and '-'"),
                    line: header.line, field: "drop_id", expected: header.institutionCode + "-", found: header.dropID))
        }
        let recordField: ElementTag =
            switch header.kind {
            case .feeDetail: .setlCnt
            case .manualReimbursement: .claimCnt
            case .reconFeedback: .entryCnt
            }
        var checks: [(ElementTag, Int, Int)] = [(recordField, recordCount, header.recordCount)]
        if header.kind != .reconFeedback { checks.append((.lineCnt, lineCount, header.lineCount)) }
        for (tag, counted, claimed) in checks where !header.isInvalid(tag) && counted != claimed {
            errors.append(
                DropError(
                    .countMismatch,
                    Phrase(
                        zh: "\(tag.name) 填写为 \(claimed)，但数据包实际包含 \(counted)",
                        en: "\(tag.name) says \(claimed) but the drop holds \(counted)"),
                    line: header.line, field: tag.name, expected: String(counted), found: String(claimed)))
        }
        let sumField: ElementTag = header.kind == .reconFeedback ? .dedcSumamt : .medfeeSumamt
        if controlSumReliable, !header.isInvalid(sumField), controlSum != header.controlSum {
            errors.append(
                DropError(
                    .controlSumMismatch,
                    Phrase(
                        zh: "\(sumField.name) 填写为 \(header.controlSum)，但数据包金额合计为 \(controlSum)",
                        en: "\(sumField.name) says \(header.controlSum) but the drop's amounts add up to \(controlSum)"),
                    line: header.line, field: sumField.name,
                    expected: controlSum.description, found: header.controlSum.description))
        }
        return errors
    }
}

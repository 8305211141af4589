extension DropAssessor {
    func reversal(_ r: Reversal) {
        context = (r.id, nil)
        if !r.isInvalid(.id) { _ = checkIdentity(r.id, line: r.line, field: "setl_id") }
        if !r.isInvalid(.reversedAt) {
            checkNotAfterCreation(r.reversedAt, line: r.line(of: .reversedAt), field: "revs_time")
            checkAge(r.reversedAt, line: r.line(of: .reversedAt), field: "revs_time")
        }
        let original = r.isInvalid(.originalID) ? nil : checkOriginal(of: r)
        if !r.isInvalid(.id), entries[r.id] == nil { entries[r.id] = .other }
        sink.reversal(AssessedReversal(reversal: r, original: original))
    }

    /// B015: the original must be a settlement accepted earlier (in an earlier drop or earlier in
    /// this one), by the same hospital, not yet reversed, with the same amount, and not dated
    /// before it.
    private func checkOriginal(of r: Reversal) -> SettlementSummary? {
        let id = r.originalID
        var original: SettlementSummary?
        var inThisDrop = false
        if let entry = entries[id] {
            guard let amounts = entry.amounts else {
                report(
                    .badReversal, zh: "orig_setl_id \(id) 不是结算记录", en: "orig_setl_id \(id) is not a settlement", line: r.line,
                    field: "orig_setl_id", found: id)
                return nil
            }
            original = SettlementSummary(
                id: id, institutionCode: header?.institutionCode ?? "",
                total: Amount(fen: Int128(amounts.total)), allFunds: Amount(fen: Int128(amounts.allFunds)),
                accountPayment: Amount(fen: Int128(amounts.account)), isReversed: entry.isReversed,
                settledAt: LocalDateTime(ordinal: entry.settledAt))
            inThisDrop = true
        } else if prior.knowsEarlierDrops {
            original = ask(nil) { () throws(YidiError) in try prior.settlement(id: id) }
            if original != nil, reversedPrior.contains(id) { original?.isReversed = true }
        } else {
            return nil  // validate: earlier drops are not known, so this is not checked
        }
        guard let found = original else {
            report(
                .badReversal, zh: "orig_setl_id \(id) 不是已接收的结算", en: "orig_setl_id \(id) is not an accepted settlement", line: r.line,
                field: "orig_setl_id", found: id)
            return nil
        }
        if let header, found.institutionCode != header.institutionCode {
            report(
                .badReversal, zh: "结算 \(id) 由其他医疗机构上传", en: "settlement \(id) was sent by another institution", line: r.line,
                field: "orig_setl_id",
                expected: header.institutionCode, found: found.institutionCode)
            return nil
        }
        if found.isReversed {
            report(
                .badReversal, zh: "结算 \(id) 已被冲销", en: "settlement \(id) is already reversed", line: r.line, field: "orig_setl_id",
                found: id)
            return nil
        }
        if !r.isInvalid(.total), r.total != found.total {
            report(
                .badReversal, zh: "medfee_sumamt \(r.total) 与原结算的 \(found.total) 不一致",
                en: "medfee_sumamt \(r.total) is not the original's \(found.total)", line: r.line,
                field: "medfee_sumamt", expected: found.total.description, found: r.total.description)
        }
        if !r.isInvalid(.reversedAt), r.reversedAt < found.settledAt {
            report(
                .badReversal, zh: "revs_time \(r.reversedAt) 早于原结算的 setl_time \(found.settledAt)",
                en: "revs_time \(r.reversedAt) is before the original's setl_time \(found.settledAt)",
                line: r.line, field: "revs_time", expected: ">= \(found.settledAt)", found: r.reversedAt.description)
        }
        if inThisDrop { entries[id]?.isReversed = true } else { reversedPrior.insert(id) }
        return found
    }
}

/// reconciliation.md, "Feedback drop": a province's answers to a month's reconciliation,
/// checked line by line (F002–F005), every error of the drop listed at once.
extension DropAssessor {
    /// R006 on the sending province, F001 on the month.
    func feedbackHeader(_ h: DropHeader) {
        defer { sink.header(h, institution: nil) }
        if !h.isInvalid(.provAdmdvs), !reference.knowsProvince(of: h.institutionCode) {
            report(
                .unknownProvince, zh: "prov_admdvs \(h.institutionCode) 不属于参与跨省结算的省份",
                en: "prov_admdvs \(h.institutionCode) names no province that takes part",
                line: h.line, field: "prov_admdvs", found: h.institutionCode)
        }
        guard let period = h.period, !h.isInvalid(.period), prior.knowsEarlierDrops else { return }
        let window = ask(FeedbackWindow.open) { () throws(YidiError) in try prior.feedbackWindow(period) }
        switch window {
        case .open:
            feedbackOpen = true
        case .notIssued:
            report(
                .feedbackPeriodNotOpen, zh: "期间 \(period) 尚未下发对账单，无需反馈",
                en: "period \(period) has no issued reconciliation: there is nothing to answer",
                line: h.line, field: "period", found: period.description)
        case .closed:
            report(
                .feedbackPeriodNotOpen, zh: "期间 \(period) 已清算，反馈已关闭", en: "period \(period) is already cleared: its feedback is closed",
                line: h.line, field: "period", found: period.description)
        }
    }

    public func feedbackEntry(_ e: FeedbackEntry) {
        context = (e.setlID.isEmpty ? nil : e.setlID, nil)
        guard let h = header, h.kind == .reconFeedback else { return }
        checkFeedbackFields(e)
        let role = e.isInvalid(.role) ? nil : e.role
        if let role, !e.isInvalid(.setlID), !feedbackKeys.insert(e.setlID + "|" + role.rawValue).inserted {
            report(
                .repeatedFeedback, zh: "\(e.setlID) 在本数据包中以 \(role.rawValue) 身份反馈了两次",
                en: "\(e.setlID) is answered twice as \(role.rawValue) in this drop", line: e.line,
                field: "setl_id", found: e.setlID)
        }
        guard feedbackOpen, let period = h.period, !e.isInvalid(.setlID) else { return }
        guard let candidate = ask(nil, { () throws(YidiError) in try prior.reconCandidate(e.setlID, period: period) }) else {
            report(
                .notACandidate, zh: "\(e.setlID) 不在 \(period) 的对账单中",
                en: "\(e.setlID) is not a candidate of the reconciliation of \(period)", line: e.line,
                field: "setl_id", found: e.setlID)
            return
        }
        if let role, candidate.province(role) != h.institutionCode {
            report(
                .roleNotHeld, zh: "省份 \(h.institutionCode) 不是 \(e.setlID) 的 \(role.rawValue) 省份（应为 \(candidate.province(role))）",
                en: "province \(h.institutionCode) is not the \(role.rawValue) province of \(e.setlID) (\(candidate.province(role)))",
                line: e.line, field: "role", expected: candidate.province(role), found: h.institutionCode)
        }
        if let deduction = e.deduction, !e.isInvalid(.deduction) {
            if candidate.isReversal {
                report(
                    .badFeedbackLine, zh: "冲销记录不能扣款：只有结算可以审核扣款", en: "dedc_amt on a reversal: only a settlement can be deducted",
                    line: e.line,
                    field: "dedc_amt", found: deduction.description)
            } else if deduction > candidate.clearing {
                report(
                    .badFeedbackLine, zh: "dedc_amt \(deduction) 超过该条目的 clr_amt \(candidate.clearing)",
                    en: "dedc_amt \(deduction) is more than the entry's clr_amt \(candidate.clearing)",
                    line: e.line, field: "dedc_amt", expected: "at most \(candidate.clearing)",
                    found: deduction.description)
            }
        }
        if let role {
            sink.feedback(AcceptedFeedback(entry: e, role: role, dropID: h.dropID, province: h.institutionCode, period: period))
        }
    }

    /// F004: the line's own fields that do not go together.
    private func checkFeedbackFields(_ e: FeedbackEntry) {
        if !e.isInvalid(.confirmed), !e.confirmed, e.reason == nil {
            report(
                .badFeedbackLine, zh: "cnfm_flag 为 0 但未填写 reason：剔除须说明原因", en: "cnfm_flag 0 without a reason: an exclusion names why",
                line: e.line,
                field: "reason")
        }
        guard !e.isInvalid(.deduction) else { return }
        if let deduction = e.deduction {
            if e.deductionReason == nil {
                report(
                    .badFeedbackLine, zh: "填写了 dedc_amt 但缺少 dedc_reason", en: "dedc_amt without dedc_reason", line: e.line,
                    field: "dedc_reason")
            }
            if e.role == .insured {
                report(
                    .badFeedbackLine, zh: "参保地身份不能扣款：只有就医地省份可以审核扣款",
                    en: "dedc_amt on the insured role: only the treatment province deducts",
                    line: e.line, field: "dedc_amt", found: deduction.description)
            }
            if !e.isInvalid(.confirmed), !e.confirmed {
                report(
                    .badFeedbackLine, zh: "cnfm_flag 为 0 时不能填写 dedc_amt：被剔除的条目不扣款",
                    en: "dedc_amt with cnfm_flag 0: an excluded entry is not deducted",
                    line: e.line, field: "dedc_amt", found: deduction.description)
            }
            if deduction <= .zero {
                report(
                    .badFeedbackLine, zh: "dedc_amt \(deduction) 必须大于 0.00", en: "dedc_amt \(deduction) is not more than 0.00",
                    line: e.line,
                    field: "dedc_amt", expected: "> 0.00", found: deduction.description)
            }
        } else if e.deductionReason != nil {
            report(
                .badFeedbackLine, zh: "填写了 dedc_reason 但缺少 dedc_amt", en: "dedc_reason without dedc_amt", line: e.line,
                field: "dedc_reason",
                found: e.deductionReason)
        }
    }
}

/// reconciliation.md, "Feedback drop": a province's answers to a month's reconciliation,
/// checked line by line (F002–F005), every error of the drop listed at once.
extension DropAssessor {
    /// R006 on the sending province, F001 on the month.
    func feedbackHeader(_ h: DropHeader) {
        defer { sink.header(h, institution: nil) }
        if !h.isInvalid(.provAdmdvs), !reference.knowsProvince(of: h.institutionCode) {
            report(.unknownProvince, "prov_admdvs \(h.institutionCode) names no province that takes part",
                   line: h.line, field: "prov_admdvs", found: h.institutionCode)
        }
        guard let period = h.period, !h.isInvalid(.period), prior.knowsEarlierDrops else { return }
        let window = ask(FeedbackWindow.open) { () throws(YidiError) in try prior.feedbackWindow(period) }
        switch window {
        case .open:
            feedbackOpen = true
        case .notIssued:
            report(.feedbackPeriodNotOpen, "period \(period) has no issued reconciliation: there is nothing to answer",
                   line: h.line, field: "period", found: period.description)
        case .closed:
            report(.feedbackPeriodNotOpen, "period \(period) is already cleared: its feedback is closed",
                   line: h.line, field: "period", found: period.description)
        }
    }

    public func feedbackEntry(_ e: FeedbackEntry) {
        context = (e.setlID.isEmpty ? nil : e.setlID, nil)
        guard let h = header, h.kind == .reconFeedback else { return }
        checkFeedbackFields(e)
        let role = e.isInvalid(.role) ? nil : e.role
        if let role, !e.isInvalid(.setlID), !feedbackKeys.insert(e.setlID + "|" + role.rawValue).inserted {
            report(.repeatedFeedback, "\(e.setlID) is answered twice as \(role.rawValue) in this drop", line: e.line,
                   field: "setl_id", found: e.setlID)
        }
        guard feedbackOpen, let period = h.period, !e.isInvalid(.setlID) else { return }
        guard let candidate = ask(nil, { () throws(YidiError) in try prior.reconCandidate(e.setlID, period: period) }) else {
            report(.notACandidate, "\(e.setlID) is not a candidate of the reconciliation of \(period)", line: e.line,
                   field: "setl_id", found: e.setlID)
            return
        }
        if let role, candidate.province(role) != h.institutionCode {
            report(.roleNotHeld, "province \(h.institutionCode) is not the \(role.rawValue) province of \(e.setlID) (\(candidate.province(role)))",
                   line: e.line, field: "role", expected: candidate.province(role), found: h.institutionCode)
        }
        if let deduction = e.deduction, !e.isInvalid(.deduction) {
            if candidate.isReversal {
                report(.badFeedbackLine, "dedc_amt on a reversal: only a settlement can be deducted", line: e.line,
                       field: "dedc_amt", found: deduction.description)
            } else if deduction > candidate.clearing {
                report(.badFeedbackLine, "dedc_amt \(deduction) is more than the entry's clr_amt \(candidate.clearing)",
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
            report(.badFeedbackLine, "cnfm_flag 0 without a reason: an exclusion names why", line: e.line,
                   field: "reason")
        }
        guard !e.isInvalid(.deduction) else { return }
        if let deduction = e.deduction {
            if e.deductionReason == nil {
                report(.badFeedbackLine, "dedc_amt without dedc_reason", line: e.line, field: "dedc_reason")
            }
            if e.role == .insured {
                report(.badFeedbackLine, "dedc_amt on the insured role: only the treatment province deducts",
                       line: e.line, field: "dedc_amt", found: deduction.description)
            }
            if !e.isInvalid(.confirmed), !e.confirmed {
                report(.badFeedbackLine, "dedc_amt with cnfm_flag 0: an excluded entry is not deducted",
                       line: e.line, field: "dedc_amt", found: deduction.description)
            }
            if deduction <= .zero {
                report(.badFeedbackLine, "dedc_amt \(deduction) is not more than 0.00", line: e.line,
                       field: "dedc_amt", expected: "> 0.00", found: deduction.description)
            }
        } else if e.deductionReason != nil {
            report(.badFeedbackLine, "dedc_reason without dedc_amt", line: e.line, field: "dedc_reason",
                   found: e.deductionReason)
        }
    }
}

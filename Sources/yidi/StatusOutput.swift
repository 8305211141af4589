import Foundation
import YidiCore

/// How `status` prints: text for people in their language, JSON for tools (keys never change).
enum StatusOutput {
    static func text(_ status: PeriodStatus, _ l: Language) -> String {
        let (period, issued, closedWith, pairs) = (status.period, status.issued, status.closedWith, status.pairs)
        let net = pairs.reduce(Amount.zero) { $0 + $1.totals.clearingAmount }
        var state = l.say("未关账", "open")
        if let issued {
            state = l.say("已关账，下发日 \(issued.issueDate)", "closed, issued \(issued.issueDate)")
            if let due = issued.due {
                state += l.say(
                    "（\(due.submitBy) 前提交，\(due.transferBy) 前划拨，\(due.feedbackBy) 前反馈）",
                    " (submit by \(due.submitBy), transfer by \(due.transferBy), feedback by \(due.feedbackBy))")
            }
        } else if let closedWith {
            state = l.say("已随 \(closedWith) 一并关账（无单独清算）", "closed with \(closedWith) (nothing to clear)")
        }
        var lines = [
            l.say(
                "期间 \(period)：\(state)  \(pairs.count) 个省际对，清算 \(net)", "period \(period): \(state)  \(pairs.count) pairs, clearing \(net)")
        ]
        for p in pairs {
            let t = p.totals
            lines.append(
                "  \(p.insuredProvince) -> \(p.treatmentProvince)  "
                    + l.say(
                        "\(t.settlementCount) 笔结算，\(t.reversalCount) 笔冲销，",
                        "\(t.settlementCount) settlements, \(t.reversalCount) reversals, ")
                    + "clr_amt \(t.clearingAmount)"
                    + (status.reconciliation == nil ? "" : ", dedc_amt \(t.deductedAmount), due_amt \(t.dueAmount)"))
        }
        if let r = status.reconciliation {
            lines.append(
                "  "
                    + l.say(
                        "对账单下发于 \(r.issueDate)，反馈截止 \(r.feedbackBy)：\(r.candidates) 条待确认，\(r.confirmed) 条已确认，\(r.excluded) 条剔除，\(r.deducted) 条扣款",
                        "reconciliation issued \(r.issueDate), feedback by \(r.feedbackBy): \(r.candidates) candidates, "
                            + "\(r.confirmed) confirmed, \(r.excluded) excluded, \(r.deducted) deducted"))
            lines.append(
                "  " + l.say("未反馈的省份：", "no feedback from: ") + (r.silentProvinces.isEmpty ? "-" : r.silentProvinces.joined(separator: " "))
            )
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ status: PeriodStatus) -> JSONValue {
        let (period, issued, closedWith, pairs) = (status.period, status.issued, status.closedWith, status.pairs)
        let due = issued?.due
        let recon: JSONValue =
            status.reconciliation.map { r in
                .object([
                    ("issue_date", .string(r.issueDate.description)), ("feedback_by", .string(r.feedbackBy.description)),
                    ("candidates", .int(r.candidates)), ("confirmed", .int(r.confirmed)), ("excluded", .int(r.excluded)),
                    ("deducted", .int(r.deducted)), ("silent_provinces", .array(r.silentProvinces.map(JSONValue.string)))
                ])
            } ?? .null
        return .object([
            ("period", .string(period.description)), ("status", .string(issued == nil && closedWith == nil ? "open" : "closed")),
            ("issue_date", issued.map { .string($0.issueDate.description) } ?? .null),
            ("closed_with", closedWith.map { .string($0.description) } ?? .null),
            ("submit_by", due.map { .string($0.submitBy.description) } ?? .null),
            ("transfer_by", due.map { .string($0.transferBy.description) } ?? .null),
            ("feedback_by", due.map { .string($0.feedbackBy.description) } ?? .null),
            (
                "pairs",
                .array(
                    pairs.map { p in
                        .object([
                            ("insu_prov", .string(p.insuredProvince)), ("mdtrt_prov", .string(p.treatmentProvince)),
                            ("setl_cnt", .int(p.totals.settlementCount)), ("revs_cnt", .int(p.totals.reversalCount)),
                            ("clr_amt", .string(p.totals.clearingAmount.description))
                        ])
                    })
            ),
            ("reconciliation", recon)
        ])
    }

    static func text(attempts: [(AttemptRecord, [DropError])], language l: Language) -> String {
        return attempts.map { a, errors in
            var lines = [
                l.say(
                    "第 \(a.attempt) 次上传  \(a.status.rawValue)  运行 \(a.runID)  \(a.receivedAt)  \(a.fileName.oneLine)  "
                        + "sha256 \(a.sha256.prefix(12))…  \(a.errorCount) 个错误  \(a.storedPath)",
                    "attempt \(a.attempt)  \(a.status.rawValue)  run \(a.runID)  \(a.receivedAt)  \(a.fileName.oneLine)  "
                        + "sha256 \(a.sha256.prefix(12))…  \(a.errorCount) error\(a.errorCount == 1 ? "" : "s")  \(a.storedPath)")
            ]
            lines += errors.map { e in
                "    " + (e.line.map { l.say("第 \($0) 行", "line \($0)") } ?? l.say("无行号", "no line"))
                    + ": \(e.code) \(ValidationOutput.message(e, l).oneLine)"
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func text(run: RunRecord, attempts: [AttemptRecord], _ l: Language) -> String {
        var lines = [text(run, l)]
        lines += attempts.map { a in
            "  \(a.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(a.dropID ?? l.say("（头部无法读取）", "(unreadable)")) "
                + l.say(
                    "第 \(a.attempt) 次上传  \(a.fileName.oneLine)  \(a.recordCount) 条记录，\(a.lineCount) 条明细，\(a.errorCount) 个错误",
                    "attempt \(a.attempt)  \(a.fileName.oneLine)  \(Self.count(a.recordCount, "record")), \(Self.count(a.lineCount, "line")), "
                        + Self.count(a.errorCount, "error"))
        }
        let accepted = attempts.filter { $0.status == .accepted }
        let records = accepted.reduce(0) { $0 + $1.recordCount }, lineCount = accepted.reduce(0) { $0 + $1.lineCount }
        let rejected = attempts.filter { $0.status == .rejected }.count, duplicate = attempts.filter { $0.status == .duplicate }.count
        lines.append(
            "  "
                + l.say(
                    "合计：\(attempts.count) 个数据包，接收 \(accepted.count)，拒收 \(rejected)，重复 \(duplicate)；接收 \(records) 条记录，\(lineCount) 条明细",
                    "totals: \(attempts.count) drops, \(accepted.count) accepted, \(rejected) rejected, \(duplicate) duplicate; "
                        + "accepted \(records) records, \(lineCount) lines"))
        return lines.joined(separator: "\n")
    }

    /// `1 error`, `2 errors`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func text(_ r: RunRecord, _ l: Language) -> String {
        let ended =
            r.finishedAt.map { l.say("结束于 \($0)  退出码 \(r.exitCode ?? 0)", "finished \($0)  exit \(r.exitCode ?? 0)") }
            ?? l.say("未结束", "not finished")
        return l.say("运行 \(r.id)  \(r.command)  开始于 \(r.startedAt)  ", "run \(r.id)  \(r.command)  started \(r.startedAt)  ") + ended
            + (r.failure.map { l.say("\n    失败原因：", "\n    failed: ") + $0.oneLine } ?? "")
    }

    static func json(attempts: [(AttemptRecord, [DropError])], language: Language) -> JSONValue {
        .object([
            ("drop_id", .string(attempts.first?.0.dropKey ?? "")),
            (
                "attempts",
                .array(
                    attempts.map { a, errors in
                        var fields = attemptFields(a)
                        fields.append(("errors", .array(errors.map { .object(ValidationOutput.jsonFields($0, language)) })))
                        return .object(fields)
                    })
            )
        ])
    }

    static func json(run: RunRecord, attempts: [AttemptRecord]) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if case .object(let r) = json(run) { fields = r }
        fields.append(("drops", .array(attempts.map { .object(attemptFields($0)) })))
        let accepted = attempts.filter { $0.status == .accepted }
        fields.append(
            (
                "totals",
                .object([
                    ("drops", .int(attempts.count)), ("accepted", .int(accepted.count)),
                    ("rejected", .int(attempts.filter { $0.status == .rejected }.count)),
                    ("duplicate", .int(attempts.filter { $0.status == .duplicate }.count)),
                    ("records", .int(accepted.reduce(0) { $0 + $1.recordCount })),
                    ("lines", .int(accepted.reduce(0) { $0 + $1.lineCount }))
                ])
            ))
        return .object(fields)
    }

    static func text(_ p: PendingOutput, _ l: Language) -> String {
        let e = p.entry
        var line = l.say("条目 \(e.id)  \(e.kind.rawValue)", "entry \(e.id)  \(e.kind.rawValue)")
        if let dropID = p.dropID { line += "  \(dropID.oneLine)" }
        if let attempt = p.attempt { line += l.say(" 第 \(attempt) 次上传", " attempt \(attempt)") }
        if let sender = p.sender { line += l.say("  来自 \(sender.oneLine)", "  from \(sender.oneLine)") }
        if case .move(_, let from, _) = e.task { line += "  \(from.oneLine)" }
        line += l.say("  -> \(p.target.oneLine)  （运行 \(e.runID)）", "  -> \(p.target.oneLine)  (run \(e.runID))")
        if e.failures > 0 {
            let since = e.firstFailedAt ?? l.say("（此前版本未记录时间）", "before this version kept the time")
            let error = e.lastError?.oneLine ?? "-"
            line += l.say(
                "\n    自 \(since) 起失败 \(e.failures) 次：\(error)",
                "\n    failing since \(since), \(e.failures) time\(e.failures == 1 ? "" : "s"): \(error)")
        }
        return line
    }

    static func json(_ p: PendingOutput) -> JSONValue {
        let e = p.entry
        return .object([
            ("id", .int(Int(e.id))), ("run_id", .int(Int(e.runID))), ("kind", .string(e.kind.rawValue)),
            ("task", task(e.task)), ("drop_id", p.dropID.map { .string($0) } ?? .null),
            ("attempt", p.attempt.map { .int($0) } ?? .null), ("sender", p.sender.map { .string($0) } ?? .null),
            ("target", .string(p.target)), ("failures", .int(e.failures)),
            ("first_failed_at", e.firstFailedAt.map { .string($0) } ?? .null),
            ("last_error", e.lastError.map { .string($0) } ?? .null)
        ])
    }

    static func task(_ t: OutboxEntry.Task) -> JSONValue {
        switch t {
        case .acknowledge(let attempt): .object([("attempt_id", .int(Int(attempt)))])
        case .move(let attempt, let from, let to):
            .object([("attempt_id", .int(Int(attempt))), ("from", .string(from)), ("to", .string(to))])
        case .settlementFile(let province), .reimbursementFile(let province): .object([("province", .string(province))])
        case .reconStatement(let period, let province): .object([("period", .string(period.description)), ("province", .string(province))])
        }
    }

    static func json(_ r: RunRecord) -> JSONValue {
        .object([
            ("run_id", .int(Int(r.id))), ("command", .string(r.command)), ("started_at", .string(r.startedAt)),
            ("finished_at", r.finishedAt.map { .string($0) } ?? .null), ("exit_code", r.exitCode.map { .int($0) } ?? .null),
            ("failure", r.failure.map { .string($0) } ?? .null)
        ])
    }

    static func attemptFields(_ a: AttemptRecord) -> [(String, JSONValue)] {
        [
            ("drop_id", a.dropID.map { .string($0) } ?? .null), ("attempt", .int(a.attempt)), ("status", .string(a.status.rawValue)),
            ("run_id", .int(Int(a.runID))), ("file_name", .string(a.fileName)), ("sha256", .string(a.sha256)),
            ("received_at", .string(a.receivedAt)), ("kind", a.kind.map { .string($0.rawValue) } ?? .null),
            ("record_cnt", .int(a.recordCount)), ("line_cnt", .int(a.lineCount)), ("medfee_sumamt", .string(a.controlSum.description)),
            ("error_cnt", .int(a.errorCount)), ("stored_path", .string(a.storedPath))
        ]
    }
}

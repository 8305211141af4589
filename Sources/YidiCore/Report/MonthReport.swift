/// What `yidi report --period` shows of a month, read from the ledger only: the province-pair
/// clearing, each province's net, the issue and due dates, the month beside the twelve before
/// it, the drops received in the month and their errors, and the year's prepayments beside
/// what clearing has used of them.
public struct MonthReport: Sendable {
    /// The state of the month.
    public enum State: Sendable, Equatable {
        case open
        /// Closed by name, with its issue.
        case closed(Issue)
        /// Closed together with a later month that was closed by name.
        case closedWith(ClearingPeriod)
    }

    /// A prepayment pair of the period's year, with what clearing has used of it.
    public struct PrepaymentUse: Sendable, Equatable {
        public var insuredProvince: String
        public var treatmentProvince: String
        public var prepayment: Amount
        /// Σ clr_amt of the pair over the year's months up to the report's.
        public var used: Amount
    }

    public let period: ClearingPeriod
    public let state: State
    /// The month's pairs (insured province pays, treatment province receives).
    public let pairs: [ClearingRow]
    /// The month and the twelve before it, oldest first: the clearing amount per insured province.
    public let history: [(period: ClearingPeriod, byProvince: [String: Amount])]
    /// Drops received in the month, by outcome.
    public let drops: [AttemptStatus: Int]
    /// The accepted drops that carried the month's entries, by the month they were received in.
    public let carriers: [(received: String, drops: Int)]
    /// The most frequent error codes per hospital among the month's rejected attempts.
    public let errorsByHospital: [(institution: String, codes: [(code: String, count: Int)])]
    public let prepayments: [PrepaymentUse]
    /// A reconciled month's exclusions and deductions (as decided so far while it is open).
    public let reconciliation: ReconciliationSummary?

    /// Exclusions and deductions by province pair and by reason.
    public struct ReconciliationSummary: Sendable, Equatable {
        public struct Pair: Sendable, Equatable {
            public var insured: String, treatment: String
            public var excluded = 0, excludedAmount = Amount.zero, deducted = 0, deductedAmount = Amount.zero
        }
        public struct Reason: Sendable, Equatable {
            /// `exclusion` (a `reason`) or `deduction` (a `dedc_reason`).
            public var kind: String
            public var code: String
            public var count = 0
            public var amount = Amount.zero
        }
        public var feedbackBy: LocalDate
        public var pairs: [Pair]
        public var reasons: [Reason]

        init(feedbackBy: LocalDate, outcomes: [ReconOutcome]) {
            self.feedbackBy = feedbackBy
            var pairs: [String: Pair] = [:], reasons: [String: Reason] = [:]
            for o in outcomes {
                var pair =
                    pairs[o.insuredProvince + o.treatmentProvince] ?? Pair(insured: o.insuredProvince, treatment: o.treatmentProvince)
                let excluded = o.state == .excluded
                let amount = excluded ? o.clearing : (o.deduction ?? .zero)
                if excluded {
                    pair.excluded += 1
                    pair.excludedAmount += amount
                } else {
                    pair.deducted += 1
                    pair.deductedAmount += amount
                }
                pairs[o.insuredProvince + o.treatmentProvince] = pair
                let kind = excluded ? "exclusion" : "deduction"
                let code = (excluded ? o.reason : o.deductionReason) ?? "-"
                reasons[kind + code, default: Reason(kind: kind, code: code)].count += 1
                reasons[kind + code]?.amount += amount
            }
            self.pairs = pairs.values.sorted { ($0.insured, $0.treatment) < ($1.insured, $1.treatment) }
            // exclusions first, then deductions, each by code
            self.reasons = reasons.values.sorted { ($0.kind == "exclusion" ? 0 : 1, $0.code) < ($1.kind == "exclusion" ? 0 : 1, $1.code) }
        }
    }

    /// Reads the month from the ledger.
    public static func read(_ reading: any Ledger, period: ClearingPeriod) throws(YidiError) -> MonthReport {
        let ledger = try clearingLedger(reading)
        let issued = try ledger.closedPeriod(period)
        let latest = try ledger.latestClosedPeriod()
        let state: State = issued.map { .closed($0) } ?? latest.flatMap { period < $0 ? .closedWith($0) : nil } ?? .open
        var months: [ClearingPeriod] = [period]
        for _ in 0..<12 { months.insert(months[0].previous, at: 0) }
        var history: [(period: ClearingPeriod, byProvince: [String: Amount])] = []
        for month in months {
            var byProvince: [String: Amount] = [:]
            for row in try ledger.clearingRows(month, byType: false) {
                byProvince[row.insuredProvince, default: .zero] += row.totals.dueAmount
            }
            history.append((month, byProvince))
        }
        let activity = try ledger.monthActivity(period)
        return MonthReport(
            period: period, state: state, pairs: try ledger.clearingRows(period, byType: false), history: history,
            drops: activity.outcomes, carriers: activity.carriers, errorsByHospital: Self.topErrors(activity.errors, perHospital: 3),
            prepayments: try prepaymentUse(ledger, period: period),
            reconciliation: try reconciliationSummary(ledger, period: period, closed: issued != nil))
    }

    private static func reconciliationSummary(
        _ ledger: any ClearingLedger, period: ClearingPeriod,
        closed: Bool
    ) throws(YidiError) -> ReconciliationSummary? {
        guard let r = try ledger.reconciliation(period) else { return nil }
        let outcomes =
            closed
            ? try ledger.reconOutcomes(period)
            : ReconciliationDecision.outcomes(
                entries: try ledger.reconEntries(period),
                feedback: try ledger.latestFeedback(period), period: period)
        return ReconciliationSummary(feedbackBy: r.feedbackBy, outcomes: outcomes)
    }

    /// Each province's net: what it receives as the treatment place minus what it pays as the
    /// insured place.
    public var nets: [(province: String, net: Amount)] {
        var net: [String: Amount] = [:]
        for row in pairs {
            net[row.treatmentProvince, default: .zero] += row.totals.dueAmount
            net[row.insuredProvince, default: .zero] -= row.totals.dueAmount
        }
        return net.keys.sorted().map { ($0, net[$0]!) }
    }

    private static func topErrors(_ rows: [(institution: String, code: String, count: Int)], perHospital: Int)
        -> [(institution: String, codes: [(code: String, count: Int)])]
    {
        var by: [String: [(code: String, count: Int)]] = [:]
        for row in rows { by[row.institution, default: []].append((row.code, row.count)) }
        return by.keys.sorted().map { institution in
            let codes = by[institution]!.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
            return (institution, Array(codes.prefix(perHospital)))
        }
    }

    private static func prepaymentUse(_ ledger: any ClearingLedger, period: ClearingPeriod) throws(YidiError) -> [PrepaymentUse] {
        let rows = try ledger.prepayments(year: period.year)
        guard !rows.isEmpty else { return [] }
        var used: [String: Amount] = [:]
        var month = ClearingPeriod(year: period.year, month: 1)
        while month <= period {
            for row in try ledger.clearingRows(month, byType: false) {
                used[row.insuredProvince + "-" + row.treatmentProvince, default: .zero] += row.totals.dueAmount
            }
            month = month.next
        }
        return rows.map { row in
            PrepaymentUse(
                insuredProvince: row.insuredProvince, treatmentProvince: row.treatmentProvince,
                prepayment: row.prepayment, used: used[row.insuredProvince + "-" + row.treatmentProvince] ?? .zero)
        }
    }
}

extension ClearingPeriod {
    /// The month before this one.
    public var previous: ClearingPeriod {
        month == 1 ? ClearingPeriod(year: year - 1, month: 12) : ClearingPeriod(year: year, month: month - 1)
    }
}

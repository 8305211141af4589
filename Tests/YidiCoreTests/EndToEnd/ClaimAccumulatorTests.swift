import Foundation
import GRDB
import Testing

@testable import YidiCore

/// rules.md: a claim's `cum_dedc_before` and `cum_fund_before` are the sums of `act_pay_dedc`
/// and `hifp_pay` over everything accepted before it for the same person, `insu_admdvs`,
/// `insutype`, `med_type`, `dise_codg` (14 only) and year, without reversed settlements.
@Suite("Claims accumulate what was accepted before them", .serialized)
struct ClaimAccumulatorTests {
    typealias V = DropBuilder.Visit
    typealias A = DropBuilder.Amounts

    /// Three runs: settlements (one of them reversed in the second run, one of another year,
    /// one of another disease), then claims in the second run, then claims in the third.
    @Test(arguments: ["11", "14", "21"])
    func claimsCountEarlierSettlementsAndClaims(medType: String) throws {
        let ws = try SampleWorkspace(drops: [])
        let disease: String? = medType == "11" ? nil : (medType == "14" ? "M03900" : "I10")
        func visit(_ id: String, _ date: String, _ count: Int, disease d: String? = nil) -> V {
            V(id: id, medType: medType, disease: d ?? disease, date: date, count: count)
        }
        // Per med_type: the policy of 110000/310 for 2026 (grade 3, filing type 1: no cut).
        // 11: dedc 1800 per year, ratio 0.70; 14 (M03900): no dedc, 0.85; 21: 1300 per visit, 0.85.
        let s1, s2, s3: (V, A)
        var others: [(V, A)] = []
        switch medType {
        case "11":
            s1 = (visit("S1", "2026-03-02", 4), A(cumDeductibleBefore: 175_000, deductiblePaid: 5_000, fund: 10_500))
            s2 = (visit("S2", "2026-03-03", 6), A(cumDeductibleBefore: 180_000, deductiblePaid: 0, fund: 21_000))
            s3 = (visit("S3", "2026-03-04", 2), A(cumDeductibleBefore: 180_000, deductiblePaid: 0, fund: 7_000))
            // the year before: same person and key, another year
            others.append((visit("S0", "2025-12-30", 2), A(cumDeductibleBefore: 180_000, deductiblePaid: 0, fund: 7_000)))
        case "14":
            s1 = (visit("S1", "2026-03-02", 4), A(deductiblePaid: 0, fund: 17_000))
            s2 = (visit("S2", "2026-03-03", 6), A(deductiblePaid: 0, fund: 25_500))
            s3 = (visit("S3", "2026-03-04", 2), A(deductiblePaid: 0, fund: 8_500))
            // another chronic disease: another accumulator
            others.append((visit("S4", "2026-03-05", 2, disease: "M01600"), A(deductiblePaid: 0, fund: 8_500)))
        default:
            s1 = (visit("S1", "2026-03-02", 30), A(deductiblePaid: 130_000, fund: 17_000))
            s2 = (visit("S2", "2026-03-03", 40), A(deductiblePaid: 130_000, fund: 59_500))
            s3 = (visit("S3", "2026-03-04", 28), A(deductiblePaid: 130_000, fund: 8_500))
        }
        ws.put(
            "a-2026-03-10-settlements.xml.gz",
            xml: DropBuilder.feeDetail(
                dropID: "H44010600001-20260310-\(medType)", createdAt: "2026-03-10T01:00:00", settlements: [s1, s2, s3] + others))
        let first = try ws.yidi(["run"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")

        // run 2: S3 reversed, then the first claim
        ws.put(
            "b-2026-03-20-reversal.xml.gz",
            xml: DropBuilder.feeDetail(
                dropID: "H44010600001-20260320-\(medType)", createdAt: "2026-03-20T01:00:00", settlements: [],
                reversals: [(id: "R3", original: "S3", total: Int64(s3.0.count) * 5000)]))
        let (countA, countB) = medType == "21" ? (30, 28) : (medType == "11" ? (40, 2) : (4, 2))
        ws.put(
            "c-2026-03-21-claims.xml.gz",
            xml: DropBuilder.manual(
                dropID: "H31010400001-20260321-\(medType)", createdAt: "2026-03-21T01:00:00",
                claims: [visit("CA", "2026-03-15", countA)]))
        let second = try ws.yidi(["run"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")

        // run 3: the second claim sees the first
        ws.put(
            "d-2026-03-28-claims.xml.gz",
            xml: DropBuilder.manual(
                dropID: "H31010400001-20260328-\(medType)", createdAt: "2026-03-28T01:00:00",
                claims: [visit("CB", "2026-03-25", countB)]))
        let third = try ws.yidi(["run"])
        #expect(third.status == 0, "\(third.stdout)\(third.stderr)")

        // Expected, by hand (filing type 5 cuts 0.30 off the ratio):
        //   11: CA before = S1 + S2 = dedc 50.00, fund 315.00; 2000.00 in scope, 1750.00 deductible
        //       left: act 1750.00, fund round2(250 × 0.40) = 100.00.
        //       CB before = dedc 1800.00, fund 415.00; 100.00: act 0, fund 40.00.
        //   14: CA before = fund 170.00 + 255.00 = 425.00 (M01600 and the reversed S3 excluded);
        //       200.00: fund 110.00. CB before = fund 535.00; 100.00: fund 55.00.
        //   21: CA before = dedc 2600.00, fund 765.00; 1500.00, 1300.00 per visit: fund
        //       round2(200 × 0.55) = 110.00. CB before = dedc 3900.00, fund 875.00; 1400.00: fund 55.00.
        let expected: [String: [(dedcBefore: Int64, fundBefore: Int64, dedc: Int64, fund: Int64)]] = [
            "11": [(5_000, 31_500, 175_000, 10_000), (180_000, 41_500, 0, 4_000)],
            "14": [(0, 42_500, 0, 11_000), (0, 53_500, 0, 5_500)],
            "21": [(260_000, 76_500, 130_000, 11_000), (390_000, 87_500, 130_000, 5_500)]
        ]
        let rows = try TestLedger.rows(
            """
            SELECT claim_id, cum_dedc_before, cum_fund_before, act_pay_dedc, hifp_pay FROM claim ORDER BY claim_id
            """, in: ws.ledger())
        let found = rows.map { (dedcBefore: Int64($0[1])!, fundBefore: Int64($0[2])!, dedc: Int64($0[3])!, fund: Int64($0[4])!) }
        #expect(rows.map { $0[0] } == ["CA", "CB"])
        let want = try #require(expected[medType])
        #expect(found.count == 2)
        for (f, w) in zip(found, want) {
            #expect(f.dedcBefore == w.dedcBefore && f.fundBefore == w.fundBefore, "med_type \(medType): \(f) ≠ \(w)")
            #expect(f.dedc == w.dedc && f.fund == w.fund, "med_type \(medType): \(f) ≠ \(w)")
        }
        // and the reimbursement file says so to the fen
        let files = try ProvinceFilesContent(workspace: ws.root)
        let claims = files.records.values.joined().filter { $0.hasPrefix("claim ") }.sorted()
        #expect(
            claims == [
                "claim CA \(DropBuilder.amount(Int64(countA) * 5000)) \(DropBuilder.amount(want[0].fund))",
                "claim CB \(DropBuilder.amount(Int64(countB) * 5000)) \(DropBuilder.amount(want[1].fund))"
            ])
    }

    /// A failing ledger read is never taken for "nothing accumulated": the drop is not
    /// assessed on a guess, the run stops with 74, and nothing of the drop is recorded.
    @Test func aFailingReadFailsTheDropNotTheMoney() throws {
        let recorder = AssessedRecorder()
        let reference = try ReferenceData.load(directory: Fixtures.sampleReference)
        let assessor = DropAssessor(reference: reference, limits: DropLimits(), prior: FailingPriorFacts(), sink: recorder)
        let (handler, _) = parse(
            DropBuilder.manual(
                dropID: "H31010400001-20260321-X", createdAt: "2026-03-21T01:00:00",
                claims: [V(id: "CA", medType: "11", date: "2026-03-15", count: 2)]))
        assessor.header(try #require(handler.headers.first))
        for claim in handler.claims { assessor.claim(claim) }
        #expect(recorder.ledgerFailures.count == 2, "the B002 read and the accumulator read both failed and both said so")
    }
}

/// A ledger whose every read fails.
struct FailingPriorFacts: PriorFacts {
    static let failure = YidiError(.io, "ledger: SQLite error 11: database disk image is malformed")
    var knowsEarlierDrops: Bool { true }
    func isAccepted(id: String) throws(YidiError) -> Bool { throw Self.failure }
    func settlement(id: String) throws(YidiError) -> SettlementSummary? { throw Self.failure }
    func accumulated(_ key: AccumulatorKey) throws(YidiError) -> (deductible: Amount, fund: Amount) { throw Self.failure }
    func feedbackWindow(_ period: ClearingPeriod) throws(YidiError) -> FeedbackWindow { throw Self.failure }
    func reconCandidate(_ setlID: String, period: ClearingPeriod) throws(YidiError) -> CandidateFacts? { throw Self.failure }
}

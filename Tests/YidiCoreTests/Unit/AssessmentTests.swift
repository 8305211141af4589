import Foundation
import Testing

@testable import YidiCore

/// Records what the assessment stage hands on.
final class AssessedRecorder: AssessedDropSink {
    var settlements: [AssessedSettlement] = []
    var reversals: [AssessedReversal] = []
    var claims: [AssessedClaim] = []
    var errors: [DropError] = []
    var institution: Institution?

    func header(_ header: DropHeader, institution: Institution?) { self.institution = institution }
    func settlement(_ s: AssessedSettlement) { settlements.append(s) }
    func reversal(_ r: AssessedReversal) { reversals.append(r) }
    func claim(_ c: AssessedClaim) { claims.append(c) }
    var feedback: [AcceptedFeedback] = []
    func feedback(_ line: AcceptedFeedback) { feedback.append(line) }
    func report(_ e: DropError) { errors.append(e) }
    var ledgerFailures: [YidiError] = []
    func ledgerFailed(_ error: YidiError) { ledgerFailures.append(error) }

    var codes: [String] { errors.map { "\($0.code):\($0.line ?? 0)" } }
}

/// Parses and assesses XML text against the sample reference data.
func assess(_ xml: String, prior: any PriorFacts = NoPriorFacts()) -> AssessedRecorder {
    let recorder = AssessedRecorder()
    let assessor = DropAssessor(reference: Fixtures.reference, limits: DropLimits(), prior: prior, sink: recorder)
    let parser = DropParser(limits: DropLimits(), handler: assessor)
    var bytes = Array(xml.utf8)
    _ = bytes.withUnsafeMutableBytes { parser.consume(UnsafeRawBufferPointer($0)) }
    _ = parser.finish(intakeFailed: false)
    return recorder
}

/// Inflates a sample drop's XML.
func sampleXML(_ file: String) throws -> String {
    String(decoding: try gunzip(Fixtures.repository + "/SampleDrops/" + file), as: UTF8.self)
}

/// A ledger stand-in for the rules that look at earlier drops.
struct FakePriorFacts: PriorFacts {
    var accepted: [String: SettlementSummary] = [:]
    var acceptedClaims: Set<String> = []
    var accumulators: [AccumulatorKey: (Amount, Amount)] = [:]
    var knowsEarlierDrops: Bool { true }
    func isAccepted(id: String) -> Bool { accepted[id] != nil || acceptedClaims.contains(id) }
    func settlement(id: String) -> SettlementSummary? { accepted[id] }
    func accumulated(_ key: AccumulatorKey) -> (deductible: Amount, fund: Amount) { accumulators[key] ?? (.zero, .zero) }
    var window = FeedbackWindow.open
    var candidates: [String: CandidateFacts] = [:]
    func feedbackWindow(_ period: ClearingPeriod) -> FeedbackWindow { window }
    func reconCandidate(_ setlID: String, period: ClearingPeriod) -> CandidateFacts? { candidates[setlID] }
}

@Suite("Assessment: every rule, with the root cause reported alone")
struct AssessmentTests {
    static let valid = Fixtures.samples.filter { $0.1.isEmpty }.map(\.0)

    @Test func validSamplesRecomputeToTheFen() throws {
        for file in Self.valid {
            let r = assess(try sampleXML(file))
            #expect(r.errors.isEmpty, "\(file): \(r.codes)")
            for a in r.settlements {
                let s = a.settlement
                #expect(a.parts.fullySelfPaid == s.amounts.fullySelfPaid && a.parts.inScope == s.amounts.inScope)
                #expect(a.share?.fundPayment == s.amounts.fundPayment)
                #expect(a.share?.deductiblePaid == s.amounts.deductiblePaid)
                #expect(a.categories.map(\.amount).reduce(.zero, +) == s.amounts.total)
            }
        }
    }

    @Test func theValidSamplesExerciseEveryBranch() throws {
        var seen: Set<String> = []
        for file in Self.valid {
            let r = assess(try sampleXML(file))
            for a in r.settlements {
                let s = a.settlement
                guard let share = a.share else { continue }
                for line in a.lines.compactMap({ $0 }) {
                    if line.itemClass == .classC { seen.insert("class C") }
                    if line.itemClass == .classB && line.parts.firstSelfPaid > .zero { seen.insert("class B share") }
                    if line.parts.overCap > .zero { seen.insert("price cap") }
                }
                let rule = try #require(
                    Fixtures.reference.policies.rule(
                        area: s.visit.insuredArea, insuranceType: s.visit.insuranceType!, medicalType: s.visit.medicalType!,
                        disease: s.visit.diseaseCode, year: s.settledAt.date.year))
                if rule.deductibleScope == .year && s.amounts.deductibleBefore > .zero && share.deductiblePaid > .zero {
                    seen.insert("year deductible partly used")
                }
                if rule.deductibleScope == .visit && share.deductiblePaid > .zero { seen.insert("visit deductible") }
                if share.fundPayment == Amount.max(.zero, rule.annualCap - s.amounts.fundBefore),
                    share.fundPayment < (a.parts.inScope - share.deductiblePaid)
                {
                    seen.insert("annual cap reached")
                }
                seen.insert("filing \(s.visit.filingType!.rawValue)")
                seen.insert("insutype \(s.visit.insuranceType!.rawValue)")
                if let d = s.visit.diseaseCode, s.visit.medicalType == .chronicDisease { seen.insert(d) }
            }
            for c in r.claims where c.share != nil { seen.insert("claim filing \(c.claim.visit.filingType!.rawValue)") }
        }
        let wanted: Set = [
            "class C", "class B share", "price cap", "year deductible partly used", "visit deductible",
            "annual cap reached", "filing 1", "filing 2", "filing 3", "filing 4", "claim filing 5",
            "insutype 310", "insutype 390", "M03900", "M01600", "M00500", "M07801", "M08300"
        ]
        #expect(wanted.subtracting(seen).isEmpty, "not exercised: \(wanted.subtracting(seen).sorted())")
    }

    @Test func claimsAccumulateWithinTheDropAndFromTheLedger() throws {
        let xml = try sampleXML("2025-11-18-H31010400001-01-manual.xml.gz")
        let fresh = assess(xml)
        #expect(fresh.errors.isEmpty)
        let first = try #require(fresh.claims.first)
        let share = try #require(first.share)
        #expect(first.deductibleBefore == .zero && first.fundBefore == .zero)
        #expect(share.personalPart + share.fundPayment == first.claim.total)

        // the same person already used 500.00 of the deductible and 1000.00 of the fund this year
        let v = first.claim.visit
        let key = AccumulatorKey(
            personNumber: v.personNumber, insuredArea: v.insuredArea, insuranceType: v.insuranceType!,
            medicalType: v.medicalType!, diseaseCode: v.diseaseCode, year: v.endDate.year)
        var prior = FakePriorFacts()
        prior.accumulators[key] = (Amount("500.00")!, Amount("1000.00")!)
        let later = assess(xml, prior: prior)
        let again = try #require(later.claims.first)
        #expect(again.deductibleBefore == Amount("500.00") && again.fundBefore == Amount("1000.00"))

        // a second claim of the same person in the same drop counts the first one
        let twice = xml.replacingAll("<claim_cnt>2</claim_cnt>", with: "<claim_cnt>3</claim_cnt>")
        let block = try #require(twice.sectionBetween("  <claim>", "</claim>\n"))
        let copy = block.replacingAll("<claim_id>\(first.claim.id)<", with: "<claim_id>\(first.claim.id)B<")
        let doubled = twice.replacingAll("</ManualReimbursementDrop>", with: copy + "</ManualReimbursementDrop>")
        let r = assess(doubled)
        let second = try #require(r.claims.last)
        #expect(second.deductibleBefore == share.deductiblePaid && second.fundBefore == share.fundPayment)
    }

    @Test func reversalsAgainstTheLedger() throws {
        let xml = try sampleXML("2025-12-20-H44010600001-02-reversal.xml.gz")
        #expect(assess(xml).errors.isEmpty, "validate cannot know the original: not checked")
        let r0 = try #require(assess(xml).reversals.first)
        let id = r0.reversal.originalID
        let ok = SettlementSummary(
            id: id, institutionCode: "H44010600001", total: r0.reversal.total,
            allFunds: Amount("10.00")!, accountPayment: .zero, isReversed: false,
            settledAt: LocalDateTime("2025-12-01T10:00:00")!)
        var prior = FakePriorFacts()
        #expect(assess(xml, prior: prior).errors.map(\.code) == [.badReversal], "unknown original")
        prior.accepted[id] = ok
        let accepted = assess(xml, prior: prior)
        #expect(accepted.errors.isEmpty)
        #expect(accepted.reversals.first?.original?.clearingAmount == Amount("10.00"))
        var foreign = ok
        foreign.institutionCode = "H31010400001"
        prior.accepted[id] = foreign
        #expect(assess(xml, prior: prior).errors.map(\.code) == [.badReversal], "another hospital's settlement")
        var reversed = ok
        reversed.isReversed = true
        prior.accepted[id] = reversed
        #expect(assess(xml, prior: prior).errors.map(\.code) == [.badReversal], "already reversed")
        var later = ok
        later.settledAt = LocalDateTime(date: r0.reversal.reversedAt.date, secondOfDay: r0.reversal.reversedAt.secondOfDay + 1)
        prior.accepted[id] = later
        let early = assess(xml, prior: prior).errors
        #expect(early.map(\.code) == [.badReversal], "a reversal dated before its original")
        #expect(early.first?.field == "revs_time" && early.first?.line == r0.reversal.line)
        prior.accepted[id] = ok
        let reversalID = r0.reversal.id
        prior.acceptedClaims.insert(reversalID)
        #expect(assess(xml, prior: prior).errors.map(\.code) == [.alreadyAccepted], "B002 for a reused id")
    }

    @Test func aReversalTwiceInOneDropAndOfANonSettlement() throws {
        let xml = try sampleXML("2025-11-25-H44030400002-50-B015-reversal-amount.xml.gz")
        let block = try #require(xml.sectionBetween("  <setl_revs>", "</setl_revs>\n"))
        let original = try #require(assess(xml).settlements.first)
        let fixed = block.replacingAll(
            try #require(block.sectionBetween("<medfee_sumamt>", "</medfee_sumamt>")),
            with: "<medfee_sumamt>\(original.settlement.amounts.total)</medfee_sumamt>")
        let second = fixed.replacingAll("<setl_id>R", with: "<setl_id>RR")
        let twice = xml.replacingAll(block, with: fixed + second)
        #expect(assess(twice).errors.map(\.code).filter { $0 != .controlSumMismatch && $0 != .countMismatch } == [.badReversal])
        #expect(assess(twice).errors.first { $0.code == .badReversal }?.message.en.contains("already reversed") == true)
    }

    @Test func unclassifiableLinesSilenceTheAmountChecks() throws {
        // an unmapped item and a wrong in-scope amount: only R002, not B007–B009
        let xml = try sampleXML("2025-11-25-H44030400002-33-R002-unmapped-item.xml.gz")
        let s = try #require(assess(xml).settlements.first).settlement
        let worse = xml.replacingAll("<inscp_scp_amt>\(s.amounts.inScope)<", with: "<inscp_scp_amt>\(s.amounts.inScope + Amount("1.00")!)<")
        #expect(assess(worse).errors.map(\.code.rawValue) == ["R002"])
    }

    @Test func aSchemaErrorIsNotEchoedByTheRules() throws {
        // an amount with three decimals: D004 only, no B004/B006
        let xml = Fixtures.feeDetail.replacingAll("<det_item_fee_sumamt>50.00<", with: "<det_item_fee_sumamt>50.000<")
        let r = assess(xml)
        #expect(!r.errors.contains { $0.code == .lineAmountMismatch || $0.code == .totalMismatch })
        #expect(r.errors.contains { $0.code == .schemaInvalid })
    }
}

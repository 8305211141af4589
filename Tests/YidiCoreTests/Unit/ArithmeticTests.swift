import Testing

@testable import YidiCore

/// A policy row built by hand: the rules.md worked example's (dedc 1800.00 per year,
/// ratio_lv3 0.70, cap 20000.00, cut_referral 0.10).
func examplePolicy(
    scope: DeductibleScope = .year, deductible: String = "1800.00", cap: String = "20000.00",
    ratios: [String] = ["0.90", "0.80", "0.70"], cuts: [String] = ["0.10", "0.05", "0.20", "0.30"]
) -> PolicyRule {
    PolicyRule(
        insuredArea: "110100", insuranceType: .employee, medicalType: .outpatient, diseaseCode: nil, year: 2026,
        deductible: Amount(deductible)!, deductibleScope: scope, ratios: ratios.map { Ratio($0)! },
        annualCap: Amount(cap)!, cutReferral: Ratio(cuts[0])!, cutEmergency: Ratio(cuts[1])!,
        cutOther: Ratio(cuts[2])!, cutUnfiled: Ratio(cuts[3])!)
}

func item(_ cls: ItemClass, share: String = "0", cap: String? = nil) -> CatalogItem {
    CatalogItem(
        nationalCode: "X", category: ExpenseCategory(rawValue: "09")!, itemClass: cls,
        selfPayShare: Ratio(share)!, priceCap: cap.map { UnitPrice($0)! })
}

func split(_ cnt: String, _ pric: String, _ amt: String, _ it: CatalogItem) -> ScopeParts {
    ScopeParts.split(amount: Amount(amt)!, quantity: Quantity(cnt)!, price: UnitPrice(pric)!, item: it)
}

@Suite("Classification and settlement arithmetic, computed by hand")
struct ArithmeticTests {
    @Test func theWorkedExampleOfRulesMd() {
        // line 1: class A, 1 × 50 = 50.00 → in scope 50.00
        let l1 = split("1", "50", "50.00", item(.classA))
        // line 2: class B 0.10, 3 × 33.333333 = 99.999999 → 100.00; preselfpay round2(100.00 × 0.10) = 10.00
        let l2 = split("3", "33.333333", "100.00", item(.classB, share: "0.10"))
        // line 3: class A, cap 120.00, 2 × 150.00 = 300.00; overlmt round2((150 − 120) × 2) = 60.00
        let l3 = split("2", "150.00", "300.00", item(.classA, cap: "120.00"))
        // line 4: class C, 25.50 fully self-paid
        let l4 = split("1", "25.50", "25.50", item(.classC))
        // line 5: class B 0.05, 12.30; preselfpay round2(0.615) = 0.62, in scope 11.68
        let l5 = split("1", "12.30", "12.30", item(.classB, share: "0.05"))
        #expect(l2.firstSelfPaid == Amount("10.00") && l2.inScope == Amount("90.00"))
        #expect(l3.overCap == Amount("60.00") && l3.inScope == Amount("240.00"))
        #expect(l4.fullySelfPaid == Amount("25.50") && l4.inScope == .zero)
        #expect(l5.firstSelfPaid == Amount("0.62") && l5.inScope == Amount("11.68"))
        var sum = ScopeParts()
        for l in [l1, l2, l3, l4, l5] { sum += l }
        // 487.80 = 25.50 + 60.00 + 10.62 + 391.68
        #expect(sum.fullySelfPaid == Amount("25.50") && sum.overCap == Amount("60.00"))
        #expect(sum.firstSelfPaid == Amount("10.62") && sum.inScope == Amount("391.68"))
        #expect(sum.total == Amount("487.80"))

        // dedc_left = 1800 − 1700 = 100.00; ratio = 0.70 − 0.10 = 0.60;
        // fund = round2((391.68 − 100.00) × 0.60) = round2(175.008) = 175.01; person 487.80 − 175.01 = 312.79
        let share = FundShare.compute(
            policy: examplePolicy(), grade: 3, filing: .referral, inScope: sum.inScope,
            total: sum.total, deductibleBefore: Amount("1700.00")!, fundBefore: .zero)
        #expect(
            share
                == FundShare(
                    deductiblePaid: Amount("100.00")!, fundPayment: Amount("175.01")!,
                    personalPart: Amount("312.79")!))
    }

    @Test func roundingAtHalfFenBoundaries() {
        // class B 0.05 of 0.10 = 0.005 → 0.01; of 0.30 = 0.015 → 0.02; of 0.09 = 0.0045 → 0.00
        #expect(split("1", "0.10", "0.10", item(.classB, share: "0.05")).firstSelfPaid == Amount("0.01"))
        #expect(split("1", "0.30", "0.30", item(.classB, share: "0.05")).firstSelfPaid == Amount("0.02"))
        #expect(split("1", "0.09", "0.09", item(.classB, share: "0.05")).firstSelfPaid == Amount("0.00"))
        // over cap: (10.005 − 10.00) × 1 = 0.005 → 0.01
        #expect(split("1", "10.005", "10.01", item(.classA, cap: "10.00")).overCap == Amount("0.01"))
        // fund: in scope 10.01 at 0.5 = 5.005 → 5.01
        let f = FundShare.compute(
            policy: examplePolicy(deductible: "0", ratios: ["0.5", "0.5", "0.5"]), grade: 1,
            filing: .resident, inScope: Amount("10.01")!, total: Amount("10.01")!,
            deductibleBefore: .zero, fundBefore: .zero)
        #expect(f.fundPayment == Amount("5.01") && f.personalPart == Amount("5.00"))
    }

    @Test func priceAtTheCapIsNotOverIt() {
        #expect(split("3", "120.00", "360.00", item(.classA, cap: "120.00")).overCap == .zero)
        #expect(split("3", "120.000001", "360.00", item(.classA, cap: "120.00")).overCap == .zero)  // 0.000003 → 0.00
    }

    @Test func theAnnualCapHitExactlyAndPassed() {
        let policy = examplePolicy(deductible: "0", cap: "1000.00", ratios: ["1", "1", "1"])
        // 400.00 left under the cap, the raw fund is exactly 400.00: the cap is met, not passed
        let exact = FundShare.compute(
            policy: policy, grade: 3, filing: .resident, inScope: Amount("400.00")!,
            total: Amount("400.00")!, deductibleBefore: .zero, fundBefore: Amount("600.00")!)
        #expect(exact.fundPayment == Amount("400.00"))
        // raw 500.00 but only 400.00 left: min(500.00, 1000.00 − 600.00) = 400.00
        let capped = FundShare.compute(
            policy: policy, grade: 3, filing: .resident, inScope: Amount("500.00")!,
            total: Amount("520.00")!, deductibleBefore: .zero, fundBefore: Amount("600.00")!)
        #expect(capped.fundPayment == Amount("400.00") && capped.personalPart == Amount("120.00"))
        // already past the cap: max(0, 1000.00 − 1200.00) = 0
        let past = FundShare.compute(
            policy: policy, grade: 3, filing: .resident, inScope: Amount("500.00")!,
            total: Amount("500.00")!, deductibleBefore: .zero, fundBefore: Amount("1200.00")!)
        #expect(past.fundPayment == .zero && past.personalPart == Amount("500.00"))
    }

    @Test func zeroInScopeAndDeductibles() {
        // nothing in scope: no deductible charged, no fund
        let none = FundShare.compute(
            policy: examplePolicy(), grade: 3, filing: .resident, inScope: .zero,
            total: Amount("25.50")!, deductibleBefore: .zero, fundBefore: .zero)
        #expect(none == FundShare(deductiblePaid: .zero, fundPayment: .zero, personalPart: Amount("25.50")!))
        // per year, partly used: 1800 − 1000 = 800 left, in scope 500 → all 500 is deductible
        let partly = FundShare.compute(
            policy: examplePolicy(), grade: 3, filing: .resident, inScope: Amount("500.00")!,
            total: Amount("500.00")!, deductibleBefore: Amount("1000.00")!, fundBefore: .zero)
        #expect(partly.deductiblePaid == Amount("500.00") && partly.fundPayment == .zero)
        // per year, used up (even over-used): max(0, 1800 − 2000) = 0; fund = 1000 × 0.70 = 700.00
        let used = FundShare.compute(
            policy: examplePolicy(), grade: 3, filing: .resident, inScope: Amount("1000.00")!,
            total: Amount("1000.00")!, deductibleBefore: Amount("2000.00")!, fundBefore: .zero)
        #expect(used.deductiblePaid == .zero && used.fundPayment == Amount("700.00"))
        // per visit: charged again whatever was paid before: 1300 of 5000, fund (5000 − 1300) × 0.85 = 3145.00
        let visit = FundShare.compute(
            policy: examplePolicy(scope: .visit, deductible: "1300.00", ratios: ["0.95", "0.9", "0.85"]),
            grade: 3, filing: .resident, inScope: Amount("5000.00")!, total: Amount("5000.00")!,
            deductibleBefore: Amount("5000.00")!, fundBefore: .zero)
        #expect(visit.deductiblePaid == Amount("1300.00") && visit.fundPayment == Amount("3145.00"))
    }

    @Test func filingCutsAndAClampAtZero() {
        let p = examplePolicy(deductible: "0", ratios: ["0.25", "0.5", "0.7"], cuts: ["0.10", "0.05", "0.20", "0.30"])
        func fund(_ grade: Int, _ filing: FilingType) -> Amount {
            FundShare.compute(
                policy: p, grade: grade, filing: filing, inScope: Amount("100.00")!, total: Amount("100.00")!,
                deductibleBefore: .zero, fundBefore: .zero
            ).fundPayment
        }
        #expect(fund(3, .resident) == Amount("70.00"))  // 0.70
        #expect(fund(3, .referral) == Amount("60.00"))  // 0.70 − 0.10
        #expect(fund(3, .emergency) == Amount("65.00"))  // 0.70 − 0.05
        #expect(fund(3, .otherTemporary) == Amount("50.00"))  // 0.70 − 0.20
        #expect(fund(3, .unfiled) == Amount("40.00"))  // 0.70 − 0.30
        #expect(fund(1, .unfiled) == .zero)  // 0.25 − 0.30 < 0 → 0
        #expect(fund(2, .otherTemporary) == Amount("30.00"))  // grade 2: 0.50 − 0.20
    }

    @Test func checkDigitsOfResidentIDNumbers() {
        #expect(CertificateNumber.isValid("11010519491231002X"))
        #expect(!CertificateNumber.isValid("110105194912310021"))
        #expect(CertificateNumber.expectedCheckCharacter("440304199001011234") != nil)
        #expect(CertificateNumber.expectedCheckCharacter("4403041990010112") == nil)
    }
}

import PropertyBased
import Testing

@testable import YidiCore

@Suite("Properties of the arithmetic over random inputs")
struct PropertyTests {
    static let classes: [ItemClass] = [.classA, .classB, .classC]

    @Test func theFourPartsAlwaysAddUpToTheLine() async {
        // cnt in 0.0001…10000, pric in 0…100000 at 10^-6, share 0.0001…1, cap none or 0…100000
        await propertyCheck(
            count: 500, input: Gen.int(in: 1...100_000_000), Gen.int(in: 0...100_000_000_000),
            Gen.int(in: 0...2), Gen.int(in: 1...10_000), Gen.int(in: -1...100_000_000_000)
        ) {
            cnt, pric, cls, share, cap in
            let q = Quantity(tenThousandths: Int128(cnt)), p = UnitPrice(millionths: Int128(pric))
            let amount = UnitPrice.lineAmount(q, p)
            let it = CatalogItem(
                nationalCode: "X", category: ExpenseCategory(rawValue: "01")!, itemClass: Self.classes[cls],
                selfPayShare: Ratio(tenThousandths: Int128(share)),
                priceCap: cap < 0 ? nil : UnitPrice(millionths: Int128(cap)))
            let parts = ScopeParts.split(amount: amount, quantity: q, price: p, item: it)
            #expect(parts.total == amount)
            #expect(parts.fullySelfPaid >= .zero && parts.overCap >= .zero)
            #expect(parts.firstSelfPaid >= .zero && parts.inScope >= .zero)
        }
    }

    @Test func theFundStaysWithinItsBounds() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 0...10_000_000), Gen.int(in: 0...5_000_000),
            Gen.int(in: 0...500_000), Gen.int(in: 0...300_000), Gen.int(in: 0...10_000_000),
            Gen.int(in: 0...10_000)
        ) { inScopeFen, extraFen, dedcFen, beforeDedc, beforeFund, ratio in
            let policy = PolicyRule(
                insuredArea: "110000", insuranceType: .employee, medicalType: .outpatient, diseaseCode: nil, year: 2026,
                deductible: Amount(fen: Int128(dedcFen)), deductibleScope: beforeDedc % 2 == 0 ? .year : .visit,
                ratios: [Ratio(tenThousandths: Int128(ratio))], annualCap: Amount(fen: 5_000_000),
                cutReferral: Ratio("0.1")!, cutEmergency: Ratio("0.05")!, cutOther: Ratio("0.2")!, cutUnfiled: Ratio("0.3")!)
            let inScope = Amount(fen: Int128(inScopeFen)), total = inScope + Amount(fen: Int128(extraFen))
            let fundBefore = Amount(fen: Int128(beforeFund))
            for filing in FilingType.allCases {
                let s = FundShare.compute(
                    policy: policy, grade: 1, filing: filing, inScope: inScope, total: total,
                    deductibleBefore: Amount(fen: Int128(beforeDedc)), fundBefore: fundBefore)
                #expect(s.fundPayment >= .zero)
                #expect(s.deductiblePaid >= .zero && s.deductiblePaid <= inScope && s.deductiblePaid <= policy.deductible)
                #expect(s.fundPayment <= inScope - s.deductiblePaid)
                #expect(s.fundPayment <= Amount.max(.zero, policy.annualCap - fundBefore))
                #expect(s.personalPart + s.fundPayment == total)
            }
        }
    }

    @Test func amountsRoundTripThroughTheirText() async {
        await propertyCheck(count: 500, input: Gen.int(in: -99_999_999_999_999_99...99_999_999_999_999_99)) { fen in
            let a = Amount(fen: Int128(fen))
            #expect(Amount(a.description, allowNegative: true) == a)
        }
    }
}

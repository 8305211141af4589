import Foundation
import Testing
import YidiTestSupport

@testable import YidiCore

@Suite("Money: exact decimals, round2 half away from zero")
struct MoneyTests {
    @Test(
        "amounts parse to fen",
        arguments: [
            ("0", 0), ("0.5", 50), ("0.05", 5), ("12.30", 1230), ("  7.1\n", 710),
            ("99999999999999.99", 9_999_999_999_999_999), ("00012", 1200)
        ] as [(String, Int128)])
    func amountParses(text: String, fen: Int128) {
        #expect(Amount(text)?.fen == fen)
    }

    @Test(
        "forms drops.md refuses are not amounts",
        arguments: [
            "0.000", "1E2", "1e2", "+1", ".5", "5.", "", " ", "-1", "1.2.3", "123456789012345", "1,00", "１２",
            "0x10", "1 000"
        ])
    func amountRefuses(text: String) {
        #expect(Amount(text) == nil)
    }

    @Test func signedAmountsOnlyWhereAllowed() {
        #expect(Amount("-0.01", allowNegative: true)?.fen == -1)
        #expect(Amount("-12345678901234.56", allowNegative: true)?.fen == -1_234_567_890_123_456)
        #expect(Amount("-0.01") == nil)
        #expect(Amount("--1", allowNegative: true) == nil)
    }

    @Test(
        "amounts print with exactly two fraction digits",
        arguments: [
            (0, "0.00"), (5, "0.05"), (-5, "-0.05"), (1230, "12.30"), (-123_456, "-1234.56")
        ] as [(Int128, String)])
    func amountFormats(fen: Int128, text: String) {
        #expect(Amount(fen: fen).description == text)
    }

    @Test(
        "round2 rounds halves away from zero",
        arguments: [
            // numerator at scale 10^-3, divided by 10: the third digit decides
            (5, 1), (4, 0), (15, 2), (-5, -1), (-4, 0), (-15, -2), (1_005, 101), (-1_005, -101), (0, 0)
        ] as [(Int128, Int128)])
    func roundHalfAwayFromZero(thousandths: Int128, hundredths: Int128) {
        #expect(Rounding.divideHalfAwayFromZero(thousandths, by: 10) == hundredths)
    }

    @Test func lineAmountsOfTheWorkedExample() {
        // rules.md worked example: 3 × 33.333333 = 99.999999 → 100.00; 2 × 150.00 = 300.00; 1 × 12.30 = 12.30
        #expect(UnitPrice.lineAmount(Quantity("3")!, UnitPrice("33.333333")!) == Amount("100.00"))
        #expect(UnitPrice.lineAmount(Quantity("2")!, UnitPrice("150.00")!) == Amount("300.00"))
        #expect(UnitPrice.lineAmount(Quantity("1")!, UnitPrice("12.30")!) == Amount("12.30"))
        // 0.5 × 0.01 = 0.005 → 0.01 (half away from zero); 0.4999 × 0.01 = 0.004999 → 0.00
        #expect(UnitPrice.lineAmount(Quantity("0.5")!, UnitPrice("0.01")!) == Amount("0.01"))
        #expect(UnitPrice.lineAmount(Quantity("0.4999")!, UnitPrice("0.01")!) == Amount("0.00"))
        // 10.5 × 2.428571 = 25.4999955 → 25.50
        #expect(UnitPrice.lineAmount(Quantity("10.5")!, UnitPrice("2.428571")!) == Amount("25.50"))
    }

    @Test func productsAtTheDigitLimitsDoNotTrap() {
        // cnt and pric at their largest: the exact product has 24 integer digits
        let q = Quantity("999999999999.9999")!
        let p = UnitPrice("999999999999.999999")!
        let amount = UnitPrice.lineAmount(q, p)
        // (10^12 − 10^-4)(10^12 − 10^-6) = 10^24 − 10^8 − 10^6 + 10^-10 = 999999999999999899000000.0000000001
        #expect(amount.description == "999999999999999899000000.00")
        #expect(Quantity("1234567890123.5") == nil)
        #expect(UnitPrice("1.1234567") == nil)
    }

    @Test func ratiosMultiplyAndCut() {
        // round2(291.68 × 0.60) = round2(175.008) = 175.01
        #expect(Amount("291.68")!.multiplied(by: Ratio("0.60")!) == Amount("175.01"))
        // round2(12.30 × 0.05) = round2(0.615) = 0.62
        #expect(Amount("12.30")!.multiplied(by: Ratio("0.05")!) == Amount("0.62"))
        // 0.70 − 0.10 = 0.60; 0.05 − 0.10 clamps at 0
        #expect(Ratio("0.70")!.cut(by: Ratio("0.10")!) == Ratio("0.6"))
        #expect(Ratio("0.05")!.cut(by: Ratio("0.10")!) == Ratio.zero)
        #expect(Ratio("1.0001") == nil)
        #expect(Ratio("0.12345") == nil)
    }

    @Test func prepaymentStyleDivision() {
        // round2(2 × 100.00 / 3) = round2(66.666…) = 66.67; round2(2 × 0.01 / 3) = 0.01
        #expect(Amount("100.00")!.scaled(by: 2, over: 3) == Amount("66.67"))
        #expect(Amount("0.01")!.scaled(by: 2, over: 3) == Amount("0.01"))
        #expect(Amount(fen: -1).scaled(by: 1, over: 2) == Amount(fen: -1))
    }

    @Test func quantityAndPriceFormsFollowTheSchema() {
        #expect(Quantity("0.0001")?.tenThousandths == 1)
        #expect(Quantity("1.00001") == nil)
        #expect(Quantity("-1") == nil)
        #expect(Quantity("2.50")?.description == "2.5")
        #expect(UnitPrice("33.333333")?.millionths == 33_333_333)
        #expect(UnitPrice("150.000000")?.description == "150")
    }
}

import Foundation
import Testing

@testable import YidiCore

@Suite("Parse: typed records from one streaming, validating pass")
struct ParserTests {
    @Test func feeDetailRecordsCarryTheirValuesAndLines() throws {
        let (h, summary) = parse(Fixtures.feeDetail)
        #expect(h.errors.isEmpty)
        #expect(summary.kind == .feeDetail)
        #expect(summary.readToEnd)
        let header = try #require(h.headers.first)
        #expect(header.dropID == "H44010600001-20261124-01")
        #expect(header.institutionCode == "H44010600001")
        #expect(header.treatmentArea == "440106")
        #expect(header.createdAt.description == "2026-11-25T01:10:00")
        #expect(header.recordCount == 2 && header.lineCount == 2)
        #expect(header.controlSum == Amount("50.00"))
        #expect(header.line == 3)

        let s = try #require(h.settlements.first)
        #expect(s.id == "S0001" && s.line == 12)
        #expect(s.visit.personName == "张三")
        #expect(s.visit.certificateNumber == "11010519491231002X")
        #expect(s.visit.insuranceType == .employee && s.visit.medicalType == .outpatient)
        #expect(s.visit.filingType == .referral && s.visit.diseaseCode == nil)
        #expect(s.visit.beginDate.description == "2026-11-24")
        #expect(s.settledAt.description == "2026-11-24T10:30:00")
        #expect(s.amounts.total == Amount("150.00") && s.amounts.inScope == Amount("140.00"))
        #expect(s.amounts.accountPayment == Amount("26.00") && s.amounts.deductibleBefore == Amount("1700.00"))
        #expect(s.amounts.clearingAmount == Amount("50.00"))
        #expect(s.categories.map { $0.category?.rawValue } == ["02", "09"])
        #expect(s.categories.map(\.amount) == [Amount("50.00")!, Amount("100.00")!])
        #expect(s.line(of: .certificateNumber) == 17)
        #expect(s.line(of: .accountPayment) == 34)

        #expect(s.lines.count == 2)
        let line = s.lines[1]
        #expect(line.serialNumber == "2" && line.line == 49)
        #expect(line.hospitalItemName == "注射用头孢呋辛钠 & 溶媒")
        #expect(line.quantity == Quantity("3") && line.unitPrice == UnitPrice("33.333333"))
        #expect(line.amount == Amount("100.00"))
        #expect(line.departmentCode == "D09")
        #expect(line.line(of: .amount) == 56)
        #expect(s.lines[0].departmentCode == nil)

        let r = try #require(h.reversals.first)
        #expect(r.id == "R0001" && r.originalID == "S0000" && r.total == Amount("100.00"))
        #expect(r.reversedAt.description == "2026-11-24T11:00:00" && r.line == 60)
        #expect(summary.recordCount == 2 && summary.lineCount == 2 && summary.controlSum == Amount("50.00"))
    }

    @Test func manualClaims() throws {
        let (h, summary) = parse(Fixtures.manual)
        #expect(h.errors.isEmpty)
        #expect(summary.kind == .manualReimbursement)
        let c = try #require(h.claims.first)
        #expect(c.id == "C0001" && c.visit.filingType == .unfiled && c.failReason == .notFiled)
        #expect(c.visit.diseaseCode == "M03900" && c.diagnosisName == "高血压")
        #expect(c.visit.insuranceType == .resident && c.visit.medicalType == .chronicDisease)
        #expect(c.total == Amount("25.50") && c.lines.count == 1)
        #expect(c.lines[0].quantity == Quantity("10.5"))
    }

    @Test func headerCountsAndControlSum() throws {
        let lying = Fixtures.feeDetail
            .replacingAll("<setl_cnt>2</setl_cnt>", with: "<setl_cnt>3</setl_cnt>")
            .replacingAll("<line_cnt>2</line_cnt>", with: "<line_cnt>1</line_cnt>")
            .replacingAll("<medfee_sumamt>50.00</medfee_sumamt>", with: "<medfee_sumamt>-50.00</medfee_sumamt>")
        let (h, _) = parse(lying)
        #expect(
            h.errors.map { "\($0.code):\($0.line ?? 0):\($0.field ?? "")" }
                == ["D006:3:setl_cnt", "D006:3:line_cnt", "D007:3:medfee_sumamt"])
        #expect(h.errors[0].expected == "2" && h.errors[0].found == "3")
        #expect(h.errors[2].expected == "50.00" && h.errors[2].found == "-50.00")
    }

    @Test func schemaErrorsAreCollectedWithLinesAndReadingGoesOn() throws {
        let bad = Fixtures.feeDetail
            .replacingAll("<cnt>3</cnt>", with: "<cnt>-3</cnt>")
            .replacingAll("<insutype>310</insutype>", with: "<insutype>320</insutype>")
            .replacingAll("<certno>11010519491231002X</certno>", with: "<certno>1101051949123100</certno>")
            .replacingAll("<pric>50</pric>", with: "<pric>5e1</pric>")
        let (h, summary) = parse(bad)
        #expect(
            h.errors.map { "\($0.code):\($0.line ?? 0)" } == ["D004:17", "D004:19", "D004:46", "D004:54", "D004:54"],
            "-3 fails both the pattern and the > 0 facet")
        #expect(h.errors.allSatisfy { $0.setlID == "S0001" })
        #expect(h.errors[2].feedetlSN == "1" && h.errors[3].feedetlSN == "2")
        #expect(summary.readToEnd, "schema errors do not stop reading")
        #expect(h.settlements.count == 1 && h.reversals.count == 1)
        #expect(h.settlements[0].isInvalid(.insuranceType) && h.settlements[0].visit.insuranceType == nil)
        #expect(h.settlements[0].lines[1].isInvalid(.quantity))
    }

    @Test func decimalFormsAreFixedByPatterns() throws {
        for (bad, field) in [("0.000", "inscp_scp_amt"), ("1.", "hifp_pay"), ("+1.00", "acct_pay"), ("-0.00", "acct_pay")] {
            let xml = Fixtures.feeDetail.replacingAll("<\(field)>", with: "<\(field)>\(bad)<!---->")
            #expect(try codeNames(ofXML: xml).contains("D004"), "\(bad) in \(field)")
        }
        let spaced = Fixtures.feeDetail.replacingAll("<cnt>1</cnt>", with: "<cnt>\n 1 \n</cnt>")
        #expect(try codes(ofXML: spaced) == [], "numbers ignore surrounding whitespace as XSD does")
        let spacedCode = Fixtures.feeDetail.replacingAll("<psn_no>P110100000001</psn_no>", with: "<psn_no> P110100000001</psn_no>")
        #expect(try codeNames(ofXML: spacedCode) == ["D004"], "codes are taken as written")
    }

    @Test func textAndCodesHaveTheirLengthsAndCharacters() throws {
        let long = String(repeating: "名", count: 201)
        let ok200 = String(repeating: "名", count: 200)
        #expect(try codeNames(ofXML: Fixtures.feeDetail.replacingAll("张三", with: long)) == ["D004"])
        #expect(try codes(ofXML: Fixtures.feeDetail.replacingAll("张三", with: ok200)) == [])
        #expect(try codeNames(ofXML: Fixtures.feeDetail.replacingAll("张三", with: "   ")) == ["D004"])
        #expect(try codeNames(ofXML: Fixtures.feeDetail.replacingAll("张三", with: "张&#x9;三")) == ["D004"])
        #expect(try codeNames(ofXML: Fixtures.feeDetail.replacingAll("S0001", with: String(repeating: "S", count: 31))) == ["D004"])
        #expect(try codeNames(ofXML: Fixtures.feeDetail.replacingAll(">S0001<", with: ">-S0001<")) == ["D004"])
    }

    @Test func missingAndMisplacedElements() throws {
        let missing = Fixtures.feeDetail.replacingAll("    <psn_name>张三</psn_name>\n", with: "")
        #expect(try codeNames(ofXML: missing) == ["D004"])
        let attribute = Fixtures.feeDetail.replacingAll("<setl>", with: "<setl id=\"x\">")
        #expect(try codeNames(ofXML: attribute) == ["D004"])
        let noFee = Fixtures.manual.replacingAll(try #require(Fixtures.manual.sectionBetween("    <fee>", "</fee>\n")), with: "")
        #expect(try codeNames(ofXML: noFee).contains("D004"))
    }
}

extension String {
    /// The text from `start` up to and including `end`.
    func sectionBetween(_ start: String, _ end: String) -> String? {
        guard let a = range(of: start), let b = range(of: end, range: a.upperBound..<endIndex) else { return nil }
        return String(self[a.lowerBound..<b.upperBound])
    }
}

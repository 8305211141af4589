import Foundation
import Testing

@testable import YidiCore

@Suite("The worked example of rules.md, end to end")
struct WorkedExampleTests {
    /// rules.md's worked example as a drop of H44010600001 (Guangdong, grade 3) against the sample
    /// reference data: 110000's employee outpatient policy is dedc 1800.00 a year, ratio_lv3 0.70,
    /// cap 20000.00, cut_referral 0.10, and the catalog holds the five items of the example.
    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <FeeDetailDrop xmlns="urn:yidi:fee-detail:1">
          <header>
            <drop_id>H44010600001-20261124-01</drop_id>
            <fixmedins_code>H44010600001</fixmedins_code>
            <mdtrt_admdvs>440106</mdtrt_admdvs>
            <created_at>2026-11-25T01:10:00</created_at>
            <setl_cnt>1</setl_cnt>
            <line_cnt>5</line_cnt>
            <medfee_sumamt>487.80</medfee_sumamt>
          </header>
          <setl>
            <setl_id>S20261124000001</setl_id><mdtrt_id>M1</mdtrt_id><psn_no>P110100000001</psn_no>
            <psn_name>张三</psn_name><certno>11010519491231002X</certno><insu_admdvs>110100</insu_admdvs>
            <insutype>310</insutype><med_type>11</med_type><filing_type>2</filing_type>
            <begndate>2026-11-24</begndate><enddate>2026-11-24</enddate><setl_time>2026-11-24T10:30:00</setl_time>
            <medfee_sumamt>487.80</medfee_sumamt><fulamt_ownpay_amt>25.50</fulamt_ownpay_amt>
            <overlmt_selfpay>60.00</overlmt_selfpay><preselfpay_amt>10.62</preselfpay_amt>
            <inscp_scp_amt>391.68</inscp_scp_amt><act_pay_dedc>100.00</act_pay_dedc><hifp_pay>175.01</hifp_pay>
            <fund_pay_sumamt>175.01</fund_pay_sumamt><psn_part_amt>312.79</psn_part_amt><acct_pay>100.00</acct_pay>
            <psn_cash_pay>212.79</psn_cash_pay><cum_dedc_before>1700.00</cum_dedc_before><cum_fund_before>0.00</cum_fund_before>
            <category><med_chrgitm_type>02</med_chrgitm_type><amt>50.00</amt></category>
            <category><med_chrgitm_type>04</med_chrgitm_type><amt>12.30</amt></category>
            <category><med_chrgitm_type>08</med_chrgitm_type><amt>300.00</amt></category>
            <category><med_chrgitm_type>09</med_chrgitm_type><amt>100.00</amt></category>
            <category><med_chrgitm_type>14</med_chrgitm_type><amt>25.50</amt></category>
            <fee><feedetl_sn>1</feedetl_sn><fee_ocur_time>2026-11-24T10:00:00</fee_ocur_time><medins_list_codg>00001-02CON03</medins_list_codg><medins_list_name>主任医师门诊诊察费</medins_list_name><cnt>1</cnt><pric>50</pric><det_item_fee_sumamt>50.00</det_item_fee_sumamt></fee>
            <fee><feedetl_sn>2</feedetl_sn><fee_ocur_time>2026-11-24T10:00:00</fee_ocur_time><medins_list_codg>00001-09WM004</medins_list_codg><medins_list_name>门冬胰岛素注射液</medins_list_name><cnt>3</cnt><pric>33.333333</pric><det_item_fee_sumamt>100.00</det_item_fee_sumamt></fee>
            <fee><feedetl_sn>3</feedetl_sn><fee_ocur_time>2026-11-24T10:00:00</fee_ocur_time><medins_list_codg>00001-08MAT09</medins_list_codg><medins_list_name>一次性使用中心静脉导管</medins_list_name><cnt>2</cnt><pric>150.00</pric><det_item_fee_sumamt>300.00</det_item_fee_sumamt></fee>
            <fee><feedetl_sn>4</feedetl_sn><fee_ocur_time>2026-11-24T10:00:00</fee_ocur_time><medins_list_codg>00001-14OTH02</medins_list_codg><medins_list_name>病历工本费</medins_list_name><cnt>1</cnt><pric>25.50</pric><det_item_fee_sumamt>25.50</det_item_fee_sumamt></fee>
            <fee><feedetl_sn>5</feedetl_sn><fee_ocur_time>2026-11-24T10:00:00</fee_ocur_time><medins_list_codg>00001-04LAB05</medins_list_codg><medins_list_name>糖化血红蛋白测定</medins_list_name><cnt>1</cnt><pric>12.30</pric><det_item_fee_sumamt>12.30</det_item_fee_sumamt></fee>
          </setl>
        </FeeDetailDrop>
        """

    @Test func itValidatesAndRecomputesToTheFen() throws {
        let r = assess(Self.xml)
        #expect(r.errors.isEmpty, "\(r.codes)")
        let s = try #require(r.settlements.first)
        #expect(s.parts.fullySelfPaid == Amount("25.50") && s.parts.overCap == Amount("60.00"))
        #expect(s.parts.firstSelfPaid == Amount("10.62") && s.parts.inScope == Amount("391.68"))
        #expect(
            s.share
                == FundShare(
                    deductiblePaid: Amount("100.00")!, fundPayment: Amount("175.01")!,
                    personalPart: Amount("312.79")!))
        #expect(s.categories.map { "\($0.category) \($0.amount)" } == ["02 50.00", "04 12.30", "08 300.00", "09 100.00", "14 25.50"])
        // one fen off in the fund: B009, with both values
        let off = assess(Self.xml.replacingAll("<hifp_pay>175.01<", with: "<hifp_pay>175.00<"))
        #expect(off.errors.map(\.code) == [.fundMismatch])
        #expect(off.errors.first?.expected == "175.01" && off.errors.first?.found == "175.00")
    }
}

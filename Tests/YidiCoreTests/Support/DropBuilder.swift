import Foundation

/// Builds small, valid drops against the sample reference data: one fee line per record,
/// item `YB02CON03` (category 02, class A, 50.00 each), so that every amount is easy to work
/// out by hand in a test.
enum DropBuilder {
    /// A visit of one person, as a settlement or a claim carries it.
    struct Visit {
        var id: String
        var person = "P110100000777"
        var insuredArea = "110100"
        var insutype = "310"
        var medType: String
        var disease: String?
        /// `YYYY-MM-DD`: the visit's day, its settlement at 10:00 that day.
        var date: String
        /// How many 50.00 consultations: the total is 50.00 × count.
        var count: Int
    }

    /// A settlement's amounts as the hospital computed them in real time, in fen.
    struct Amounts {
        var cumDeductibleBefore: Int64 = 0
        var cumFundBefore: Int64 = 0
        var deductiblePaid: Int64
        var fund: Int64
    }

    static func amount(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let v = abs(fen)
        return "\(sign)\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100)"
    }

    static func fee(_ v: Visit, hospitalPrefix: String) -> String {
        """
            <fee>
              <feedetl_sn>1</feedetl_sn>
              <fee_ocur_time>\(v.date)T09:00:00</fee_ocur_time>
              <medins_list_codg>\(hospitalPrefix)-02CON03</medins_list_codg>
              <medins_list_name>主任医师门诊诊察费</medins_list_name>
              <cnt>\(v.count)</cnt>
              <pric>50</pric>
              <det_item_fee_sumamt>\(amount(Int64(v.count) * 5000))</det_item_fee_sumamt>
            </fee>
        """
    }

    static func person(_ v: Visit) -> String {
        """
            <psn_no>\(v.person)</psn_no>
            <psn_name>测试</psn_name>
            <certno>11010519491231002X</certno>
            <insu_admdvs>\(v.insuredArea)</insu_admdvs>
            <insutype>\(v.insutype)</insutype>
            <med_type>\(v.medType)</med_type>
        \(v.disease.map { "    <dise_codg>\($0)</dise_codg>\n" } ?? "")
        """
    }

    /// A settlement with filing type 1 (no cut) and no personal account payment.
    static func settlement(_ v: Visit, _ a: Amounts, hospitalPrefix: String = "00001") -> String {
        let total = Int64(v.count) * 5000
        return """
              <setl>
                <setl_id>\(v.id)</setl_id>
                <mdtrt_id>M\(v.id)</mdtrt_id>
            \(person(v))    <filing_type>1</filing_type>
                <begndate>\(v.date)</begndate>
                <enddate>\(v.date)</enddate>
                <setl_time>\(v.date)T10:00:00</setl_time>
                <medfee_sumamt>\(amount(total))</medfee_sumamt>
                <fulamt_ownpay_amt>0.00</fulamt_ownpay_amt>
                <overlmt_selfpay>0.00</overlmt_selfpay>
                <preselfpay_amt>0.00</preselfpay_amt>
                <inscp_scp_amt>\(amount(total))</inscp_scp_amt>
                <act_pay_dedc>\(amount(a.deductiblePaid))</act_pay_dedc>
                <hifp_pay>\(amount(a.fund))</hifp_pay>
                <fund_pay_sumamt>\(amount(a.fund))</fund_pay_sumamt>
                <psn_part_amt>\(amount(total - a.fund))</psn_part_amt>
                <acct_pay>0.00</acct_pay>
                <psn_cash_pay>\(amount(total - a.fund))</psn_cash_pay>
                <cum_dedc_before>\(amount(a.cumDeductibleBefore))</cum_dedc_before>
                <cum_fund_before>\(amount(a.cumFundBefore))</cum_fund_before>
                <category><med_chrgitm_type>02</med_chrgitm_type><amt>\(amount(total))</amt></category>
            \(fee(v, hospitalPrefix: hospitalPrefix))
              </setl>

            """
    }

    static func reversal(id: String, of original: String, total: Int64, at time: String) -> String {
        """
          <setl_revs>
            <setl_id>\(id)</setl_id>
            <orig_setl_id>\(original)</orig_setl_id>
            <revs_time>\(time)</revs_time>
            <medfee_sumamt>\(amount(total))</medfee_sumamt>
          </setl_revs>

        """
    }

    /// A claim with filing type 5 (not filed) and fail reason 1.
    static func claim(_ v: Visit, hospitalPrefix: String = "00001") -> String {
        """
          <claim>
            <claim_id>\(v.id)</claim_id>
            <mdtrt_id>M\(v.id)</mdtrt_id>
        \(person(v))    <diag_name>测试诊断</diag_name>
            <filing_type>5</filing_type>
            <begndate>\(v.date)</begndate>
            <enddate>\(v.date)</enddate>
            <medfee_sumamt>\(amount(Int64(v.count) * 5000))</medfee_sumamt>
            <fail_reason>1</fail_reason>
        \(fee(v, hospitalPrefix: hospitalPrefix))
          </claim>

        """
    }

    /// A fee-detail drop of H44010600001 (Guangzhou, grade 3).
    static func feeDetail(
        dropID: String, createdAt: String, settlements: [(Visit, Amounts)],
        reversals: [(id: String, original: String, total: Int64)] = []
    ) -> String {
        let body =
            settlements.map { settlement($0.0, $0.1) }.joined()
            + reversals.map { reversal(id: $0.id, of: $0.original, total: $0.total, at: createdAt) }.joined()
        let sum = settlements.reduce(Int64(0)) { $0 + Int64($1.0.count) * 5000 } - reversals.reduce(Int64(0)) { $0 + $1.total }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <FeeDetailDrop xmlns="urn:yidi:fee-detail:1">
              <header>
                <drop_id>\(dropID)</drop_id>
                <fixmedins_code>H44010600001</fixmedins_code>
                <mdtrt_admdvs>440106</mdtrt_admdvs>
                <created_at>\(createdAt)</created_at>
                <setl_cnt>\(settlements.count + reversals.count)</setl_cnt>
                <line_cnt>\(settlements.count)</line_cnt>
                <medfee_sumamt>\(amount(sum))</medfee_sumamt>
              </header>
            \(body)</FeeDetailDrop>
            """
    }

    /// A manual-reimbursement drop of H31010400001 (Shanghai, grade 3).
    static func manual(dropID: String, createdAt: String, claims: [Visit]) -> String {
        let sum = claims.reduce(Int64(0)) { $0 + Int64($1.count) * 5000 }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ManualReimbursementDrop xmlns="urn:yidi:manual-reimbursement:1">
              <header>
                <drop_id>\(dropID)</drop_id>
                <fixmedins_code>H31010400001</fixmedins_code>
                <mdtrt_admdvs>310104</mdtrt_admdvs>
                <created_at>\(createdAt)</created_at>
                <claim_cnt>\(claims.count)</claim_cnt>
                <line_cnt>\(claims.count)</line_cnt>
                <medfee_sumamt>\(amount(sum))</medfee_sumamt>
              </header>
            \(claims.map { claim($0) }.joined())</ManualReimbursementDrop>
            """
    }
}

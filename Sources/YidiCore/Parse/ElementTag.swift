/// Every element name of the drop schemas, interned once per parser so that a
/// name check on the hot path is a pointer comparison.
enum ElementTag: UInt8, CaseIterable {
    // Roots and records
    case feeDetailDrop, manualReimbursementDrop, header, setl, setlRevs, claim, fee, category
    // Header
    case dropID, fixmedinsCode, mdtrtAdmdvs, createdAt, setlCnt, claimCnt, lineCnt
    // Settlement, claim, reversal
    case setlID, mdtrtID, psnNo, psnName, certno, insuAdmdvs, insutype, medType, diseCodg, filingType
    case begndate, enddate, setlTime, medfeeSumamt, fulamtOwnpayAmt, overlmtSelfpay, preselfpayAmt
    case inscpScpAmt, actPayDedc, hifpPay, fundPaySumamt, psnPartAmt, acctPay, psnCashPay
    case cumDedcBefore, cumFundBefore, claimID, diagName, failReason, origSetlID, revsTime
    // Category and fee
    case medChrgitmType, amt, feedetlSN, feeOcurTime, medinsListCodg, medinsListName, cnt, pric
    case detItemFeeSumamt, bilgDeptCodg
    // Reconciliation feedback
    case reconciliationFeedbackDrop, entry, provAdmdvs, period, entryCnt, dedcSumamt, role, cnfmFlag, reason, dedcAmt, dedcReason

    /// The element's local name.
    var name: String {
        switch self {
        case .feeDetailDrop: "FeeDetailDrop"
        case .manualReimbursementDrop: "ManualReimbursementDrop"
        case .header: "header"
        case .setl: "setl"
        case .setlRevs: "setl_revs"
        case .claim: "claim"
        case .fee: "fee"
        case .category: "category"
        case .dropID: "drop_id"
        case .fixmedinsCode: "fixmedins_code"
        case .mdtrtAdmdvs: "mdtrt_admdvs"
        case .createdAt: "created_at"
        case .setlCnt: "setl_cnt"
        case .claimCnt: "claim_cnt"
        case .lineCnt: "line_cnt"
        case .setlID: "setl_id"
        case .mdtrtID: "mdtrt_id"
        case .psnNo: "psn_no"
        case .psnName: "psn_name"
        case .certno: "certno"
        case .insuAdmdvs: "insu_admdvs"
        case .insutype: "insutype"
        case .medType: "med_type"
        case .diseCodg: "dise_codg"
        case .filingType: "filing_type"
        case .begndate: "begndate"
        case .enddate: "enddate"
        case .setlTime: "setl_time"
        case .medfeeSumamt: "medfee_sumamt"
        case .fulamtOwnpayAmt: "fulamt_ownpay_amt"
        case .overlmtSelfpay: "overlmt_selfpay"
        case .preselfpayAmt: "preselfpay_amt"
        case .inscpScpAmt: "inscp_scp_amt"
        case .actPayDedc: "act_pay_dedc"
        case .hifpPay: "hifp_pay"
        case .fundPaySumamt: "fund_pay_sumamt"
        case .psnPartAmt: "psn_part_amt"
        case .acctPay: "acct_pay"
        case .psnCashPay: "psn_cash_pay"
        case .cumDedcBefore: "cum_dedc_before"
        case .cumFundBefore: "cum_fund_before"
        case .claimID: "claim_id"
        case .diagName: "diag_name"
        case .failReason: "fail_reason"
        case .origSetlID: "orig_setl_id"
        case .revsTime: "revs_time"
        case .medChrgitmType: "med_chrgitm_type"
        case .amt: "amt"
        case .feedetlSN: "feedetl_sn"
        case .feeOcurTime: "fee_ocur_time"
        case .medinsListCodg: "medins_list_codg"
        case .medinsListName: "medins_list_name"
        case .cnt: "cnt"
        case .pric: "pric"
        case .detItemFeeSumamt: "det_item_fee_sumamt"
        case .bilgDeptCodg: "bilg_dept_codg"
        case .reconciliationFeedbackDrop: "ReconciliationFeedbackDrop"
        case .entry: "entry"
        case .provAdmdvs: "prov_admdvs"
        case .period: "period"
        case .entryCnt: "entry_cnt"
        case .dedcSumamt: "dedc_sumamt"
        case .role: "role"
        case .cnfmFlag: "cnfm_flag"
        case .reason: "reason"
        case .dedcAmt: "dedc_amt"
        case .dedcReason: "dedc_reason"
        }
    }
}

/// Maps interned name pointers to tags: open addressing on the pointer's bits, no hashing of strings.
struct InternedTagTable {
    private var keys = [UInt](repeating: 0, count: 256)
    private var values = [UInt8](repeating: 0, count: 256)

    /// Adds the interned pointer of a tag's name.
    mutating func insert(_ pointer: UnsafePointer<UInt8>, _ tag: ElementTag) {
        let key = UInt(bitPattern: pointer)
        var slot = Self.slot(key)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & 255 }
        keys[slot] = key
        values[slot] = tag.rawValue
    }

    /// The tag whose interned name is at `pointer`, if any.
    @inline(__always)
    func tag(_ pointer: UnsafePointer<UInt8>) -> ElementTag? {
        let key = UInt(bitPattern: pointer)
        var slot = Self.slot(key)
        while true {
            let k = keys[slot]
            if k == key { return ElementTag(rawValue: values[slot]) }
            if k == 0 { return nil }
            slot = (slot + 1) & 255
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt) -> Int { Int(truncatingIfNeeded: (key >> 3) ^ (key >> 11)) & 255 }
}

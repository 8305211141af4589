"""Builds sample settlements, claims and drops (drops.md) from the sample universe."""
import datetime as dt
import gzip
import io

from yidi_sample import (D, ITEMS, Reference, certno, classify_line, fmt, hospital_item_code,
                         person_name, round2, settle)

ITEM = {(cat, s[0]): s for cat, items in ITEMS.items() for s in items}

CHRONIC_ITEMS = {
    "M03900": [("09", "WM002"), ("09", "WM010"), ("03", "EXM08"), ("02", "CON02")],
    "M01600": [("09", "WM003"), ("09", "WM004"), ("04", "LAB04"), ("04", "LAB05")],
    "M00500": [("05", "TRT05"), ("09", "WM006"), ("04", "LAB07"), ("08", "MAT05")],
    "M07801": [("05", "TRT04"), ("09", "WM014"), ("04", "LAB03"), ("08", "MAT01")],
    "M08300": [("09", "WM005"), ("09", "WM011"), ("04", "LAB08"), ("02", "CON03")],
}
OUTPATIENT_ITEMS = [("02", "CON01"), ("02", "CON03"), ("02", "CON04"), ("03", "EXM01"), ("03", "EXM03"),
                    ("03", "EXM04"), ("04", "LAB01"), ("04", "LAB04"), ("04", "LAB06"), ("05", "TRT06"),
                    ("09", "WM001"), ("09", "WM007"), ("09", "WM013"), ("10", "HB001"), ("10", "HB002"),
                    ("11", "CP001"), ("11", "CP002"), ("12", "GEN01"), ("13", "REG02"), ("14", "OTH02"),
                    ("03", "EXM02"), ("09", "WM012")]
INPATIENT_DAILY = [("01", "BED01"), ("07", "NUR02"), ("02", "CON05"), ("05", "TRT01"), ("09", "WM008")]
INPATIENT_EXTRA = [("03", "EXM01"), ("03", "EXM05"), ("04", "LAB01"), ("04", "LAB02"), ("04", "LAB03"),
                   ("06", "SUR01"), ("06", "SUR02"), ("06", "SUR04"), ("08", "MAT04"), ("08", "MAT03"),
                   ("08", "MAT07"), ("09", "WM007"), ("01", "BED02"), ("14", "OTH01"), ("05", "TRT03"),
                   ("08", "MAT02"), ("09", "WM009"), ("11", "CP005"), ("07", "NUR01")]


def _price(rng, lo, hi, cap):
    lo, hi = D(lo), D(hi)
    if lo == hi:
        return lo
    if cap and rng.random() < 0.5:
        return D(cap) + D(rng.randint(1, 3000)) / 100  # above the cap: over-limit part
    step = D("0.01") if hi >= 1 else D("0.000001")
    n = int((hi - lo) / step)
    return lo + step * rng.randint(0, n)


def _quantity(rng, cat):
    if cat == "10":
        return D(rng.randint(50, 300)) / 10  # grams of herbal pieces
    if rng.random() < 0.1:
        return D("0.5")
    return D(rng.randint(1, 3))


def _hospital_code(hospital, cat, suffix, date):
    code = hospital_item_code(hospital, cat, suffix)
    return code + "A" if suffix == "CON01" and date >= "2025-09-01" else code


class Visit:
    """One settled visit or claim, with its lines and amounts computed by the rules."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


ICD10 = ["K35.800", "K80.100", "I21.900", "S72.000", "J18.900", "I63.900", "C34.900", "N18.500"]
OUTPATIENT_ICD10 = ["J06.900", "I10.x00", "E11.900", "K29.700"]


def make_visit(ref, rng, hospital, prov, hosp_lv, insured_area, insutype, med, begin, days,
               filing="1", dise=None, cum_dedc=None, cum_fund=None, seq=1, id_prefix="S", manual=False):
    end = begin + dt.timedelta(days=days)
    year = str((end if manual else end).year)
    if med == "14":
        picks = list(CHRONIC_ITEMS[dise])
    elif med == "21":
        picks = [p for p in INPATIENT_DAILY for _ in range(max(1, days))]
        picks += rng.sample(INPATIENT_EXTRA, rng.randint(4, 10))
    else:
        picks = rng.sample(OUTPATIENT_ITEMS, rng.randint(2, 7))
    lines = []
    for n, (cat, suffix) in enumerate(picks, 1):
        _s, _name, _lv, _p, lo, hi, cap = ITEM[(cat, suffix)]
        day = begin + dt.timedelta(days=min(days, (n - 1) % (days + 1)))
        when = f"{day.isoformat()}T{8 + n % 10:02d}:{(7 * n) % 60:02d}:00"
        own = _hospital_code(hospital, cat, suffix, day.isoformat())
        nat, cat2, lv, prop, cap2 = ref.classify(hospital, own, day.isoformat(), prov)
        cnt = _quantity(rng, cat)
        pric = _price(rng, lo, hi, cap2)
        amt = round2(cnt * pric)
        own_pay, over, pre, inscp = classify_line(lv, prop, cap2, cnt, pric, amt)
        lines.append(dict(sn=str(n), time=when, code=own, name=_name, cnt=cnt, pric=pric, amt=amt,
                          cat=cat2, parts=(own_pay, over, pre, inscp), dept=f"D{cat}" if n % 3 == 0 else None))
    total = sum((l["amt"] for l in lines), D(0))
    parts = [sum((l["parts"][i] for l in lines), D(0)) for i in range(4)]
    policy = ref.policy(insured_area, insutype, med, dise or "", year)
    assert policy, (insured_area, insutype, med, dise, year)
    if cum_dedc is None:
        cum_dedc = rng.choice([D(0), D(policy[5]) - D(100), D(policy[5]), D(rng.randint(0, 50000)) / 100])
        cum_dedc = max(D(0), min(cum_dedc, D(policy[5])))
    if cum_fund is None:
        cum_fund = D(rng.randint(0, 300000)) / 100
    act, hifp = settle(policy, hosp_lv, filing, parts[3], cum_dedc, cum_fund)
    psn_part = total - hifp
    acct = D(0) if insutype == "390" else round2(psn_part * rng.choice([D(0), D("0.25"), D("0.5"), D(1)]))
    cats = {}
    for l in lines:
        cats[l["cat"]] = cats.get(l["cat"], D(0)) + l["amt"]
    area_code = insured_area
    if med == "21":
        dise = rng.choice(ICD10)  # inpatient: the ICD-10 main diagnosis
    elif med == "11":
        dise = rng.choice(OUTPATIENT_ICD10) if rng.random() < 0.3 else None
    return Visit(
        id=f"{id_prefix}{hospital[1:]}{begin.strftime('%y%m%d')}{seq:04d}", mdtrt_id=f"MT{begin:%Y%m%d}{seq:05d}",
        psn_no=f"P{area_code}{rng.randint(10**7, 10**8 - 1)}", psn_name=person_name(rng),
        certno=certno(rng, area_code, rng.randint(1940, 2010)), insu_admdvs=insured_area, insutype=insutype,
        med_type=med, dise=dise, filing=filing, begin=begin.isoformat(), end=end.isoformat(),
        setl_time=f"{end.isoformat()}T{17 + seq % 5:02d}:{(11 * seq) % 60:02d}:30", total=total, parts=parts,
        act=act, hifp=hifp, psn_part=psn_part, acct=acct, cash=psn_part - acct, cum_dedc=cum_dedc,
        cum_fund=cum_fund, cats=dict(sorted(cats.items())), lines=lines, diag="门诊诊疗" if med == "11" else "住院治疗")


def _fee_xml(l, out, ind):
    out.append(f"{ind}<fee>")
    out.append(f"{ind}  <feedetl_sn>{l['sn']}</feedetl_sn>")
    out.append(f"{ind}  <fee_ocur_time>{l['time']}</fee_ocur_time>")
    out.append(f"{ind}  <medins_list_codg>{l['code']}</medins_list_codg>")
    out.append(f"{ind}  <medins_list_name>{l['name']}</medins_list_name>")
    out.append(f"{ind}  <cnt>{_num(l['cnt'])}</cnt>")
    out.append(f"{ind}  <pric>{_num(l['pric'])}</pric>")
    out.append(f"{ind}  <det_item_fee_sumamt>{fmt(l['amt'])}</det_item_fee_sumamt>")
    if l["dept"]:
        out.append(f"{ind}  <bilg_dept_codg>{l['dept']}</bilg_dept_codg>")
    out.append(f"{ind}</fee>")


def _num(x):
    s = format(x.normalize(), "f")
    return s


def setl_xml(v, out):
    out.append("  <setl>")
    fields = [("setl_id", v.id), ("mdtrt_id", v.mdtrt_id), ("psn_no", v.psn_no), ("psn_name", v.psn_name),
              ("certno", v.certno), ("insu_admdvs", v.insu_admdvs), ("insutype", v.insutype),
              ("med_type", v.med_type)]
    if v.dise:
        fields.append(("dise_codg", v.dise))
    fields += [("filing_type", v.filing), ("begndate", v.begin), ("enddate", v.end), ("setl_time", v.setl_time),
               ("medfee_sumamt", fmt(v.total)), ("fulamt_ownpay_amt", fmt(v.parts[0])),
               ("overlmt_selfpay", fmt(v.parts[1])), ("preselfpay_amt", fmt(v.parts[2])),
               ("inscp_scp_amt", fmt(v.parts[3])), ("act_pay_dedc", fmt(v.act)), ("hifp_pay", fmt(v.hifp)),
               ("fund_pay_sumamt", fmt(v.hifp)), ("psn_part_amt", fmt(v.psn_part)), ("acct_pay", fmt(v.acct)),
               ("psn_cash_pay", fmt(v.cash)), ("cum_dedc_before", fmt(v.cum_dedc)),
               ("cum_fund_before", fmt(v.cum_fund))]
    for name, value in fields:
        out.append(f"    <{name}>{value}</{name}>")
    for cat, amt in v.cats.items():
        out.append(f"    <category><med_chrgitm_type>{cat}</med_chrgitm_type><amt>{fmt(amt)}</amt></category>")
    for l in v.lines:
        _fee_xml(l, out, "    ")
    out.append("  </setl>")


def revs_xml(r, out):
    out.append("  <setl_revs>")
    for name in ("setl_id", "orig_setl_id", "revs_time", "medfee_sumamt"):
        out.append(f"    <{name}>{r[name]}</{name}>")
    out.append("  </setl_revs>")


def claim_xml(v, fail_reason, out):
    out.append("  <claim>")
    fields = [("claim_id", v.id), ("mdtrt_id", v.mdtrt_id), ("psn_no", v.psn_no), ("psn_name", v.psn_name),
              ("certno", v.certno), ("insu_admdvs", v.insu_admdvs), ("insutype", v.insutype),
              ("med_type", v.med_type)]
    if v.dise:
        fields.append(("dise_codg", v.dise))
    fields += [("diag_name", v.diag), ("filing_type", v.filing), ("begndate", v.begin), ("enddate", v.end),
               ("medfee_sumamt", fmt(v.total)), ("fail_reason", fail_reason)]
    for name, value in fields:
        out.append(f"    <{name}>{value}</{name}>")
    for l in v.lines:
        _fee_xml(l, out, "    ")
    out.append("  </claim>")


def fee_drop_xml(drop_id, hospital, area, created_at, records):
    """records: list of ('setl', Visit) or ('revs', dict)."""
    body = []
    total, lines = D(0), 0
    for kind, r in records:
        if kind == "setl":
            setl_xml(r, body)
            total += r.total
            lines += len(r.lines)
        else:
            revs_xml(r, body)
            total -= D(r["medfee_sumamt"])
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<FeeDetailDrop xmlns="urn:yidi:fee-detail:1">', "  <header>",
            f"    <drop_id>{drop_id}</drop_id>", f"    <fixmedins_code>{hospital}</fixmedins_code>",
            f"    <mdtrt_admdvs>{area}</mdtrt_admdvs>", f"    <created_at>{created_at}</created_at>",
            f"    <setl_cnt>{len(records)}</setl_cnt>", f"    <line_cnt>{lines}</line_cnt>",
            f"    <medfee_sumamt>{fmt(total)}</medfee_sumamt>", "  </header>"]
    return "\n".join(head + body + ["</FeeDetailDrop>", ""])


def manual_drop_xml(drop_id, hospital, area, created_at, claims):
    body = []
    total, lines = D(0), 0
    for v, reason in claims:
        claim_xml(v, reason, body)
        total += v.total
        lines += len(v.lines)
    head = ['<?xml version="1.0" encoding="UTF-8"?>',
            '<ManualReimbursementDrop xmlns="urn:yidi:manual-reimbursement:1">', "  <header>",
            f"    <drop_id>{drop_id}</drop_id>", f"    <fixmedins_code>{hospital}</fixmedins_code>",
            f"    <mdtrt_admdvs>{area}</mdtrt_admdvs>", f"    <created_at>{created_at}</created_at>",
            f"    <claim_cnt>{len(claims)}</claim_cnt>", f"    <line_cnt>{lines}</line_cnt>",
            f"    <medfee_sumamt>{fmt(total)}</medfee_sumamt>", "  </header>"]
    return "\n".join(head + body + ["</ManualReimbursementDrop>", ""])


def gzip_bytes(data: bytes, level=6):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=level) as g:
        g.write(data)
    return buf.getvalue()

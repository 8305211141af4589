"""The peer of the benchmark: what a clearing team would otherwise write in Python.

lxml's iterparse with the XSD validating as it reads, then the classification and fund arithmetic of
rules.md, written plainly with Decimal. Prints the settlements, lines and mismatches it found, and
the sum of the fund payments it recomputed, so that its work can be checked against yidi's.

    python3 scripts/lib/peer.py REFERENCE_DIR SCHEMA DROP.xml.gz
"""
import csv
import gzip
import sys
from decimal import ROUND_HALF_UP, Decimal as D

from lxml import etree

NS = "{urn:yidi:fee-detail:1}"


def round2(x):
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def rows(ref, name):
    with open(f"{ref}/{name}", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def on(versions, date):
    for row in versions:
        if row["begndate"] <= date and (not row["enddate"] or date <= row["enddate"]):
            return row
    return None


def main(ref, schema_path, drop):
    mapping, catalog, policies, grades = {}, {}, {}, {}
    for r in rows(ref, "mapping.csv"):
        mapping.setdefault((r["fixmedins_code"], r["medins_list_codg"]), []).append(r)
    for r in rows(ref, "catalog.csv"):
        catalog.setdefault((r["prov_admdvs"][:2], r["med_list_codg"]), []).append(r)
    for r in rows(ref, "policies.csv"):
        policies[(r["insu_admdvs"], r["insutype"], r["med_type"], r["dise_codg"], r["year"])] = r
    for r in rows(ref, "institutions.csv"):
        grades.setdefault(r["fixmedins_code"], []).append(r)
    schema = etree.XMLSchema(etree.parse(schema_path))
    settlements = lines = mismatches = 0
    fund_sum = D(0)
    hospital = None
    with gzip.open(drop) as f:
        for _, el in etree.iterparse(f, events=("end",), schema=schema, huge_tree=False):
            tag = el.tag
            if tag == NS + "fixmedins_code" and hospital is None:
                hospital = el.text
            if tag != NS + "setl":
                continue
            g = lambda name: el.findtext(NS + name)
            prov = None
            inst = on(grades.get(hospital, []), g("setl_time")[:10])
            prov, grade = inst["admdvs"][:2], int(inst["hosp_lv"])
            parts = [D(0)] * 4
            for fee in el.iterfind(NS + "fee"):
                lines += 1
                date = fee.findtext(NS + "fee_ocur_time")[:10]
                nat = on(mapping[(hospital, fee.findtext(NS + "medins_list_codg"))], date)["med_list_codg"]
                item = on(catalog[(prov, nat)], date)
                cnt, pric = D(fee.findtext(NS + "cnt")), D(fee.findtext(NS + "pric"))
                amt = D(fee.findtext(NS + "det_item_fee_sumamt"))
                if round2(cnt * pric) != amt:
                    mismatches += 1
                if item["chrgitm_lv"] == "03":
                    parts[0] += amt
                    continue
                cap = D(item["pric_uplmt_amt"]) if item["pric_uplmt_amt"] else None
                over = round2((pric - cap) * cnt) if cap is not None and pric > cap else D(0)
                base = amt - over
                pre = round2(base * D(item["selfpay_prop"])) if item["chrgitm_lv"] == "02" else D(0)
                parts[1] += over
                parts[2] += pre
                parts[3] += base - pre
            area, med = g("insu_admdvs"), g("med_type")
            dise = g("dise_codg") if med == "14" else ""
            year = g("setl_time")[:4]
            policy = None
            for key in (area, area[:4] + "00", area[:2] + "0000"):
                policy = policies.get((key, g("insutype"), med, dise or "", year))
                if policy:
                    break
            inscp = parts[3]
            dedc = D(policy["dedc"])
            left = dedc if policy["dedc_scope"] == "visit" else max(D(0), dedc - D(g("cum_dedc_before")))
            act = min(inscp, left)
            cut = {"1": D(0), "2": D(policy["cut_referral"]), "3": D(policy["cut_emergency"]),
                   "4": D(policy["cut_other"])}[g("filing_type")]
            ratio = max(D(0), D(policy[f"ratio_lv{grade}"]) - cut)
            fund = min(round2((inscp - act) * ratio), max(D(0), D(policy["annual_cap"]) - D(g("cum_fund_before"))))
            if fund != D(g("hifp_pay")) or act != D(g("act_pay_dedc")) or inscp != D(g("inscp_scp_amt")):
                mismatches += 1
            fund_sum += fund
            settlements += 1
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del el.getparent()[0]
    print(f"settlements={settlements} lines={lines} mismatches={mismatches} fund_sum={fund_sum}")


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Sample drops broken in one typical way each, named for the R or B code they show.

Each is built from settlements whose amounts are right, then changed in one place; the
expected CODE:LINE pairs come from where the change was made.
"""
import datetime as dt

from yidi_drops import fee_drop_xml, make_visit
from yidi_sample import D, fmt


def line_at(xml, pos):
    return xml.count("\n", 0, pos) + 1


def setl_span(xml, setl_id):
    key = xml.index(f"<setl_id>{setl_id}</setl_id>")
    start = xml.rfind("<setl>", 0, key)
    return start, xml.index("</setl>", start)


def edit(xml, setl_id, old, new, nth=1):
    """Replaces the nth `old` inside the settlement; returns the new XML and the line of the change."""
    start, end = setl_span(xml, setl_id)
    pos = start
    for _ in range(nth):
        pos = xml.index(old, pos + 1, end)
    return xml[:pos] + new + xml[pos + len(old):], line_at(xml, pos)


def setl_line(xml, setl_id):
    return line_at(xml, setl_span(xml, setl_id)[0])


def field(xml, setl_id, name, nth=1):
    start, end = setl_span(xml, setl_id)
    pos = start
    for _ in range(nth):
        pos = xml.index(f"<{name}>", pos + 1, end)
    return xml[pos + len(name) + 2:xml.index(f"</{name}>", pos)]


def broken(ref, rng, emit, hospitals):
    hospital = "H44030400002"
    area, lv = hospitals[hospital]
    day = dt.date(2025, 11, 25)
    created = f"{(day + dt.timedelta(days=1)).isoformat()}T01:10:00"
    seq = [30]

    def visit(insured="110105", insutype="310", med="11", dise=None, filing="2", days=0, hosp=hospital, grade=lv,
              prov="440000", acct=None):
        seq[0] += 1
        v = make_visit(ref, rng, hosp, prov, grade, insured, insutype, med, day - dt.timedelta(days=days), days,
                       filing=filing, dise=dise, seq=seq[0])
        return v

    def drop(name, code, visits, mutate, hosp=hospital, hosp_area=area, records=None):
        n = int(name)
        drop_id = f"{hosp}-{day:%Y%m%d}-{n:02d}"
        xml = fee_drop_xml(drop_id, hosp, hosp_area, created, records or [("setl", v) for v in visits])
        xml, codes = mutate(xml)
        emit(f"{day.isoformat()}-{hosp}-{n:02d}-{code}.xml.gz", xml, codes=codes)

    a, b = visit(), visit(insured="320102", insutype="390", med="21", days=3, filing="1")
    drop("31", "R001-unknown-institution", [a, b],
         lambda x: (x.replace("<fixmedins_code>H44030400002<", "<fixmedins_code>H44999900009<", 1)
                    .replace("<drop_id>H44030400002-", "<drop_id>H44999900009-", 1), ["R001:3"]))

    old = "H44010600009"  # designated until 2025-06-30
    c, d = visit(hosp=old, grade=1), visit(hosp=old, grade=1, insured="420102")
    drop("32", "R001-not-designated", [c, d], lambda x: (x, [
        "R001:3", f"R001:{line_at(x, x.index('<setl_time>'))}",
        f"R001:{line_at(x, x.index('<setl_time>', x.index('<setl_time>') + 1))}"]), hosp=old, hosp_area="440104")

    # the hospital renumbered an item (its code + "-NEW") before its mapping was updated:
    # adding the mapping of the new code to the same national code makes the drop acceptable
    a = visit()
    drop("33", "R002-unmapped-item", [a, visit(insured="370102")],
         lambda x: (lambda r: (r[0], [f"R002:{r[1]}"]))(
             edit(x, a.id, f">{a.lines[0]['code']}<", f">{a.lines[0]['code']}-NEW<")))

    a = visit()
    drop("34", "R003-not-in-catalog", [a],
         lambda x: (lambda r: (r[0], [f"R003:{r[1]}"]))(edit(x, a.id, f">{a.lines[-1]['code']}<", ">00002-ZZ0001<")))

    a = visit(insured="110105")
    drop("35", "R004-no-policy", [a],
         lambda x: (edit(x, a.id, "<insu_admdvs>110105<", "<insu_admdvs>610102<")[0], [f"R004:{setl_line(x, a.id)}"]))

    a = visit(med="14", dise="M03900", filing="1")
    drop("36", "R005-unknown-disease", [a],
         lambda x: (edit(x, a.id, "<dise_codg>M03900<", "<dise_codg>M99999<")[0], [f"R005:{setl_line(x, a.id)}"]))

    a = visit()
    drop("37", "R006-unknown-province", [a],
         lambda x: (edit(x, a.id, "<insu_admdvs>110105<", "<insu_admdvs>990101<")[0], [f"R006:{setl_line(x, a.id)}"]))

    a, b = visit(), visit(insured="370102")
    drop("38", "B001-repeated-setl-id", [a, b, a], lambda x: (x, [f"B001:{line_at(x, x.rindex('<setl>'))}"]))

    a = visit(med="21", insured="420102", days=2)
    drop("39", "B003-repeated-line", [a], lambda x: (lambda r: (r[0], [f"B003:{r[1]}"]))(
        edit(x, a.id, "<feedetl_sn>2<", "<feedetl_sn>1<")))

    a = visit(med="21", insured="420102", days=2)
    i = next(i for i, l in enumerate(a.lines) if ref.classify(hospital, l["code"], l["time"][:10], "440000")[4] is None)

    def b004(x):
        sn = a.lines[i]["sn"]
        start, end = setl_span(x, a.id)
        at = x.index(f"<feedetl_sn>{sn}</feedetl_sn>", start, end)
        p0 = x.index("<pric>", at)
        p1 = x.index("</pric>", p0)
        new_price = D(x[p0 + 6:p1]) + 1
        x2 = x[:p0 + 6] + format(new_price.normalize(), "f") + x[p1:]
        return x2, [f"B004:{line_at(x2, x2.index('<det_item_fee_sumamt>', p0))}"]
    drop("40", "B004-line-amount", [a], b004)

    a = visit()

    def b005(x):
        when = a.lines[0]["time"]
        earlier = (dt.date.fromisoformat(when[:10]) - dt.timedelta(days=1)).isoformat() + when[10:]
        x2, line = edit(x, a.id, f"<fee_ocur_time>{when}<", f"<fee_ocur_time>{earlier}<")
        return x2, [f"B005:{line}"]
    drop("41", "B005-fee-outside-visit", [a], b005)

    a = visit()

    def b006(x):
        plus = lambda name: (name, fmt(D(field(x, a.id, name)) + 1))
        for name, value in (plus("medfee_sumamt"), plus("psn_part_amt"), plus("psn_cash_pay")):
            x = edit(x, a.id, f"<{name}>{field(x, a.id, name)}<", f"<{name}>{value}<")[0]
        total = x[x.index("<medfee_sumamt>") + 15:x.index("</medfee_sumamt>")]
        x = x.replace(f"<medfee_sumamt>{total}</medfee_sumamt>", f"<medfee_sumamt>{fmt(D(total) + 1)}</medfee_sumamt>", 1)
        return x, [f"B006:{setl_line(x, a.id)}"]
    drop("42", "B006-total-not-sum", [a], b006)

    a = visit()
    cat = next(iter(a.cats))
    drop("43", "B007-category-total", [a], lambda x: (edit(
        x, a.id, f"<med_chrgitm_type>{cat}</med_chrgitm_type><amt>{fmt(a.cats[cat])}<",
        f"<med_chrgitm_type>{cat}</med_chrgitm_type><amt>{fmt(a.cats[cat] + 1)}<")[0], [f"B007:{setl_line(x, a.id)}"]))

    a = visit()
    drop("44", "B008-scope-part", [a], lambda x: (edit(
        x, a.id, f"<inscp_scp_amt>{fmt(a.parts[3])}<", f"<inscp_scp_amt>{fmt(a.parts[3] + 1)}<")[0],
        [f"B008:{setl_line(x, a.id)}"]))

    a = visit(med="21", insured="420102", days=3)
    drop("45", "B009-fund-payment", [a], lambda x: (edit(
        x, a.id, f"<hifp_pay>{fmt(a.hifp)}<", f"<hifp_pay>{fmt(a.hifp + D('0.01'))}<")[0], [f"B009:{setl_line(x, a.id)}"]))

    a = visit()
    drop("46", "B010-personal-part-split", [a], lambda x: (edit(
        x, a.id, f"<psn_cash_pay>{fmt(a.cash)}<", f"<psn_cash_pay>{fmt(a.cash + 1)}<")[0], [f"B010:{setl_line(x, a.id)}"]))

    a = visit(insured="320102", insutype="390")

    def b011(x):
        x, line = edit(x, a.id, "<acct_pay>0.00<", "<acct_pay>1.00<")
        x = edit(x, a.id, f"<psn_cash_pay>{fmt(a.cash)}<", f"<psn_cash_pay>{fmt(a.cash - 1)}<")[0]
        return x, [f"B011:{line}"]
    drop("47", "B011-account-under-resident", [a], b011)

    a = visit(med="21", insured="420102", days=2)
    drop("48", "B012-inpatient-without-diagnosis", [a], lambda x: (edit(
        x, a.id, f"    <dise_codg>{a.dise}</dise_codg>\n", "")[0], [f"B012:{setl_line(x, a.id)}"]))

    a = visit(insured="440106")
    drop("49", "B013-same-province", [a], lambda x: (x, [f"B013:{setl_line(x, a.id)}"]))

    a, b = visit(), visit(insured="370102")
    revs = {"setl_id": "R" + a.id[1:], "orig_setl_id": a.id, "revs_time": f"{day.isoformat()}T23:59:59",
            "medfee_sumamt": fmt(a.total - 1)}
    drop("50", "B015-reversal-amount", None, lambda x: (x, [f"B015:{line_at(x, x.index('<setl_revs>'))}"]),
         records=[("setl", a), ("setl", b), ("revs", revs)])

    a = visit()
    drop("51", "B016-foreign-treatment-area", [a], lambda x: (
        x.replace("<mdtrt_admdvs>440304<", "<mdtrt_admdvs>440106<", 1), ["B016:3"]))

    a = visit()
    drop("52", "B017-end-before-begin", [a], lambda x: (edit(
        x, a.id, f"<enddate>{a.end}<", f"<enddate>{(dt.date.fromisoformat(a.end) - dt.timedelta(days=1)).isoformat()}<")[0],
        [f"B017:{setl_line(x, a.id)}"]))

    a = visit()

    def b018(x):
        later = f"{(day + dt.timedelta(days=1)).isoformat()}T09:00:00"
        x2, line = edit(x, a.id, f"<setl_time>{a.setl_time}<", f"<setl_time>{later}<")
        return x2, [f"B018:{line}"]
    drop("53", "B018-settled-after-creation", [a], b018)

    a = visit()
    wrong = "0" if a.certno[-1] != "0" else "1"
    drop("54", "B020-certno-check-digit", [a], lambda x: (lambda r: (r[0], [f"B020:{r[1]}"]))(
        edit(x, a.id, f"<certno>{a.certno}<", f"<certno>{a.certno[:-1]}{wrong}<")))

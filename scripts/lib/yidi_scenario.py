"""A workspace's several nights and the commands between them, deterministic from a seed, for
comparing the two ledgers (and one worker with several): every kind of record and every path
that reads earlier drops, without dependencies between hospitals, so that any commit order of
several workers gives the same ledger.

OUT/steps.tsv lists the steps in order, tab-separated:
    night  NN                     move OUT/nights/NN/*.xml.gz into inbox/ and run
    clear  YYYY-MM  YYYY-MM-DD    yidi clear --period --date
    prepay YYYY     YYYY-MM-DD    yidi prepay --year --date
    mapping  CSV-ROW              append a row to reference/mapping.csv
    reprocess DROP_ID             yidi reprocess
"""
import datetime as dt
import pathlib
import random

from yidi_drops import fee_drop_xml, gzip_bytes, make_visit, manual_drop_xml
from yidi_sample import D, fmt

# per hospital: (insured area, insutype, med_type, disease, filing, days); never the hospital's own province
TEMPLATES = [
    ("110105", "310", "11", None, "2", 0), ("510104", "310", "11", None, "1", 0),
    ("320102", "390", "11", None, "4", 0), ("420102", "310", "21", None, "2", 4),
    ("370102", "390", "21", None, "3", 6), ("510104", "310", "14", "M03900", "1", 0),
    ("320102", "390", "14", "M01600", "2", 0), ("310104", "310", "11", None, "3", 0),
]


def scenario(out, seed, hospitals):
    """hospitals: {code: (area, grade)} of designated hospitals; four are used."""
    rng = random.Random(seed)
    from yidi_sample import Reference
    ref = Reference()
    out = pathlib.Path(out)
    chosen = sorted(hospitals)[:4]
    steps = []
    seqs = {h: 0 for h in chosen}
    drop_seq = {h: 0 for h in chosen}
    accepted = {h: [] for h in chosen}  # settlements accepted so far, not reversed

    def visit(h, day, template=None, **kw):
        area, lv = hospitals[h]
        t = template or rng.choice([t for t in TEMPLATES if t[0][:2] != area[:2]])
        seqs[h] += 1
        return make_visit(ref, rng, h, area[:2] + "0000", lv, t[0], t[1], t[2], day - dt.timedelta(days=t[5]), t[5],
                          filing=t[4], dise=t[3], seq=seqs[h], **kw)

    def write(night, h, day, xml, suffix=""):
        drop_seq[h] += 1
        folder = out / "nights" / f"{night:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{day.isoformat()}-{h}-{drop_seq[h]:02d}{suffix}.xml.gz").write_bytes(gzip_bytes(xml.encode("utf-8")))

    def drop_id(h, day, n):
        return f"{h}-{day:%Y%m%d}-{n:02d}"

    def created(day):
        return f"{(day + dt.timedelta(days=1)).isoformat()}T01:10:00"

    def revs(v, when):
        return {"setl_id": "R" + v.id[1:], "orig_setl_id": v.id, "revs_time": when, "medfee_sumamt": fmt(v.total)}

    def fee(night, h, day, records, suffix="", did=None):
        did = did or drop_id(h, day, drop_seq[h] + 1)
        xml = fee_drop_xml(did, h, hospitals[h][0], created(day), records)
        write(night, h, day, xml, suffix)
        return did, xml

    # night 1 (October): settlements at every hospital; one drop reverses a settlement of its own
    day = dt.date(2025, 10, 14)
    for h in chosen:
        vs = [visit(h, day) for _ in range(rng.randint(3, 5))]
        records = [("setl", v) for v in vs]
        if h == chosen[0]:
            records.append(("revs", revs(vs[0], f"{day.isoformat()}T23:30:00")))
            vs = vs[1:]
        fee(1, h, day, records)
        accepted[h] += vs
    first_drop = {}
    steps.append(("night", "01"))

    # night 2 (October): reversals of earlier settlements in later drops, new settlements, and
    # claims of persons with settlements (accumulators from the ledger, then within the drop)
    day = dt.date(2025, 10, 28)
    for h in chosen:
        gone = accepted[h].pop(0)
        vs = [visit(h, day) for _ in range(2)]
        did, xml = fee(2, h, day, [("setl", vs[0]), ("revs", revs(gone, f"{day.isoformat()}T12:00:00")), ("setl", vs[1])])
        first_drop[h] = (did, xml, day)
        accepted[h] += vs
    for h in chosen[:2]:
        claims = []
        for person in accepted[h][:2]:
            template = next(t for t in TEMPLATES if (t[0], t[1], t[2]) == (person.insu_admdvs, person.insutype, person.med_type))
            for _ in range(2):
                c = visit(h, day, template=template, id_prefix="C", manual=True)
                c.filing = rng.choice(["1", "5"])
                c.psn_no, c.certno, c.psn_name = person.psn_no, person.certno, person.psn_name
                if person.med_type == "14":
                    c.dise = person.dise
                claims.append((c, rng.choice(["1", "2", "3"])))
        drop_seq[h] += 1
        did = f"{h}-{day:%Y%m%d}-M{drop_seq[h]:02d}"
        write(2, h, day, manual_drop_xml(did, h, hospitals[h][0], created(day), claims), "-manual")
    steps.append(("night", "02"))
    steps.append(("clear", "2025-10", "2025-11-20"))

    # night 3 (November): a duplicate, a D008 re-send, a B002, an unmapped item (R002) that the
    # mapping fixes, a drop whose sum is wrong (D007) sent again corrected, late October detail
    day = dt.date(2025, 11, 12)
    h0, h1, h2, h3 = chosen
    did, xml, _ = first_drop[h0]
    write(3, h0, day, xml, "-again")  # the same bytes: a duplicate
    write(3, h1, day, first_drop[h1][1].replace("</FeeDetailDrop>", "<!-- changed -->\n</FeeDetailDrop>"), "-d008")
    reused = accepted[h2][0]
    b002 = visit(h2, day)
    b002.id = reused.id
    fee(3, h2, day, [("setl", b002)], "-b002")
    unmapped = visit(h3, day)
    code = unmapped.lines[0]["code"]
    r002_id, r002_xml = fee(3, h3, day, [("setl", unmapped)], "-r002")
    (out / "nights" / "03" / f"{day.isoformat()}-{h3}-{drop_seq[h3]:02d}-r002.xml.gz").write_bytes(
        gzip_bytes(r002_xml.replace(f">{code}<", f">{code}-NEW<").encode("utf-8")))
    wrong = visit(h1, day)
    d007_id = drop_id(h1, day, drop_seq[h1] + 1)
    good = fee_drop_xml(d007_id, h1, hospitals[h1][0], created(day), [("setl", wrong)])
    write(3, h1, day, good.replace(f"<medfee_sumamt>{fmt(wrong.total)}</medfee_sumamt>\n  </header>",
                                   f"<medfee_sumamt>{fmt(wrong.total + 1)}</medfee_sumamt>\n  </header>"), "-d007")
    late = visit(h2, dt.date(2025, 10, 30))  # October detail after October closed: rolls into November
    fee(3, h2, day, [("setl", late)], "-late")
    accepted[h2].append(late)
    steps.append(("night", "03"))
    nat = unmapped.lines[0]
    steps.append(("mapping", f"{h3},{code}-NEW,{ref_national(ref, h3, code, nat)},2025-01-01,"))
    steps.append(("reprocess", r002_id))

    # night 4 (December): the D007 drop corrected under its drop_id, more settlements and a
    # reversal of a November settlement, claims again
    day = dt.date(2025, 12, 9)
    drop_seq[h1] -= 1
    write(4, h1, day, good, "-fixed")
    drop_seq[h1] += 1
    for h in chosen:
        vs = [visit(h, day) for _ in range(2)]
        records = [("setl", v) for v in vs]
        if h == h2:
            records.append(("revs", revs(late, f"{day.isoformat()}T08:00:00")))
        fee(4, h, day, records)
    h = chosen[0]
    person = accepted[h][0]
    template = next(t for t in TEMPLATES if (t[0], t[1], t[2]) == (person.insu_admdvs, person.insutype, person.med_type))
    c = visit(h, day, template=template, id_prefix="C", manual=True)
    c.psn_no, c.certno, c.psn_name, c.filing = person.psn_no, person.certno, person.psn_name, "5"
    if person.med_type == "14":
        c.dise = person.dise
    drop_seq[h] += 1
    write(4, h, day, manual_drop_xml(f"{h}-{day:%Y%m%d}-M{drop_seq[h]:02d}", h, hospitals[h][0], created(day), [(c, "9")]),
          "-manual")
    steps.append(("night", "04"))
    steps.append(("clear", "2025-11", "2025-12-15"))
    steps.append(("clear", "2025-12", "2026-01-06"))
    steps.append(("prepay", "2026", "2026-01-07"))
    with open(out / "steps.tsv", "w", encoding="utf-8") as f:
        for s in steps:
            f.write("\t".join(s) + "\n")
    return steps


def ref_national(ref, hospital, own_code, line):
    """The national code the hospital's own item code maps to (for the fixing mapping row)."""
    return ref._on(ref.mapping[(hospital, own_code)], line["time"][:10])[2]


def contended(out, seed, hospitals, persons=3, drops_per_hospital=6, others=20):
    """A night in which a few persons have settlements, reversals and claims at every
    hospital: the workers' accumulator keys cross at every drop. OUT/inbox holds the drops."""
    rng = random.Random(seed)
    from yidi_sample import Reference
    ref = Reference()
    out = pathlib.Path(out) / "inbox"
    out.mkdir(parents=True, exist_ok=True)
    chosen = sorted(hospitals)[:6]
    day = dt.date(2025, 11, 12)
    people = [("510104", "310", "11", None, "1", 0), ("320102", "390", "11", None, "4", 0),
              ("420102", "310", "11", None, "2", 0)][:persons]
    ids = {}  # the persons' psn_no, certno and name, fixed by their first visit
    seqs = {h: 0 for h in chosen}

    def visit(h, t, **kw):
        area, lv = hospitals[h]
        seqs[h] += 1
        v = make_visit(ref, rng, h, area[:2] + "0000", lv, t[0], t[1], t[2], day - dt.timedelta(days=t[5]), t[5],
                       filing=t[4], dise=t[3], seq=seqs[h], **kw)
        return v

    for h in chosen:
        area = hospitals[h][0]
        others_t = [t for t in TEMPLATES if t[0][:2] != area[:2]]
        earlier = []
        for n in range(1, drops_per_hospital + 1):
            did = f"{h}-{day:%Y%m%d}-{n:02d}"
            created = f"{(day + dt.timedelta(days=1)).isoformat()}T01:10:00"
            if n % 2 == 0:
                claims = []
                for p in people:
                    c = visit(h, p, id_prefix="C", manual=True)
                    c.psn_no, c.certno, c.psn_name = ids.setdefault(p, (c.psn_no, c.certno, c.psn_name))
                    claims.append((c, "2"))
                claims += [(visit(h, rng.choice(others_t), id_prefix="C", manual=True), "1") for _ in range(others)]
                xml = manual_drop_xml(did, h, area, created, claims)
            else:
                records = []
                for p in people:
                    v = visit(h, p)
                    v.psn_no, v.certno, v.psn_name = ids.setdefault(p, (v.psn_no, v.certno, v.psn_name))
                    records.append(("setl", v))
                    earlier.append(v)
                if n > 1:
                    gone = earlier.pop(0)
                    records.append(("revs", {"setl_id": "R" + gone.id[1:], "orig_setl_id": gone.id,
                                             "revs_time": f"{day.isoformat()}T23:00:{n:02d}", "medfee_sumamt": fmt(gone.total)}))
                records += [("setl", visit(h, rng.choice(others_t))) for _ in range(others)]
                xml = fee_drop_xml(did, h, area, created, records)
            (out / f"{did}.xml.gz").write_bytes(gzip_bytes(xml.encode("utf-8")))
    return len(chosen) * drops_per_hospital

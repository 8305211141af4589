"""The sample universe of yidi: reference data and the rules of rules.md in Python.

Used by scripts/gen-drops to write the sample reference data and drops whose
real-time amounts are exactly what the insured place's policy gives, so that
yidi's own recomputation can be checked against them. Decimal here is a test
data tool; the product itself never uses floating or Decimal arithmetic.
"""
from decimal import Decimal, ROUND_HALF_UP

D = Decimal
CENT = D("0.01")


def round2(x):
    """round2 of rules.md: two fraction digits, half away from zero."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(x):
    return str(round2(x))


PROVINCES = [
    ("110000", "北京市"), ("310000", "上海市"), ("320000", "江苏省"), ("370000", "山东省"),
    ("420000", "湖北省"), ("440000", "广东省"), ("510000", "四川省"), ("610000", "陕西省"),
]

# fixmedins_code, name, admdvs, hosp_lv, begndate, enddate
INSTITUTIONS = [
    ("H44010600001", "广州医科大学附属第一医院", "440106", 3, "2020-01-01", ""),
    ("H44030400002", "深圳市福田区人民医院", "440304", 3, "2020-01-01", ""),
    ("H44060400003", "佛山市禅城区中心医院", "440604", 2, "2021-07-01", ""),
    ("H31010400001", "上海市徐汇区中心医院", "310104", 3, "2019-01-01", ""),
    ("H31011500002", "上海市浦东新区花木社区卫生服务中心", "310115", 1, "2022-03-01", ""),
    ("H11010200001", "北京市西城区广安门医院", "110102", 3, "2018-01-01", ""),
    ("H11010800002", "北京市海淀区中关村医院", "110108", 2, "2020-01-01", ""),
    ("H44010600009", "广州市越秀区某门诊部", "440104", 1, "2020-01-01", "2025-06-30"),
]

CHRONIC = [
    ("M03900", "高血压"), ("M01600", "糖尿病"), ("M00500", "恶性肿瘤门诊放化疗"),
    ("M07801", "尿毒症透析"), ("M08300", "器官移植术后抗排异治疗"),
]

# category -> [(code suffix, name, chrgitm_lv, selfpay_prop, low price, high price, cap)]
ITEMS = {
    "01": [("BED01", "普通病房床位费(三人间)", "01", "0", "30", "60", "50.00"),
           ("BED02", "双人间床位费", "02", "0.20", "80", "120", "100.00"),
           ("BED03", "重症监护病房床位费", "01", "0", "200", "260", ""),
           ("BED04", "特需病房床位费", "03", "0", "500", "800", "")],
    "02": [("CON01", "普通门诊诊察费", "01", "0", "10", "10", ""),
           ("CON02", "副主任医师门诊诊察费", "01", "0", "25", "25", ""),
           ("CON03", "主任医师门诊诊察费", "01", "0", "50", "50", ""),
           ("CON04", "知名专家门诊诊察费", "02", "0.30", "100", "300", "200.00"),
           ("CON05", "住院诊察费", "01", "0", "20", "20", "")],
    "03": [("EXM01", "X线计算机体层(CT)平扫", "01", "0", "150", "200", ""),
           ("EXM02", "磁共振平扫", "02", "0.10", "400", "600", "500.00"),
           ("EXM03", "彩色多普勒超声常规检查", "01", "0", "100", "160", ""),
           ("EXM04", "常规心电图检查", "01", "0", "25", "30", ""),
           ("EXM05", "胸部X线摄影", "01", "0", "60", "90", ""),
           ("EXM06", "正电子发射计算机断层显像(PET-CT)", "03", "0", "6000", "8000", ""),
           ("EXM07", "电子胃镜检查", "02", "0.10", "200", "300", ""),
           ("EXM08", "动态血压监测", "01", "0", "80", "120", "")],
    "04": [("LAB01", "血常规(全血细胞计数)", "01", "0", "20", "25", ""),
           ("LAB02", "肝功能检查", "01", "0", "60", "90", ""),
           ("LAB03", "肾功能检查", "01", "0", "40", "60", ""),
           ("LAB04", "血糖测定", "01", "0", "8", "12.3", ""),
           ("LAB05", "糖化血红蛋白测定", "02", "0.05", "50", "80", ""),
           ("LAB06", "尿常规检查", "01", "0", "10", "15", ""),
           ("LAB07", "肿瘤标志物检测", "02", "0.10", "120", "200", ""),
           ("LAB08", "他克莫司血药浓度测定", "02", "0.10", "150", "180", ""),
           ("LAB09", "基因检测", "03", "0", "1500", "3000", "")],
    "05": [("TRT01", "静脉输液", "01", "0", "5", "8", ""),
           ("TRT02", "肌肉注射", "01", "0", "3", "5", ""),
           ("TRT03", "大换药", "01", "0", "30", "50", ""),
           ("TRT04", "血液透析", "01", "0", "400", "480", "450.00"),
           ("TRT05", "调强放射治疗", "02", "0.10", "1200", "2000", "1800.00"),
           ("TRT06", "针灸治疗", "02", "0.20", "20", "40", ""),
           ("TRT07", "高压氧治疗", "02", "0.20", "100", "150", ""),
           ("TRT08", "医疗美容激光治疗", "03", "0", "800", "1500", "")],
    "06": [("SUR01", "阑尾切除术", "01", "0", "600", "900", ""),
           ("SUR02", "腹腔镜下胆囊切除术", "01", "0", "1500", "2200", ""),
           ("SUR03", "白内障超声乳化摘除术", "02", "0.10", "1800", "2600", "2400.00"),
           ("SUR04", "经皮冠状动脉支架置入术", "01", "0", "3000", "4000", ""),
           ("SUR05", "全髋关节置换术", "02", "0.15", "4000", "6000", ""),
           ("SUR06", "双眼皮成形术", "03", "0", "3000", "5000", "")],
    "07": [("NUR01", "特级护理", "01", "0", "150", "200", ""),
           ("NUR02", "一级护理", "01", "0", "30", "40", ""),
           ("NUR03", "二级护理", "01", "0", "20", "25", ""),
           ("NUR04", "三级护理", "01", "0", "10", "15", ""),
           ("NUR05", "陪护服务", "03", "0", "150", "200", "")],
    "08": [("MAT01", "一次性使用输液器", "01", "0", "2", "4", ""),
           ("MAT02", "医用脱脂纱布", "01", "0", "1.5", "3", ""),
           ("MAT03", "人工晶体", "02", "0.20", "1500", "3000", "2000.00"),
           ("MAT04", "冠状动脉药物洗脱支架", "02", "0.15", "600", "900", "798.00"),
           ("MAT05", "一次性使用无菌注射器", "01", "0", "0.5", "1.2", ""),
           ("MAT06", "髋关节假体", "02", "0.30", "8000", "15000", "12000.00"),
           ("MAT07", "可吸收缝合线", "02", "0.10", "80", "160", "120.00"),
           ("MAT08", "进口医用敷料", "03", "0", "50", "120", ""),
           ("MAT09", "一次性使用中心静脉导管", "01", "0", "100", "180", "120.00")],
    "09": [("WM001", "阿莫西林胶囊", "01", "0", "0.3", "0.8", ""),
           ("WM002", "硝苯地平控释片", "01", "0", "1.2", "2.5", ""),
           ("WM003", "盐酸二甲双胍片", "01", "0", "0.2", "0.6", ""),
           ("WM004", "门冬胰岛素注射液", "02", "0.10", "60", "80", ""),
           ("WM005", "他克莫司胶囊", "02", "0.10", "25", "40", ""),
           ("WM006", "紫杉醇注射液", "02", "0.10", "600", "1200", "1000.00"),
           ("WM007", "注射用头孢呋辛钠", "02", "0.05", "8", "20", ""),
           ("WM008", "氯化钠注射液", "01", "0", "3", "6", ""),
           ("WM009", "阿托伐他汀钙片", "01", "0", "1", "3", ""),
           ("WM010", "苯磺酸氨氯地平片", "01", "0", "0.5", "1.5", ""),
           ("WM011", "吗替麦考酚酯胶囊", "02", "0.10", "8", "15", ""),
           ("WM012", "进口抗肿瘤靶向药", "03", "0", "3000", "6000", ""),
           ("WM013", "奥美拉唑肠溶胶囊", "01", "0", "0.8", "2", ""),
           ("WM014", "促红细胞生成素注射液", "02", "0.10", "80", "150", "")],
    "10": [("HB001", "黄芪饮片", "02", "0.20", "0.08", "0.15", ""),
           ("HB002", "当归饮片", "02", "0.20", "0.2", "0.4", ""),
           ("HB003", "党参饮片", "02", "0.20", "0.15", "0.3", ""),
           ("HB004", "冬虫夏草", "03", "0", "200", "400", ""),
           ("HB005", "甘草饮片", "01", "0", "0.05", "0.1", "")],
    "11": [("CP001", "复方丹参滴丸", "01", "0", "0.2", "0.4", ""),
           ("CP002", "连花清瘟胶囊", "02", "0.10", "0.4", "0.8", ""),
           ("CP003", "六味地黄丸", "01", "0", "0.1", "0.3", ""),
           ("CP004", "安宫牛黄丸", "03", "0", "300", "800", ""),
           ("CP005", "血塞通软胶囊", "02", "0.15", "1", "2", "")],
    "12": [("GEN01", "一般诊疗费", "01", "0", "10", "10", ""),
           ("GEN02", "社区一般诊疗费", "01", "0", "8", "8", "")],
    "13": [("REG01", "普通门诊挂号费", "03", "0", "1", "1", ""),
           ("REG02", "专家门诊挂号费", "03", "0", "5", "14", "")],
    "14": [("OTH01", "救护车费", "03", "0", "100", "300", ""),
           ("OTH02", "病历工本费", "03", "0", "1", "2", ""),
           ("OTH03", "院内会诊费", "01", "0", "50", "100", ""),
           ("OTH04", "远程会诊费", "02", "0.10", "200", "400", "")],
}

TREATMENT_PROVINCES = ["440000", "310000", "110000"]


def national_code(category, suffix):
    return f"YB{category}{suffix}"


def catalog_rows():
    """Rows of catalog.csv: the same national items in each treatment province, with local differences."""
    rows = []
    for prov in TREATMENT_PROVINCES:
        for cat, items in ITEMS.items():
            for i, (suffix, name, lv, prop, lo, hi, cap) in enumerate(items):
                # Treatment places differ: Shanghai pays class-B items at a lower own share,
                # Beijing caps CT; Guangdong is the base catalog.
                if prov == "310000" and lv == "02" and D(prop) > D("0.05"):
                    prop = str(D(prop) - D("0.05"))
                if prov == "110000" and suffix == "EXM01":
                    cap = "180.00"
                code = national_code(cat, suffix)
                if prov == "440000" and suffix == "TRT06":
                    # a catalog change on 2025-07-01: acupuncture moved from class B to class A
                    rows.append((prov, code, name, cat, "02", "0.20", cap, "2024-01-01", "2025-06-30"))
                    rows.append((prov, code, name, cat, "01", "0", cap, "2025-07-01", ""))
                    continue
                rows.append((prov, code, name, cat, lv, prop if lv == "02" else "0", cap, "2024-01-01", ""))
    return rows


def hospital_item_code(fixmedins, category, suffix):
    return f"{fixmedins[-5:]}-{category}{suffix}"


def mapping_rows():
    rows = []
    for code, _name, admdvs, _lv, _b, _e in INSTITUTIONS:
        for cat, items in ITEMS.items():
            for suffix, *_ in items:
                own = hospital_item_code(code, cat, suffix)
                if suffix == "CON01":
                    # the hospital renumbered its consultation item on 2025-09-01
                    rows.append((code, own, national_code(cat, suffix), "2024-01-01", "2025-08-31"))
                    rows.append((code, own + "A", national_code(cat, suffix), "2025-09-01", ""))
                    continue
                rows.append((code, own, national_code(cat, suffix), "2024-01-01", ""))
    # A mapping to a national code no catalog holds (SampleDrops shows it as R003).
    rows.append(("H44030400002", "00002-ZZ0001", "YB14OTH99", "2024-01-01", ""))
    return rows


INSURED = ["110000", "310000", "320000", "370000", "420000", "440000", "510000"]

# Base policy per (insutype, med_type): dedc, scope, ratios lv1..3, cap, cuts referral, emergency, other, unfiled
BASE_POLICY = {
    ("310", "11"): ("1800.00", "year", "0.90", "0.85", "0.70", "20000.00"),
    ("390", "11"): ("600.00", "year", "0.60", "0.55", "0.50", "4000.00"),
    ("310", "21"): ("1300.00", "visit", "0.95", "0.90", "0.85", "500000.00"),
    ("390", "21"): ("800.00", "visit", "0.80", "0.70", "0.60", "300000.00"),
    ("310", "14"): ("0.00", "year", "0.90", "0.85", "0.85", "50000.00"),
    ("390", "14"): ("300.00", "year", "0.70", "0.65", "0.60", "30000.00"),
}
DISEASE_CAP = {"M03900": "3000.00", "M01600": "4000.00", "M00500": "200000.00",
               "M07801": "120000.00", "M08300": "80000.00"}
CUTS = ("0.10", "0.05", "0.20", "0.30")


def policy_rows():
    rows = []
    for year in ("2025", "2026"):
        for prov in INSURED:
            bump = D("0.02") * (INSURED.index(prov) % 3)  # provinces differ a little
            for (insutype, med), (dedc, scope, r1, r2, r3, cap) in BASE_POLICY.items():
                ratios = [str(min(D("1"), D(r) - bump)) for r in (r1, r2, r3)]
                if year == "2026" and med == "11" and prov != "110000":
                    # 2026 lowered the outpatient deductible, but not in Beijing, whose employee
                    # outpatient policy stays the one of the rules.md worked example both years
                    dedc = str(D(dedc) - D("100.00"))
                if med == "14":
                    for dise, dcap in DISEASE_CAP.items():
                        rows.append((prov, insutype, med, dise, year, dedc, scope, *ratios, dcap, *CUTS))
                else:
                    rows.append((prov, insutype, med, "", year, dedc, scope, *ratios, cap, *CUTS))
        # A city with its own outpatient policy and an exact pooling area with its own inpatient one.
        rows.append(("510100", "310", "11", "", year, "1500.00", "year", "0.90", "0.85", "0.75", "25000.00", *CUTS))
        rows.append(("110105", "310", "21", "", year, "1000.00", "visit", "0.95", "0.92", "0.90", "600000.00", *CUTS))
    return rows


CALENDAR = [
    # 2025 (State Council notice)
    ("2025-01-01", "holiday"),
    ("2025-01-26", "workday"), ("2025-01-28", "holiday"), ("2025-01-29", "holiday"), ("2025-01-30", "holiday"),
    ("2025-01-31", "holiday"), ("2025-02-03", "holiday"), ("2025-02-04", "holiday"), ("2025-02-08", "workday"),
    ("2025-04-04", "holiday"),
    ("2025-04-27", "workday"), ("2025-05-01", "holiday"), ("2025-05-02", "holiday"), ("2025-05-05", "holiday"),
    ("2025-06-02", "holiday"),
    ("2025-09-28", "workday"), ("2025-10-01", "holiday"), ("2025-10-02", "holiday"), ("2025-10-03", "holiday"),
    ("2025-10-06", "holiday"), ("2025-10-07", "holiday"), ("2025-10-08", "holiday"), ("2025-10-11", "workday"),
    # 2026
    ("2026-01-01", "holiday"), ("2026-01-02", "holiday"), ("2026-01-04", "workday"),
    ("2026-02-14", "workday"), ("2026-02-16", "holiday"), ("2026-02-17", "holiday"), ("2026-02-18", "holiday"),
    ("2026-02-19", "holiday"), ("2026-02-20", "holiday"), ("2026-02-23", "holiday"), ("2026-02-28", "workday"),
    ("2026-04-06", "holiday"),
    ("2026-05-01", "holiday"), ("2026-05-04", "holiday"), ("2026-05-05", "holiday"), ("2026-05-09", "workday"),
    ("2026-06-19", "holiday"),
    ("2026-09-20", "workday"), ("2026-09-25", "holiday"),
    ("2026-10-01", "holiday"), ("2026-10-02", "holiday"), ("2026-10-05", "holiday"), ("2026-10-06", "holiday"),
    ("2026-10-07", "holiday"), ("2026-10-10", "workday"),
]


class Reference:
    """Lookups over the sample reference data, as rules.md uses them."""

    def __init__(self):
        self.catalog = {}
        for prov, code, name, cat, lv, prop, cap, b, e in catalog_rows():
            self.catalog.setdefault((prov, code), []).append((b, e or "9999-12-31", cat, lv, D(prop), D(cap) if cap else None, name))
        self.mapping = {}
        for fix, own, nat, b, e in mapping_rows():
            self.mapping.setdefault((fix, own), []).append((b, e or "9999-12-31", nat))
        self.policies = {}
        for row in policy_rows():
            area, insutype, med, dise, year = row[:5]
            self.policies[(area, insutype, med, dise, year)] = row
        self.institutions = {r[0]: r for r in INSTITUTIONS}

    @staticmethod
    def _on(rows, date):
        for row in rows:
            if row[0] <= date <= row[1]:
                return row
        return None

    def classify(self, fixmedins, own_code, date, prov):
        m = self._on(self.mapping.get((fixmedins, own_code), []), date)
        if m is None:
            return None
        c = self._on(self.catalog.get((prov, m[2]), []), date)
        if c is None:
            return None
        return m[2], c[2], c[3], c[4], c[5]

    def policy(self, area, insutype, med, dise, year):
        for key in (area, area[:4] + "00", area[:2] + "0000"):
            row = self.policies.get((key, insutype, med, dise if med == "14" else "", year))
            if row:
                return row
        return None


def classify_line(lv, prop, cap, cnt, pric, amt):
    """The four payment-scope parts of a line (rules.md)."""
    if lv == "03":
        return amt, D(0), D(0), D(0)
    over = round2((pric - cap) * cnt) if cap is not None and pric > cap else D(0)
    base = amt - over
    pre = round2(base * prop) if lv == "02" else D(0)
    return D(0), over, pre, base - pre


def cut_for(policy, filing_type):
    return {"1": D(0), "2": D(policy[11]), "3": D(policy[12]), "4": D(policy[13]), "5": D(policy[14])}[filing_type]


def settle(policy, hosp_lv, filing_type, inscp, cum_dedc, cum_fund):
    """act_pay_dedc and hifp_pay under a policy row (rules.md)."""
    dedc, scope = D(policy[5]), policy[6]
    dedc_left = dedc if scope == "visit" else max(D(0), dedc - cum_dedc)
    act = min(inscp, dedc_left)
    ratio = max(D(0), D(policy[7 + hosp_lv - 1]) - cut_for(policy, filing_type))
    fund_raw = round2((inscp - act) * ratio)
    hifp = min(fund_raw, max(D(0), D(policy[10]) - cum_fund))
    return act, hifp


def check_digit(body17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w for c, w in zip(body17, weights))
    return "10X98765432"[s % 11]


def certno(rng, area, birth_year):
    body = f"{area}{birth_year:04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + check_digit(body)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))

"""Prints one line per settlement or reimbursement file: its header's counts and sums."""
import gzip
import sys
import xml.etree.ElementTree as ET

for path in sys.argv[1:]:
    with gzip.open(path) as f:
        root = ET.parse(f).getroot()
    h = {c.tag.split("}")[1]: c.text for c in root.find("{*}header")}
    name = path.split("/")[-1]
    if "setl_cnt" in h:
        print("   %s: %s settlements, %s reversals, medfee %s, fund %s, clearing %s"
              % (name, h["setl_cnt"], h["revs_cnt"], h["medfee_sumamt"], h["fund_pay_sumamt"], h["clr_amt"]))
    else:
        print("   %s: %s claims, medfee %s, reimbursement %s" % (name, h["claim_cnt"], h["medfee_sumamt"], h["reim_amt"]))

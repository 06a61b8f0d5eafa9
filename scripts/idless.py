#!/usr/bin/env python3
"""Places (v2 (8)) measured: exam candidates in the base whose ID is missing,
damaged (Excel, malformed) or another person's, linked right / wrong;
and wrong links in the whole run. Usage: idless.py DIR [OUT]"""
import csv, sys, collections
d = sys.argv[1]; out = sys.argv[2] if len(sys.argv) > 2 else 'o'
idless = {"id_missing", "id_scientific", "id_malformed", "other_persons_id"}
truth = list(csv.DictReader(open(f"{d}/truth.csv", encoding="utf-8")))
res = list(csv.DictReader(open(f"{d}/{out}/results.csv", encoding="utf-8")))
assert len(truth) == len(res), (len(truth), len(res))
n = right = wrong = 0; statuses = collections.Counter(); capped = 0
run_wrong = links = 0
for t, r in zip(truth, res):
    pid = r["person_id"]
    if pid:
        links += 1
        if pid != t["person_id"]:
            run_wrong += 1
    faults = set(t["faults"].split("|"))
    if not t["person_id"] or not (faults & idless):
        continue
    n += 1
    if pid == t["person_id"]:
        right += 1
    elif pid:
        wrong += 1
    else:
        statuses[r["status"]] += 1
        capped += "BLOCK_CAPPED" in r["reasons"]
print(f"{out}: {n} such candidates: linked right {right} ({100*right/max(n,1):.2f} %), wrong {wrong}; unlinked {dict(statuses)}, {capped} BLOCK_CAPPED; whole run: {links} links, {run_wrong} wrong")

#!/usr/bin/env python3
"""Rebuilds src/normalize/communes.csv, the register of Vietnam's communes
(xã, phường, đặc khu) that doisoat carries, from the package
vietnamadminunits 1.0.4 on PyPI (MIT licence; its SQLite dataset of the
administrative units before and from 1 July 2025, and its old -> new
ward mapping).

    scripts/communes.py [OUT]        # default: src/normalize/communes.csv

Downloads the wheel with pip when it is not installed; needs nothing else
(the package's own dependencies are not imported). Columns:

    era       old (before 1 July 2025: 63 provinces) or new (from that day: 34)
    commune   the 5-digit commune code
    province  old: the province's 3-digit CCCD code (0 + its 2-digit
              statistics code); new: the 2-digit post-merger code
    into      old only: the new commune the old one went into as a whole
              (empty when the register splits it among several)
"""
import io, json, sqlite3, subprocess, sys, tempfile, zipfile
from pathlib import Path

VERSION = "1.0.4"
out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "src/normalize/communes.csv")

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp,
                    f"vietnamadminunits=={VERSION}"], check=True)
    wheel = next(Path(tmp).glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(z.read("vietnamadminunits/data/dataset.db"))
        converter = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
    db = sqlite3.connect(db_path)
    old = list(db.execute("select wardCode, provinceCode, provinceKey, districtKey, wardKey "
                          "from admin_units_legacy where wardCode is not null"))
    new = list(db.execute("select wardCode, provinceCode, provinceKey, wardKey from admin_units"))

new_code = {(p, w): code for code, _, p, w in new}
into = {}
for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
    for ward, olds in wards.items():
        for key in olds:
            into[key] = new_code[(province, ward)]
rows = []
for code, province, pk, dk, wk in old:
    rows.append(("old", code, "0" + province, into.get(f"{pk}_{dk}_{wk}", "")))
for code, province, _, _ in new:
    rows.append(("new", code, province, ""))
rows.sort(key=lambda r: (r[0] != "old", r[1]))
assert len({(r[0], r[1]) for r in rows}) == len(rows), "a code twice in one era"
text = io.StringIO()
text.write(f"# Vietnam's communes before and from 1 July 2025: vietnamadminunits {VERSION} (PyPI, MIT),\n")
text.write("# rebuilt by scripts/communes.py. era,commune,province,into: see that script.\n")
text.write("era,commune,province,into\n")
for r in rows:
    text.write(",".join(r) + "\n")
out.write_text(text.getvalue())
print(f"{out}: {sum(r[0] == 'old' for r in rows)} old communes, {sum(r[0] == 'new' for r in rows)} new, "
      f"{sum(1 for r in rows if r[3])} old ones with the new commune they went into")

"""Exports of pseudopeople's simulated population, laid out for doisoat.

    python3 scripts/pseudopeople/prep.py OUT_DIR [SEED]

pseudopeople (PyPI, BSD-3-Clause; IHME) simulates a US population and writes
the records that agencies would hold of it, each with its own noise model:
typos, OCR and phonetic errors, nicknames, fake names, swapped month/day,
blanks, a date or an ID copied from a household member. Its sample data
ships inside the package (no download). Noise is drawn from SEED (default 0).

Written to OUT_DIR:
- base.csv: the social-security register, one row per person (the
  `creation` event; a person known only by a `death` event is taken from it),
  with the death date where a `death` event exists;
- tax.csv: the W-2/1099 filings (ID, first name, middle initial, surname; no
  date of birth, no sex);
- census.csv: the decennial census (first name, middle initial, surname, date
  of birth month first, sex; no ID);
- wic.csv: the WIC enrolment (first name, middle initial, surname, date of
  birth as MMDDYYYY, sex; no ID);
- EXPORT-truth.csv: `key,person_id` for every export row whose person is in
  the register (person_id: the register's SSN as doisoat cleans it, digits
  only); a row of a person outside the register has no truth row.

Nothing of doisoat is used here: the truth is the simulant each record
belongs to, as pseudopeople says.
"""
import os
import sys

import pandas as pd
import pseudopeople as psp


def digits(s):
    return "".join(c for c in str(s) if c.isalnum()) if isinstance(s, str) else ""


def main():
    out = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    os.makedirs(out, exist_ok=True)
    ssa = psp.generate_social_security(seed=seed, verbose=False)
    deaths = ssa[ssa.event_type == "death"].drop_duplicates("simulant_id").set_index("simulant_id").event_date
    ssa = ssa.assign(order=(ssa.event_type != "creation").astype(int))
    base = ssa.sort_values(["simulant_id", "order"], kind="stable").drop_duplicates("simulant_id")
    base = base.assign(death_date=base.simulant_id.map(deaths).fillna(""))
    base = base[base.ssn.notna()]
    person = dict(zip(base.simulant_id, base.ssn.map(digits)))
    cols = ["ssn", "first_name", "middle_name", "last_name", "date_of_birth", "sex", "death_date"]
    base.sort_values("ssn")[cols].to_csv(f"{out}/base.csv", index=False)

    exports = {
        "tax": (psp.generate_taxes_w2_and_1099,
                ["ssn", "first_name", "middle_initial", "last_name", "tax_form", "employer_state"]),
        "census": (psp.generate_decennial_census,
                   ["first_name", "middle_initial", "last_name", "date_of_birth", "sex", "city", "state"]),
        "wic": (psp.generate_women_infants_and_children,
                ["first_name", "middle_initial", "last_name", "date_of_birth", "sex", "city", "state"]),
    }
    for name, (generate, cols) in exports.items():
        d = generate(seed=seed, verbose=False).reset_index(drop=True)
        d.insert(0, "key", [f"{name[0]}{i + 1}" for i in range(len(d))])
        d[["key"] + cols].to_csv(f"{out}/{name}.csv", index=False)
        t = d.assign(person_id=d.simulant_id.map(person))
        t = t[t.person_id.notna() & (t.person_id != "")]
        t[["key", "person_id"]].to_csv(f"{out}/{name}-truth.csv", index=False)
        print(f"{name}: {len(d)} rows, {len(t)} of persons in the register ({len(base)} persons)")


if __name__ == "__main__":
    main()

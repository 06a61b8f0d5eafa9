#!/usr/bin/env python3
"""Independent check of doisoat's school rule (exam export with the candidates' schools), written
from README.md alone ("The school rule (the admission regulation's)", "The exam's rules", "The side
files", "Reasons", "Actions"); no engine source or test was read.

Generates a base, a residence history, a priority-area list (real commune codes from
src/normalize/communes.csv), a school list and an exam export (every identity clean, so every row
links), computes each row's expected area reasons, supported_area and action from the README,
runs the binary and compares. Where the README can be read two ways the second reading is a flag
(ALT below): a disagreement that one flag (or two) explains is labelled with it, and for each flag
the summary counts the rows where the readings differ and which one the binary followed. Any
disagreement exits 1.

Some readings were first this checker's own and later settled by the README (2026-12-06: "with
both claims ticked, of either kind"; unreadable cells count for none; the list's noi_tru mark
outweighs the tick; KV3 declared asks for nothing; a combined cell beside another province cannot
be read); they are now the primary readings, the old ones ALT flags where kept.

The base has an ethnicity column (dan_toc; --no-ethnicity leaves it out, and the run's work goes to
seedN-noeth): every person gets a value (Kinh and foreign by code or name, minorities by code or by
the General Statistics Office list's names in several spellings, blank, junk), and some extra
candidates write policy group 01 with every value, KV1 months or not, no history at all. The run
then also checks summary.json's check.not_checked (the ethnicity listed only without the column),
explain's reading of a minority ("an ethnic minority, as the base records it") and that no output
file holds a name the base wrote.

usage: python3 scripts/independent/school_check.py --seed 1 [--no-ethnicity] [--work DIR] [--bin PATH]
"""
import argparse, calendar, collections, csv, datetime as dt, html, json, os, random, re, subprocess, sys, unicodedata

D, TD = dt.date, dt.timedelta
REGISTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'normalize', 'communes.csv')
EXAM_YEAR = 2025
W0, W1 = D(2022, 9, 1), D(2025, 7, 1)                      # window [W0, W1)
YEARS = {10: (D(2022, 9, 1), D(2023, 9, 1)), 11: (D(2023, 9, 1), D(2024, 9, 1)), 12: (D(2024, 9, 1), D(2025, 7, 1))}
RANK = {'KV1': 3, 'KV2-NT': 2, 'KV2': 1, 'KV3': 0}
AREA = {v: k for k, v in RANK.items()}
TICKS = ['x', 'X', '1', 'có', 'Có', 'co', 'Yes', 'YES', 'TRUE', 'true', '✓', '✔']
NONTICKS = ['0', 'no', '', 'không', 'No', 'false', '']
CHECKED = ('PRIORITY_AREA_', 'RESIDENCE_', 'SCHOOL_', 'CLAIM_', 'POLICY_GROUP_')
CPA = {'PRIORITY_AREA_UNSUPPORTED', 'RESIDENCE_TOO_SHORT', 'AREA_DECLARED_INVALID', 'SCHOOL_AREA_LOWER', 'SCHOOL_NOT_IN_LIST',
       'SCHOOL_MISSING', 'RESIDENCE_CLAIM_UNSUPPORTED', 'CLAIM_SPAN_DIFFERS', 'CLAIM_SPAN_INVALID', 'POLICY_GROUP_UNSUPPORTED'}
CRES = {'RESIDENCE_HISTORY_MISSING', 'RESIDENCE_GAP'}
# the second readings of sentences the README leaves open (see the report)
ALT = {
    'policy_gives_kv1': 'policy_01 holding also gives KV1 (README says what kv1/dbkk give, not policy_01)',
    'policy_too_short': 'POLICY_GROUP_UNSUPPORTED also carries RESIDENCE_TOO_SHORT',
    'hm_also_unsupported': 'no history: the claims/policy also get *_UNSUPPORTED besides RESIDENCE_HISTORY_MISSING',
    'hm_always': 'no history: RESIDENCE_HISTORY_MISSING even when no exception is invoked',
    'hm_if_needed': 'no history: RESIDENCE_HISTORY_MISSING only when the school area alone does not support the declared one',
    'gap_always': 'RESIDENCE_GAP whenever the history has a gap, exception or not',
    'span_skip_no_history': 'the span is not checked when the history is missing',
    'span_grace_end_only': 'the one day of grace is only the last day',
    'span_empty_unchecked': 'a ticked claim with both span dates empty is not CLAIM_SPAN_INVALID (README leans primary: "a date missing")',
    'span_each_kind': 'both claims ticked: the span is checked against each kind on its own',
    'span_kv1_only': 'both claims ticked: the span is checked against KV1 only',
    'unreadable_counts': 'an unreadable school cell counts as a school (all of a row as one) in "most grades"',
    'area_from_listed_grade': 'deciding school unlisted in its last grade: its area in an earlier listed grade',
    'partial_not_listed': 'a school listed for at most half of a school year is "lacked" that year',
    'code4_unreadable': 'a 4-digit combined cell (1018) with no province cannot be read',
    'five_with_prov_is_code': 'a 5-digit PPSSS cell beside its own province code is school PPSSS (README favours primary: "01018 ... one school")',
    'policy_1_not_01': 'policy group "1" is not "01"',
    'too_short_any': 'PRIORITY_AREA_UNSUPPORTED with RESIDENCE_TOO_SHORT as in the residence rule',
    'kinh_reads_no_history': 'group 01 of a person recorded as Kinh/foreign reads no history: no RESIDENCE_HISTORY_MISSING / RESIDENCE_GAP of its own',
    'eth_code_two_digits': 'an ethnicity code is read only as two digits (1, 8 are none of the codes: not checked)',
    'eth_foreign_name_unread': 'an ethnicity written "Người nước ngoài" is none of the values (README, before it named it)',
    'eth_kinh_prefix_unread': '"Dân tộc Kinh", "Người Kinh" are not Kinh (README gives the prefix for the minorities\' names)',
    'eth_joined_unread': 'a name written joined where the list has a hyphen or space (Êđê, Bana) is none of the names',
}
REF = {
    'PRIORITY_AREA_SUPPORTED': 'The declared area the entitled one or worse is PRIORITY_AREA_SUPPORTED; better (or nothing entitled) is PRIORITY_AREA_UNSUPPORTED',
    'SCHOOL_AREA_LOWER': '... with SCHOOL_AREA_LOWER when the school area is known and worse than the declared one.',
    'SCHOOL_NOT_IN_LIST': "A grade's school the list lacks that year, or a cell that cannot be read, is SCHOOL_NOT_IN_LIST; no school for any grade is SCHOOL_MISSING. / Codes are compared as numbers where they are digits: 01/018, 1/18 (a spreadsheet's loss) and a combined 01-018 or 01018 are one school.",
    'RESIDENCE_CLAIM_UNSUPPORTED': 'A ticked claim not borne out is RESIDENCE_CLAIM_UNSUPPORTED (with RESIDENCE_TOO_SHORT when the candidate did live in such a commune in the window, not long enough)',
    'POLICY_GROUP_UNSUPPORTED': 'policy_01 — doi_tuong_uu_tien = 01 holds on the same test as kv1, for a citizen of an ethnic minority: ... a person it records as Kinh (01, Kinh) or foreign (55) does not hold it, whatever the residence (then POLICY_GROUP_UNSUPPORTED even without a history); a minority (codes 02–54, or the General Statistics Office list\'s names, with or without accents, hyphens or a Dân tộc/Người prefix ...) is checked on the residence alone; a cell that is empty or none of these is not checked for that person. / policy group 01 not borne out, POLICY_GROUP_UNSUPPORTED',
    'RESIDENCE_HISTORY_MISSING': 'Without any permanent residence in the window, an exception needed is RESIDENCE_HISTORY_MISSING; RESIDENCE_GAP is said when an exception read the history.',
    'CLAIM_SPAN_DIFFERS': "its days from tt_tu_ngay to tt_den_ngay (both included) must be days of permanent residence in a commune of the claimed kind; more than one day that is not (one day's grace ...) is CLAIM_SPAN_DIFFERS, a span that cannot be read (a date missing or invalid, the last before the first) CLAIM_SPAN_INVALID",
    'AREA_DECLARED_INVALID': 'AREA_DECLARED_INVALID when the declared area is none of the four (read leniently: KV 1, kv2nt, Khu vực 2-NT), which is then not judged.',
    'S': 'The entitled area is the best of the school area and what the exceptions that hold give; supported_area holds it. / the school attended for most grades decides ...; on a tie the one attended last; its area in the last grade there. / its area that year is the area of the list\'s stretch covering most of the year (on a tie the later)',
    'action': 'Actions: check_priority_area | a linked row (exam) with PRIORITY_AREA_UNSUPPORTED, ..., POLICY_GROUP_UNSUPPORTED; then check_residence (RESIDENCE_HISTORY_MISSING, RESIDENCE_GAP, ...); none otherwise',
}
REF.update({k: REF[v] for k, v in [('PRIORITY_AREA_UNSUPPORTED', 'PRIORITY_AREA_SUPPORTED'), ('SCHOOL_MISSING', 'SCHOOL_NOT_IN_LIST'),
            ('RESIDENCE_TOO_SHORT', 'RESIDENCE_CLAIM_UNSUPPORTED'), ('RESIDENCE_GAP', 'RESIDENCE_HISTORY_MISSING'), ('CLAIM_SPAN_INVALID', 'CLAIM_SPAN_DIFFERS')]})

def add_months(d, k):
    """Civil Code 2015 Art. 148: the same day of the month, else the month's last day."""
    y, m = divmod(d.month - 1 + k, 12)
    return D(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))

def fmt(d):
    return d.strftime('%d/%m/%Y')

def fold(s):
    s = unicodedata.normalize('NFD', (s or '').replace('đ', 'd').replace('Đ', 'D'))
    return ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower().strip()

def is_tick(s):
    return fold(s) in ('x', '1', 'co', 'yes', 'true') or (s or '').strip() in ('✓', '✔', '☑', '✅')

def read_declared(v):
    s = fold(v).replace('khu vuc', 'kv').replace(' ', '').replace('-', '').replace('_', '')
    return {'kv1': 'KV1', 'kv2nt': 'KV2-NT', 'kv2': 'KV2', 'kv3': 'KV3'}.get(s)

# the General Statistics Office's list of Vietnam's ethnic groups, 02-54 (01 Kinh, 55 foreign), with the names in use beside it
MINORITIES = ['Tày', 'Thái', 'Hoa', 'Khơ-me', 'Mường', 'Nùng', "H'Mông", 'Mông', 'Dao', 'Gia-rai', 'Ngái', 'Ê-đê', 'Ba-na', 'Xơ-đăng',
              'Sán Chay', 'Cơ-ho', 'Chăm', 'Sán Dìu', 'Hrê', 'Mnông', 'Ra-glai', 'Xtiêng', 'Bru-Vân Kiều', 'Thổ', 'Giáy', 'Cơ-tu',
              'Gié-Triêng', 'Mạ', 'Khơ-mú', 'Co', 'Tà-ôi', 'Chơ-ro', 'Kháng', 'Xinh-mun', 'Hà Nhì', 'Chu-ru', 'Lào', 'La Chí', 'La Ha',
              'Phù Lá', 'La Hủ', 'Lự', 'Lô Lô', 'Chứt', 'Mảng', 'Pà Thẻn', 'Cờ Lao', 'Cống', 'Bố Y', 'Si La', 'Pu Péo', 'Brâu', 'Ơ-đu', 'Rơ-măm']

def ethnic_key(s, joined=True):
    """A name folded (case, accents), apostrophes dropped; hyphens and spaces dropped too, or (joined=False) one space."""
    s = fold(s).replace("'", '').replace('’', '').replace('-', ' ')
    return s.replace(' ', '') if joined else ' '.join(s.split())

def read_ethnicity(v, flags=frozenset()):
    """The base's dan_toc read as README's policy_01 says: 'kinh', 'foreign', 'minority', or None (empty, none of these, or
    no column: not checked)."""
    s = (v or '').strip()
    if s.isdigit():
        k = int(s) if len(s) == 2 or 'eth_code_two_digits' not in flags else None
        return 'kinh' if k == 1 else 'foreign' if k == 55 else 'minority' if k and 2 <= k <= 54 else None
    joined = 'eth_joined_unread' not in flags
    f, prefixed = ethnic_key(s, joined=False), False
    for pre in ('dan toc ', 'nguoi '):
        if f.startswith(pre):
            f, prefixed = f[len(pre):], True
    f = f.replace(' ', '') if joined else f
    if f == 'kinh':
        return None if prefixed and 'eth_kinh_prefix_unread' in flags else 'kinh'
    if f == ethnic_key('nước ngoài', joined):
        return None if 'eth_foreign_name_unread' in flags else 'foreign'
    return 'minority' if f in {ethnic_key(m, joined) for m in MINORITIES} else None

def parse_span_date(s):
    try:
        return dt.datetime.strptime((s or '').strip(), '%d/%m/%Y').date()
    except ValueError:
        return None

def qualify(ords):
    """ords: set of day ordinals. More than 18 months (stretches' calendar months + leftovers / 30)?"""
    if not ords:
        return False
    days = sorted(ords)
    months = left = 0
    st = prev = days[0]
    for x in days[1:] + [None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        sd, e, k = D.fromordinal(st), prev + 1, 0
        while add_months(sd, k + 1).toordinal() <= e:
            k += 1
        months += k
        left += e - add_months(sd, k).toordinal()
        if x is not None:
            st = prev = x
    return months * 30 + left > 18 * 30

# ----------------------------------------------------------------------------------------------
# the world: priority areas, schools, histories (module globals, filled by the generator)
AREAS = {}      # commune -> [(from, to or None, area, dbkk)]
SCH = {}        # (int province, int school) -> [(from, to or None, area, boarding)]

def area_at(c, d):
    for s, e, a, m in AREAS.get(c, ()):
        if s <= d and (e is None or d < e):
            return RANK[a], m
    return 0, False

def window_map(perm):
    m = {}
    for c, s, e in perm:
        for o in range(max(s, W0).toordinal(), min(e or W1, W1).toordinal()):
            r, k = area_at(c, D.fromordinal(o))
            pr, pk = m.get(o, (-1, False))
            m[o] = (max(pr, r), pk or k)
    return m

def kind_day(perm, d, kind):
    for c, s, e in perm:
        if s <= d and (e is None or d < e):
            r, k = area_at(c, d)
            if (kind == 'kv1' and r == 3) or (kind == 'dbkk' and k):
                return True
    return False

def parse_school(p, s, flags):
    p, s = (p or '').strip(), (s or '').strip()
    # README: "a code may hold letters (C3A), read in upper case" (settled 2026-12-06)
    code = lambda c: int(c) if c.isdigit() else c.upper() if c.isascii() and c.isalnum() else None
    if '-' in s:
        a = s.split('-')
        if len(a) == 2 and a[0].isdigit() and code(a[1]) is not None and (not p or (p.isdigit() and int(p) == int(a[0]))):
            return int(a[0]), code(a[1])
        return None
    if not s.isdigit():
        return (int(p), code(s)) if p.isdigit() and code(s) is not None else None
    if p and len(s) in (4, 5) and p.isdigit() and 'five_with_prov_is_code' not in flags:
        # README: a combined cell beside its own province; beside another province's, unreadable
        return (int(p), int(s[-3:])) if int(s[:-3]) == int(p) else None
    if p:
        return (int(p), int(s)) if p.isdigit() else None
    if len(s) == 5:
        return int(s[:2]), int(s[2:])
    if len(s) == 4 and 'code4_unreadable' not in flags:
        return int(s[0]), int(s[1:])
    return None

def school_year(key, g, flags):
    y0, y1 = YEARS[g]
    best, tot = None, 0
    for s, e, a, mark in SCH.get(key, ()):
        ov = (min(e or y1, y1) - max(s, y0)).days
        if ov > 0:
            tot += ov
            if best is None or (ov, s) >= (best[0], best[1]):
                best = (ov, s, a, mark)
    if best is None or ('partial_not_listed' in flags and 2 * tot <= (y1 - y0).days):
        return None
    return best[2], best[3]

def expected(row, perm, flags=frozenset(), wm=None, eth=None):
    """(reasons, supported_area, notes) for one exam row under the README (flags: ALT readings; eth: the base's dan_toc,
    None without the column)."""
    R, notes = set(), []
    declared = read_declared(row['khu_vuc_uu_tien'])
    if declared is None:
        R.add('AREA_DECLARED_INVALID')
    # schools
    grades, given = {}, False
    for g in (10, 11, 12):
        p, s = row[f'ma_tinh_lop{g}'], row[f'ma_truong_lop{g}']
        if not p.strip() and not s.strip():
            continue
        given = True
        key = parse_school(p, s, flags)
        if key is None:
            R.add('SCHOOL_NOT_IN_LIST')
            if 'unreadable_counts' in flags:
                grades[g] = ('?',)   # the README: unreadable cells count for none
            continue
        grades[g] = key
        if school_year(key, g, flags) is None:
            R.add('SCHOOL_NOT_IN_LIST')
    if not given:
        R.add('SCHOOL_MISSING')
    school_area, mark, listed = None, False, False
    if grades:
        cnt = collections.Counter(grades.values())
        last = {k: max(g for g, v in grades.items() if v == k) for k in cnt}
        dec = max(cnt, key=lambda k: (cnt[k], last[k]))
        info = school_year(dec, last[dec], flags) if dec[0] != '?' else None
        if info is None and 'area_from_listed_grade' in flags and dec[0] != '?':
            for g in sorted((g for g, v in grades.items() if v == dec), reverse=True):
                info = info or school_year(dec, g, flags)
        if info:
            school_area, mark = info
            listed = True
        notes.append(f'deciding={dec} grade={last[dec]} area={school_area}')
    # exceptions
    perm = [(c, s, e) for c, s, e in perm if e is None or e > s]
    has_hist = any(s < W1 and (e is None or e > W0) for c, s, e in perm)
    wm = window_map(perm) if wm is None else wm
    # README: the list's noi_tru mark outweighs the tick for a deciding school it lists that year
    boarding = mark if listed else is_tick(row['noi_tru'])
    kv1c, dbkkc = is_tick(row['tt_kv1_18_thang']), is_tick(row['tt_xa_dbkk_18_thang'])
    pol = row['doi_tuong_uu_tien'].strip()
    pol01 = pol == '01' or (pol == '1' and 'policy_1_not_01' not in flags)
    ethnicity = read_ethnicity(eth, flags)
    not_minority = pol01 and ethnicity in ('kinh', 'foreign')     # README: group 01 not held, whatever the residence
    invoked = boarding or kv1c or dbkkc or (pol01 and not (not_minority and 'kinh_reads_no_history' in flags))
    gives = []
    kv1days = {o for o, (r, k) in wm.items() if r == 3}
    dbkkdays = {o for o, (r, k) in wm.items() if k}
    if not has_hist:
        needed = not ('hm_if_needed' in flags and school_area and declared and RANK[declared] <= RANK[school_area])
        if (invoked and needed) or 'hm_always' in flags:
            R.add('RESIDENCE_HISTORY_MISSING')
        if invoked and 'hm_also_unsupported' in flags:
            R |= {'RESIDENCE_CLAIM_UNSUPPORTED'} if kv1c or dbkkc else set()
            R |= {'POLICY_GROUP_UNSUPPORTED'} if pol01 else set()
        if not_minority:      # README: "then POLICY_GROUP_UNSUPPORTED even without a history"
            R.add('POLICY_GROUP_UNSUPPORTED')
    else:
        if invoked or 'gap_always' in flags:
            fo = max(min(s for c, s, e in perm), W0).toordinal()
            if any(o not in wm for o in range(fo, W1.toordinal())):
                R.add('RESIDENCE_GAP')
        if boarding:
            for t in (3, 2, 1, 0):
                if qualify({o for o, (r, k) in wm.items() if r >= t}):
                    gives.append(AREA[t])
                    break
        kv1ok = qualify(kv1days)
        for claimed, days in ((kv1c, kv1days), (dbkkc, dbkkdays)):
            if claimed:
                if qualify(days):
                    gives.append('KV1')
                else:
                    R.add('RESIDENCE_CLAIM_UNSUPPORTED')
                    if days:
                        R.add('RESIDENCE_TOO_SHORT')
        if pol01 and kv1ok and not not_minority and 'policy_gives_kv1' in flags:
            gives.append('KV1')
        if pol01 and (not kv1ok or not_minority):
            R.add('POLICY_GROUP_UNSUPPORTED')
            if not kv1ok and kv1days and 'policy_too_short' in flags:
                R.add('RESIDENCE_TOO_SHORT')
    # the span written
    kinds = [k for k, c in (('kv1', kv1c), ('dbkk', dbkkc)) if c]
    tu, den = row['tt_tu_ngay'].strip(), row['tt_den_ngay'].strip()
    if kinds and not (not has_hist and 'span_skip_no_history' in flags) and not (not tu and not den and 'span_empty_unchecked' in flags):
        a, b = parse_span_date(tu), parse_span_date(den)
        if a is None or b is None or b < a:
            R.add('CLAIM_SPAN_INVALID')
        else:
            groups = [[k] for k in kinds] if 'span_each_kind' in flags else [['kv1']] if 'span_kv1_only' in flags and len(kinds) == 2 else [kinds]
            for ks in groups:
                bad = [o for o in range(a.toordinal(), b.toordinal() + 1)
                       if not any(kind_day(perm, D.fromordinal(o), k) for k in ks)]
                if len([o for o in bad if o != b.toordinal()] if 'span_grace_end_only' in flags else bad[1:]):
                    R.add('CLAIM_SPAN_DIFFERS')
                notes.append(f'span_bad_days[{"+".join(ks)}]={len(bad)}')
    ent = max([school_area] + gives, key=lambda a: RANK[a] if a else -1)
    if declared is not None:
        if (ent and RANK[declared] <= RANK[ent]) or declared == 'KV3':   # README: KV3 asks for nothing
            R.add('PRIORITY_AREA_SUPPORTED')
        else:
            R.add('PRIORITY_AREA_UNSUPPORTED')
            if school_area and RANK[school_area] < RANK[declared]:
                R.add('SCHOOL_AREA_LOWER')
            if 'too_short_any' in flags and any(r >= RANK[declared] for r, k in wm.values()):
                R.add('RESIDENCE_TOO_SHORT')
    notes.append(f'gives={gives} kv1_days={len(kv1days)} dbkk_days={len(dbkkdays)} hist={has_hist} ethnicity={ethnicity}')
    return R, ent or '', notes

def expected_action(R):
    return 'check_priority_area' if R & CPA else 'check_residence' if R & CRES else 'none'

# ----------------------------------------------------------------------------------------------
# generation
SUR = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh']
MID = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thu', 'Quốc', 'Thanh', 'Đức', 'Kim']
GIV = ['Hùng', 'Lan', 'Tuấn', 'Hương', 'Nam', 'Linh', 'Hải', 'Trang', 'Phong', 'Thảo', 'Khoa', 'Ngân', 'Bình', 'Yến', 'Sơn', 'Vy']
PROVS = ['01', '02', '04', '08', '12', '17', '26', '29', '31', '38', '48', '55']   # the exam's province codes used

class Gen:
    def __init__(self, seed):
        self.rng = rng = random.Random(seed)
        reg = list(csv.DictReader(l for l in open(REGISTER, encoding='utf-8') if not l.startswith('#')))
        new = {r['commune'] for r in reg if r['era'] == 'new'}     # old-era codes no new commune took (or kept as is)
        self.prov = {r['commune']: r['province'] for r in reg if r['era'] == 'old' and (r['commune'] not in new or r['into'] == r['commune'])}
        self.codes = iter(rng.sample(sorted(self.prov), len(self.prov)))
        # (rank, dbkk) -> communes of a constant area; tag -> communes whose area or mark changes
        self.pool, self.chg, b18 = collections.defaultdict(list), collections.defaultdict(list), add_months(W0, 18)
        for _ in range(1400):
            c, a = next(self.codes), rng.choices(list(RANK), [30, 25, 20, 25])[0]
            m = rng.random() < (0.4 if a == 'KV1' else 0.15 if a == 'KV2-NT' else 0.02)
            AREAS[c] = [(D(1990, 1, 1), None, a, m)]
            self.pool[(RANK[a], m)].append(c)
        for d in (-1, 0, 1, 2, 31):
            for _ in range(6):       # KV1 (marked or not) up to W0 + 18 months + d, then KV2
                c = next(self.codes)
                m = rng.random() < 0.5
                AREAS[c] = [(D(1990, 1, 1), b18 + TD(d), 'KV1', m), (b18 + TD(d), None, 'KV2', False)]
                self.chg['kv1_until'].append(c)
                c = next(self.codes)     # KV2-NT marked until then, unmarked after
                AREAS[c] = [(D(1990, 1, 1), b18 + TD(d), 'KV2-NT', True), (b18 + TD(d), None, 'KV2-NT', False)]
                self.chg['dbkk_until'].append(c)
        for _ in range(60):
            c, x, (a, b) = next(self.codes), D(2021, 1, 1) + TD(rng.randint(0, 1600)), rng.sample(list(RANK), 2)
            AREAS[c] = [(D(1990, 1, 1), x, a, rng.random() < 0.3), (x, None, b, rng.random() < 0.3)]
            self.chg['random'].append(c)
        self.absent = [next(self.codes) for _ in range(80)]    # not in the list: KV3
        self.make_schools()

    def make_schools(self):
        rng = self.rng
        self.listed, self.special = [], collections.defaultdict(list)
        for p in PROVS:
            for k in range(1, 31):
                key = (int(p), rng.randint(1, 140) if k > 3 else k * 9)   # codes 009/018/027 in every province
                if key in SCH:
                    continue
                kind = rng.choices(['const', 'board', 'change', 'tie', 'three', 'closed', 'opened', 'partial'],
                                   [55, 8, 12, 3, 4, 6, 6, 4])[0]
                a, b, c = (rng.choice(list(RANK)) for _ in range(3))
                a = rng.choice(['KV1', 'KV1', 'KV2-NT']) if kind == 'board' else a
                old, x = D(2000, 1, 1), rng.choice([D(2023, 9, 1), D(2024, 9, 1), D(2023, 1, 1), D(2024, 1, 1), D(2025, 1, 1)]) + TD(rng.randint(-5, 5))
                st = {'const': [(old, None, a, False)], 'board': [(old, None, a, True)], 'change': [(old, x, a, False), (x, None, b, False)],
                      'tie': [(old, D(2024, 3, 2), a, False), (D(2024, 3, 2), None, b, False)],      # grade 11's 366 days: 183 / 183
                      'three': [(old, D(2023, 11, 1), a, False), (D(2023, 11, 1), D(2024, 5, 1), b, False), (D(2024, 5, 1), None, c, False)],
                      'closed': [(old, D(2024, 9, 1), a, False)], 'opened': [(D(2023, 9, 1), None, a, False)],
                      'partial': [(old, D(2025, 1, 1), a, False)]}[kind]                              # partial: 122 of grade 12's 303 days
                SCH[key] = st
                self.listed.append(key)
                self.special[kind].append(key)
                if kind in ('closed', 'partial'):     # a new code from then on, as MOET does
                    k2 = (int(p), 500 + len(self.special['succ']))
                    SCH[k2] = [(st[0][1], None, b, False)]
                    self.special['succ'].append(k2)

    def pick_school(self):
        rng, r, kind = self.rng, self.rng.random(), self.rng.choice(list(self.special))
        return ('nolist', (int(rng.choice(PROVS + ['63'])), rng.randint(900, 999))) if r < 0.06 else ('unreadable', None) if r < 0.09 \
            else (kind, rng.choice(self.special[kind])) if r < 0.35 else ('listed', rng.choice(self.listed))

    def cells(self, key):
        """(ma_tinh, ma_truong, style) as a candidate would write them."""
        rng = self.rng
        if key is None:
            return rng.choice([('01', 'abc', 'unreadable'), ('', 'T18', 'unreadable'), ('', '01-0A8', 'unreadable'), ('29', '1.8', 'unreadable')])
        p, s = f'{key[0]:02d}', f'{key[1]:03d}'
        st = rng.choices(['clean', 'damaged', 'dash', 'five', 'four', 'dash_prov', 'five_prov'], [60, 12, 8, 8, 6, 4, 3])[0]
        if st == 'four' and key[0] >= 10:
            st = 'clean'
        return {'clean': (p, s), 'damaged': (str(key[0]), str(key[1])), 'dash': ('', f'{p}-{s}'), 'five': ('', p + s),
                'four': ('', f'{key[0]}{s}'), 'dash_prov': (p, f'{p}-{s}'), 'five_prov': (p, p + s)}[st] + (st,)

    # -- histories: list of (commune, from, to) permanent periods, + temporary ones
    def commune(self, want=None):
        rng = self.rng
        if want:
            return rng.choice(self.pool[{'kv1': (3, rng.random() < 0.5), 'dbkk': (rng.choice([3, 2]), True), 'low': (rng.choice([0, 1]), False)}[want]])
        r = rng.random()
        return rng.choice(self.absent if r < 0.05 else self.chg[rng.choice(list(self.chg))] if r < 0.15 else self.pool[rng.choice(list(self.pool))])

    def history(self, dob):
        rng = self.rng
        C = self.commune
        sc = rng.choices(['stable', 'move', 'boundary', 'two_stretch', 'list_change', 'gap', 'late_start', 'missing', 'tam_kv1', 'overlap'],
                         [14, 10, 18, 10, 8, 8, 5, 8, 5, 6])[0]
        perm, tam = [], []
        if sc in ('stable', 'late_start'):
            perm = [(C(), dob if sc == 'stable' else W0 + TD(rng.randint(0, 650)), None)]
        elif sc == 'move':
            m = D(2021, 1, 1) + TD(rng.randint(0, 1640))
            perm = [(C(), dob, m), (C(), m, None)]
        elif sc == 'boundary':
            h = C(rng.choice(['kv1', 'dbkk']))
            v = rng.random()
            s = W0 if v < 0.2 else D(2021, rng.randint(1, 12), rng.randint(1, 28)) if v < 0.35 else \
                rng.choice([D(2022, 10, 31), D(2022, 12, 31), D(2023, 1, 31), D(2023, 3, 31), D(2023, 8, 31), D(2022, 11, 30)]) if v < 0.6 \
                else W0 + TD(rng.randint(0, 425))
            e = add_months(max(s, W0), 18) + TD(rng.choice([-1, 0, 0, 1, 1, 2, 31]))
            perm = [(C('low'), dob, s), (h, s, e), (C('low'), e, None)]
        elif sc == 'two_stretch':
            kind, m1, s1 = rng.choice(['kv1', 'dbkk']), rng.randint(4, 12), W0 + TD(rng.randint(0, 120))
            tm, tl = rng.choice([(17, 29), (17, 30), (17, 31), (17, 32), (18, 0), (18, 1)])   # months, leftover days in all
            l1 = rng.randint(max(0, tl - 27), min(27, tl))
            e1 = add_months(s1, m1) + TD(l1)
            s2 = e1 + TD(rng.randint(1, 60))
            e2 = add_months(s2, tm - m1) + TD(tl - l1)
            perm = [(C('low'), dob, s1), (C(kind), s1, e1), (C('low'), e1, s2), (C(kind), s2, e2), (C('low'), e2, None)]
        elif sc == 'list_change':
            perm = [(rng.choice(self.chg[rng.choice(['kv1_until', 'kv1_until', 'dbkk_until'])]), dob, None)]
        elif sc == 'gap':
            g1 = W0 + TD(rng.randint(0, 1000))
            g2 = g1 + TD(rng.choice([1, 2, 30, 200])) if rng.random() < 0.8 else None
            perm = [(C(), dob, g1)] + ([(C(), g2, None)] if g2 else [])
        elif sc == 'missing':
            v = rng.random()     # none; ended before the window; begun at its end; temporary only
            perm, tam = ([] if v < 0.4 else [(C(), dob, W0)] if v < 0.6 else [(C(), W1, None)] if v < 0.75 else []), ([(C('kv1'), dob, None)] if v >= 0.75 else [])
        elif sc == 'tam_kv1':
            perm, tam = [(C('low'), dob, None)], [(C('kv1'), D(2021, 1, 1), None)]
        elif sc == 'overlap':
            s = W0 + TD(rng.randint(-300, 500))
            perm = [(C(), dob, None), (C('kv1'), s, s + TD(rng.randint(30, 900)))]
        if rng.random() < 0.2:      # a temporary stay in KV1: never counted
            tam.append((C('kv1'), D(2021, 1, 1) + TD(rng.randint(0, 1000)), None))
        return sc, perm, tam

    def span(self, kind, perm, wm):
        """(tu, den, how) for a ticked claim of this kind."""
        rng = self.rng
        days = sorted(o for o, (r, k) in wm.items() if (r == 3 if kind == 'kv1' else k))
        starts = [o for i, o in enumerate(days) if i == 0 or days[i - 1] != o - 1]
        ends = [o + 1 for i, o in enumerate(days) if i + 1 == len(days) or days[i + 1] != o + 1]
        runs = list(zip(starts, ends))
        a, b = max(runs, key=lambda r: r[1] - r[0]) if runs else (W0.toordinal(), add_months(W0, 19).toordinal())
        A, B = D.fromordinal(a), D.fromordinal(b)
        how = rng.choices(['exact', 'end+1', 'start-1', 'off2', 'months', 'before_window', 'feb31', 'one_empty', 'reversed', 'both_empty'],
                          [30, 12, 8, 10, 8, 6, 6, 6, 6, 3])[0]
        L = B - TD(1)
        t, d = {'exact': (A, L), 'end+1': (A, B), 'start-1': (A - TD(1), L), 'off2': (A, B + TD(1)),
                'months': (A - TD(rng.choice([60, 90, 120])), L), 'before_window': (min(A, D(2021, 9, 1)), L)}.get(how, (A, L))
        t, d = fmt(t), fmt(d)
        return {'feb31': ('31/02/2023', d), 'one_empty': rng.choice([(t, ''), ('', d)]), 'reversed': (d, t), 'both_empty': ('', '')}.get(how, (t, d)) + (how,)

def generate(g, n):
    rng = g.rng
    persons, rows, hist, meta = [], [], {}, []
    ids = set()
    while len(persons) < n + 1500:      # candidates born in 2007 first, then others
        y = 2007 if len(persons) < n else rng.randint(1950, 2015)
        male = rng.random() < 0.5
        pid = f"{rng.choice(['001', '031', '038', '048', '079', '092'])}{(0 if y < 2000 else 2) + (0 if male else 1)}{y % 100:02d}{rng.randint(0, 999999):06d}"
        if pid not in ids:
            ids.add(pid)
            persons.append(dict(id=pid, name=f'{rng.choice(SUR)} {rng.choice(MID)} {rng.choice(MID)} {rng.choice(GIV)}',
                                dob=D(y, 1, 1) + TD(rng.randint(0, 364)), sex='Nam' if male else 'Nữ'))
    for i, p in enumerate(persons[:n]):
        sc, perm, tam = g.history(p['dob'])
        hist[p['id']] = (perm, tam)
        wm = window_map(perm)
        pat = rng.choices(['AAA', 'AAB', 'ABA', 'BAA', 'ABB', 'ABC', 'A_B', 'AB_', '_AB', 'A__', '__A', '_A_', 'AA_', '_AA', 'A_A', '___'],
                          [28, 6, 5, 6, 6, 8, 4, 4, 3, 3, 3, 2, 3, 3, 3, 4])[0]
        sch = {x: g.pick_school() for x in 'ABC'}
        if sch['A'][1] and rng.random() < 0.15:     # B: A's school code in another province
            sch['B'] = 'other_prov', (int(rng.choice([q for q in PROVS if int(q) != sch['A'][1][0]])), sch['A'][1][1])
        row = dict(so_bao_danh=f'{20000000 + i * 3:08d}', ho_ten=p['name'], ngay_sinh=fmt(p['dob']), gioi_tinh=p['sex'], so_cccd=p['id'])
        styles = []
        for g_, letter in zip((10, 11, 12), pat):
            pc, sc_, st = g.cells(sch[letter][1]) if letter != '_' else ('', '', '')
            row[f'ma_tinh_lop{g_}'], row[f'ma_truong_lop{g_}'] = pc, sc_
            styles += [f'{g_}:{sch[letter][0]}/{st}'] if letter != '_' else []
        kv1c = rng.random() < (0.35 if any(r == 3 for r, k in wm.values()) else 0.08)
        dbkkc = rng.random() < (0.3 if any(k for r, k in wm.values()) else 0.06)
        row['tt_kv1_18_thang'] = rng.choice(TICKS) if kv1c else rng.choice(NONTICKS)
        row['tt_xa_dbkk_18_thang'] = rng.choice(TICKS) if dbkkc else rng.choice(NONTICKS)
        row['noi_tru'] = rng.choice(TICKS) if rng.random() < 0.1 else rng.choice(NONTICKS)
        row['tt_tu_ngay'], row['tt_den_ngay'], how = \
            g.span('kv1' if kv1c and (not dbkkc or rng.random() < 0.5) else 'dbkk', perm, wm) if kv1c or dbkkc else \
            rng.choice([('31/02/2023', ''), ('01/09/2022', '01/01/2021'), ('01/09/2022', '30/06/2025')]) + ('unticked',) if rng.random() < 0.15 \
            else ('', '', '-')      # unticked: a span written is never checked
        v = rng.random()
        row['doi_tuong_uu_tien'] = '01' if v < 0.11 else '1' if v < 0.12 else f'0{rng.randint(2, 7)}' if v < 0.25 else ''
        row['khu_vuc_uu_tien'] = 'KV3'
        _, E, _ = expected(row, perm, wm=wm)
        v = rng.random()
        better = [a for a in RANK if not E or RANK[a] > RANK[E]]
        worse = [a for a in RANK if E and RANK[a] < RANK[E]]
        decl = rng.choice(['KV5', '', 'KV4', 'Khu vực 5', 'KV0']) if 0.7 <= v < 0.8 else rng.choice(list(RANK)) if v >= 0.8 else \
            rng.choice(better) if 0.35 <= v < 0.6 and better else rng.choice(worse) if 0.6 <= v < 0.7 and worse else E or 'KV3'
        if decl in RANK and rng.random() < 0.15:
            decl = rng.choice({'KV1': ['KV 1', 'kv1', 'Khu vực 1'], 'KV2-NT': ['kv2nt', 'KV2NT', 'Khu vực 2-NT', 'KV 2-NT'],
                               'KV2': ['kv2', 'KV 2', 'Khu vực 2'], 'KV3': ['kv3', 'KV 3', 'Khu vực 3']}[decl])
        row['khu_vuc_uu_tien'] = decl
        rows.append(row)
        meta.append(dict(pid=p['id'], scenario=sc, pattern=pat, schools=' '.join(styles), span=how, wm=wm))
    return persons, rows, hist, meta

# the base's dan_toc: value -> weight among the base's persons (Kinh, foreign, minorities by code and by name, not checked)
ETH_VALUES = {
    'Kinh': 40, 'KINH': 3, 'kinh': 2, '01': 10, '1': 3, ' Kinh': 1, 'Dân tộc Kinh': 1, 'Người Kinh': 1,
    '55': 1, 'Người nước ngoài': 1,
    '02': 2, '08': 1, '8': 2, '12': 1, '23': 1, '54': 1,
    'Tày': 3, 'Tay': 1, 'TÀY': 1, 'dân tộc tày': 1, "H'Mông": 2, 'Mông': 2, 'Hmông': 1, 'Ê Đê': 1, 'Ê-đê': 1, 'Êđê': 1, 'Ede': 1,
    'Khơ-me': 1, 'Khơ me': 1, 'Dân tộc Dao': 1, 'Người Mường': 1, 'Thái': 2, 'Nùng': 1, 'Hoa': 1, 'Gia Rai': 1, 'Ba Na': 1, 'Bana': 1,
    'Xơ Đăng': 1, 'Sán Dìu': 1, 'Chăm': 1, 'Bru Van Kieu': 1, 'Hà Nhì': 1, 'Pà Thẻn': 1, 'Ơ Đu': 1, 'Rơ Măm': 1, 'Co': 1,
    '': 5, '?': 1, 'không rõ': 1, '56': 1, '0': 1, '00': 1, 'Khác': 1,
}
ETH_JUNK_WORDS = {'không rõ', 'Khác'}      # values with letters that are no ethnicity (and common words: not searched for in the outputs)

def policy_cases(g, seed, persons, rows, hist, meta):
    """Every base person gets a dan_toc value; then extra candidates write policy group 01 (or 1) with every value, each with
    the window in KV1, exactly 18 months of it, none, KV1 with a gap, or no history in the window. A random stream of their
    own: the rows generate() makes stay the same."""
    rng = random.Random(f'ethnicity {seed}')
    for p in persons:
        p['eth'] = rng.choices(list(ETH_VALUES), list(ETH_VALUES.values()))[0]
    ids = {p['id'] for p in persons}
    kv1 = lambda: rng.choice(g.pool[(3, rng.random() < 0.5)])
    low = lambda: rng.choice(g.pool[(rng.choice([0, 1]), False)])
    for value in ETH_VALUES:
        for res in ('kv1', 'kv1_18m', 'low', 'kv1_gap', 'none'):
            male = rng.random() < 0.5
            pid = None
            while pid is None or pid in ids:
                pid = f"{rng.choice(['001', '038', '079'])}{2 if male else 3}07{rng.randint(0, 999999):06d}"
            ids.add(pid)
            dob = D(2007, 1, 1) + TD(rng.randint(0, 364))
            s = W0 + TD(rng.randint(0, 300))
            g1 = W0 + TD(rng.randint(100, 600))
            perm = {'kv1': [(kv1(), dob, None)], 'kv1_18m': [(low(), dob, s), (kv1(), s, add_months(s, 18)), (low(), add_months(s, 18), None)],
                    'low': [(low(), dob, None)], 'kv1_gap': [(kv1(), dob, g1), (kv1(), g1 + TD(rng.choice([1, 10, 40])), None)],
                    'none': rng.choice([[], [(kv1(), dob, W0)]])}[res]
            persons.append(dict(id=pid, name=f'{rng.choice(SUR)} {rng.choice(MID)} {rng.choice(GIV)}', dob=dob, sex='Nam' if male else 'Nữ', eth=value))
            hist[pid] = (perm, [])
            key = rng.choice(g.special['const'])
            tick = res == 'kv1' and rng.random() < 0.3       # with the KV1 claim too, its span the window
            row = dict(so_bao_danh=f'{20000000 + len(rows) * 3:08d}', ho_ten=persons[-1]['name'], ngay_sinh=fmt(dob), gioi_tinh=persons[-1]['sex'],
                       so_cccd=pid, khu_vuc_uu_tien=rng.choice(['KV3', SCH[key][0][2], 'KV1']), tt_kv1_18_thang='x' if tick else '',
                       tt_xa_dbkk_18_thang='', tt_tu_ngay=fmt(W0) if tick else '', tt_den_ngay=fmt(W1 - TD(1)) if tick else '', noi_tru='',
                       doi_tuong_uu_tien=rng.choice(['01', '01', '01', '1']))
            for g_ in (10, 11, 12):
                row[f'ma_tinh_lop{g_}'], row[f'ma_truong_lop{g_}'] = f'{key[0]:02d}', f'{key[1]:03d}'
            rows.append(row)
            meta.append(dict(pid=pid, scenario=f'policy_{res}', pattern='AAA', schools='10:const/clean 11:const/clean 12:const/clean',
                             span='exact' if tick else '-', wm=window_map(perm)))

EXAM_COLS = ['so_bao_danh', 'ho_ten', 'ngay_sinh', 'gioi_tinh', 'so_cccd', 'khu_vuc_uu_tien', 'ma_tinh_lop10', 'ma_truong_lop10',
             'ma_tinh_lop11', 'ma_truong_lop11', 'ma_tinh_lop12', 'ma_truong_lop12', 'tt_kv1_18_thang', 'tt_xa_dbkk_18_thang',
             'tt_tu_ngay', 'tt_den_ngay', 'noi_tru', 'doi_tuong_uu_tien']

def write(path, header, rows):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        csv.writer(f).writerows([header] + rows)

def write_all(g, wd, persons, rows, hist, ethnicity):
    rng = g.rng
    write(f'{wd}/base.csv', ['so_dinh_danh', 'ho_va_ten', 'ngay_sinh', 'gioi_tinh'] + ['dan_toc'] * ethnicity,
          [[p['id'], p['name'], fmt(p['dob']), p['sex']] + [p['eth']] * ethnicity for p in persons])
    hr = []
    for pid, (perm, tam) in hist.items():
        for kind, per in (('thuong_tru', perm), ('tam_tru', tam)):
            for c, s, e in per:
                hr.append([pid, g.prov[c], c, fmt(s), fmt(e) if e else '', kind])
    rng.shuffle(hr)
    write(f'{wd}/residence_base.csv', ['so_dinh_danh', 'ma_tinh', 'ma_xa', 'tu_ngay', 'den_ngay', 'loai_cu_tru'], hr)
    write(f'{wd}/priority_areas.csv', ['ma_xa', 'khu_vuc', 'tu_ngay', 'den_ngay', 'dbkk'],
          [[c, a, fmt(s), fmt(e) if e else '', rng.choice(['1', 'x', 'có', 'yes', 'true']) if m else rng.choice(['', '0', 'no'])]
           for c in sorted(AREAS) for s, e, a, m in AREAS[c]])
    write(f'{wd}/schools.csv', ['ma_tinh', 'ma_truong', 'ten_truong', 'khu_vuc', 'noi_tru', 'tu_ngay', 'den_ngay'],
          [[f'{k[0]:02d}', f'{k[1]:03d}', f'THPT Số {k[1]} tỉnh {k[0]}' if not m else f'PT DTNT Số {k[1]}', a, '1' if m else rng.choice(['0', '']),
            fmt(s) if s != D(2000, 1, 1) or rng.random() < 0.5 else '', fmt(e) if e else ''] for k in sorted(SCH) for s, e, a, m in SCH[k]])
    write(f'{wd}/exam.csv', EXAM_COLS, [[r[c] for c in EXAM_COLS] for r in rows])

# ----------------------------------------------------------------------------------------------
def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f'doisoat exited {p.returncode}')
    return p.stdout + p.stderr

def main():
    ap = argparse.ArgumentParser()
    for k, v in (('--seed', 1), ('--work', '/tmp/school_check'), ('--bin', '/tmp/doisoat-s25a'), ('--n', 2400), ('--examples', 3)):
        ap.add_argument(k, type=type(v), default=v)
    ap.add_argument('--no-ethnicity', action='store_true', help="the base without its dan_toc column")
    a = ap.parse_args()
    g = Gen(a.seed)
    persons, rows, hist, meta = generate(g, a.n)
    policy_cases(g, a.seed, persons, rows, hist, meta)
    eth_of = {} if a.no_ethnicity else {p['id']: p['eth'] for p in persons}
    for m in meta:
        m['eth'] = eth_of.get(m['pid'])
    wd = os.path.join(a.work, f'seed{a.seed}' + '-noeth' * a.no_ethnicity)
    os.makedirs(wd, exist_ok=True)
    write_all(g, wd, persons, rows, hist, not a.no_ethnicity)
    out = f'{wd}/out'
    log = run(a.bin, ['reconcile', '--base', f'{wd}/base.csv', '--input', f'{wd}/exam.csv', '--base-residence', f'{wd}/residence_base.csv',
                      '--priority-areas', f'{wd}/priority_areas.csv', '--schools', f'{wd}/schools.csv', '--exam-year', str(EXAM_YEAR),
                      '--out', out])
    open(f'{wd}/run.log', 'w').write(log)
    got_rows = list(csv.DictReader(open(f'{out}/results.csv', newline='', encoding='utf-8')))
    assert len(got_rows) == len(rows), (len(got_rows), len(rows))
    summ = json.load(open(f'{out}/summary.json')).get('check', {})
    print(f"seed {a.seed}: rule={summ.get('rule')} ({summ.get('rule_why')}); schools_listed={summ.get('schools_listed')}; window={summ.get('window')}")
    # README: a base without the ethnicity column has it "not checked" (stderr, check.not_checked); with the column it is checked
    in_summary = any('ethnic' in x.lower() for x in summ.get('not_checked', []))
    in_log = any('not checked' in x and 'ethnic' in x.lower() for x in log.splitlines())
    bad_not_checked = (in_summary, in_log) != (a.no_ethnicity, a.no_ethnicity)
    print(f"  base {'without' if a.no_ethnicity else 'with'} dan_toc: the ethnicity {'in' if in_summary else 'not in'} check.not_checked, "
          f"{'in' if in_log else 'not in'} stderr's not-checked line -- {'as README says' if not bad_not_checked else 'NOT as README says'}")
    kinds, agree, statuses = collections.defaultdict(list), 0, collections.Counter()
    alt_tally = collections.defaultdict(collections.Counter)   # flag -> rows it changes: binary follows primary / ALT / neither
    for i, (row, got, m) in enumerate(zip(rows, got_rows, meta)):
        assert got['key'] == row['so_bao_danh']
        statuses[got['status']] += 1
        perm = hist[m['pid']][0]
        R, S, notes = expected(row, perm, wm=m['wm'], eth=m['eth'])
        gr = {x for x in (got['reasons'].split('|') if got['reasons'] else []) if x.startswith(CHECKED) or x == 'AREA_DECLARED_INVALID'}
        others = {x for x in (got['reasons'].split('|') if got['reasons'] else [])} - gr
        ea = expected_action(R) if got['status'] == 'MATCH' and not others else got['action']
        for fl in ALT:
            R2, S2, _ = expected(row, perm, frozenset([fl]), wm=m['wm'], eth=m['eth'])
            if (R2, S2) != (R, S):
                alt_tally[fl]['primary' if (gr, got['supported_area']) == (R, S) else 'ALT' if (gr, got['supported_area']) == (R2, S2) else 'neither'] += 1
        if got['status'] == 'MATCH' and gr == R and got['supported_area'] == S and got['action'] == ea:
            agree += 1
            continue
        def explains(fls):
            R2, S2, _ = expected(row, perm, frozenset(fls), wm=m['wm'], eth=m['eth'])
            return gr == R2 and got['supported_area'] == S2 and (got['status'] != 'MATCH' or others or got['action'] == expected_action(R2))
        fit = [f for f in ALT if explains([f])] or [f'{f}+{h}' for f in ALT for h in ALT if f < h and explains([f, h])]
        label = 'binary follows ALT ' + ' or '.join(fit) if fit else 'BUG? (no ALT reading explains it)'
        if got['status'] != 'MATCH':
            key = ('status', got['status'])
        else:
            key = (label, ' '.join(sorted(R - gr)) or '-', ' '.join(sorted(gr - R)) or '-',
                   'S' if got['supported_area'] != S else '', 'action' if got['action'] != ea and gr == R else '')
        cells = {k: row[k] for k in EXAM_COLS[5:] if row[k]}
        kinds[key].append(dict(row=got['row'], cells=cells, scenario=m['scenario'], pattern=m['pattern'], schools=m['schools'], span=m['span'],
                               base_perm=[f'{c}[{s},{e or "…"})' for c, s, e in perm], dan_toc=m['eth'], expected=sorted(R), expected_S=S, expected_action=ea,
                               got=sorted(gr), got_S=got['supported_area'], got_action=got['action'], notes=notes, others=sorted(others)))
    n = len(rows)
    cov = collections.Counter()
    for row, m in zip(rows, meta):
        R = expected(row, hist[m['pid']][0], wm=m['wm'], eth=m['eth'])[0]
        cov.update(['scenario:' + m['scenario'], 'pattern:' + m['pattern'], 'span:' + m['span']] + ['cell:' + x.split('/')[1] for x in m['schools'].split()]
                   + ['school:' + x.split(':')[1].split('/')[0] for x in m['schools'].split()] + ['reason:' + r for r in R])
        if row['doi_tuong_uu_tien'].strip() in ('01', '1'):
            cov['group01:' + (read_ethnicity(m['eth']) or ('not read' if m['eth'] is not None else 'no column'))
                + ('/POLICY_GROUP_UNSUPPORTED' if 'POLICY_GROUP_UNSUPPORTED' in R else '')
                + ('/RESIDENCE_HISTORY_MISSING' if 'RESIDENCE_HISTORY_MISSING' in R else '')] += 1
    for pre in ('scenario', 'pattern', 'cell', 'school', 'span', 'reason', 'group01'):
        print(f'  coverage {pre}: ' + ', '.join(f'{k.split(":", 1)[1]} {v}' for k, v in sorted(cov.items()) if k.startswith(pre + ':')))
    print(f'seed {a.seed}: rows compared {n}, agree {agree} ({100 * agree / n:.2f} %), statuses {dict(statuses)}')
    for key, ex in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print(f'\n  [{len(ex)}] {key[0]}' + (f' | missing: {key[1]} | extra: {key[2]} {key[3]} {key[4]}' if len(key) > 2 else f' {key[1]}'))
        refs = {r for part in key[1:3] for r in part.split() if r in REF} | ({'S'} if len(key) > 3 and key[3] else set()) | \
            ({'action'} if len(key) > 4 and key[4] else set())
        for r in sorted(refs):
            print(f'     README ({r}): "{REF[r]}"')
        for e in ex[:a.examples]:
            print('     ', json.dumps(e, ensure_ascii=False, default=str))
    print('\n  README readings (ALT: the second reading; rows where it changes the expectation -> which one the binary follows):')
    for f in ALT:
        t = alt_tally[f]
        print(f'    {f}: {ALT[f]} -- {sum(t.values())} rows: primary {t["primary"]}, ALT {t["ALT"]}, neither {t["neither"]}')
    # explain: rows with two or more schools (one with a blank grade, one with a claim): every given grade's school named
    # as PP-SSS, and "<- decides" on the grade whose school decides (primary reading)
    ok_rows = [i for i, m in enumerate(meta) if 'unreadable' not in m['schools'] and 'nolist' not in m['schools']
               and len(set(m['pattern']) - {'_'}) > 1]
    picks = [i for i in ok_rows if '_' not in meta[i]['pattern']][:2] + [i for i in ok_rows if '_' in meta[i]['pattern']][:1] + \
        [i for i in ok_rows if is_tick(rows[i]['tt_kv1_18_thang']) != is_tick(rows[i]['tt_xa_dbkk_18_thang']) and meta[i]['span'] in ('exact', 'off2', 'months')][:3]
    bad_explain, texts = 0, {}
    for i in dict.fromkeys(picks):
        txt = texts[f'explain --row {i + 1}'] = run(a.bin, ['explain', '--out', out, '--row', str(i + 1)])
        lines, problems = txt.splitlines(), []
        R, S, notes = expected(rows[i], hist[meta[i]['pid']][0], wm=meta[i]['wm'], eth=meta[i]['eth'])
        dg = next(int(x.split('grade=')[1].split()[0]) for x in notes if 'grade=' in x)
        want = [f'entitled: {S} '] if S else []
        if is_tick(rows[i]['tt_kv1_18_thang']) or is_tick(rows[i]['tt_xa_dbkk_18_thang']):     # one claim, a readable span
            want += [': not borne out' if 'RESIDENCE_CLAIM_UNSUPPORTED' in R else ': borne out',
                     'days the history does not bear: ' + next(x.split('=')[1] for x in notes if x.startswith('span_bad_days'))]
        problems += [f'no line with "{w}"' for w in want if w not in txt]
        for g_ in (10, 11, 12):
            k = parse_school(rows[i][f'ma_tinh_lop{g_}'], rows[i][f'ma_truong_lop{g_}'], frozenset())
            ln = [x for x in lines if x.strip().startswith(f'grade {g_} ')]
            if k and not (ln and f'{k[0]:02d}-{k[1]:03d}' in ln[0]):
                problems.append(f'grade {g_}: school {k[0]:02d}-{k[1]:03d} not named ({ln[:1]})')
            if ln and (g_ == dg) != ('decides' in ln[0]):
                problems.append(f'grade {g_}: "decides" {"missing" if g_ == dg else "unexpected"}: {ln[0].strip()}')
        print(f'  explain --row {i + 1} ({meta[i]["pattern"]}): ' + ('names each grade\'s school, the deciding one' + (', ' + ', '.join(w.strip() for w in want) if want else '')
                                                                      if not problems else f'{problems}'))
        bad_explain += bool(problems)
        open(f'{wd}/explain_{i + 1}.txt', 'w').write(txt)
    # explain on one group 01 row with the KV1 months per dan_toc value: its reading of the value (what tells a minority from a
    # cell not checked, whose reasons are the same). README gives a minority's words ("an ethnic minority, as the base records
    # it"); the others are told apart by the binary's own "not an ethnic minority" and "not checked"
    value_of, readings, eth_tally = {p['id']: p['eth'] for p in persons}, {}, collections.defaultdict(collections.Counter)
    for i, m in enumerate(meta):
        v = value_of[m['pid']]
        if m['scenario'] != 'policy_kv1' or v in readings:
            continue
        txt = texts[f'explain --row {i + 1}'] = run(a.bin, ['explain', '--out', out, '--row', str(i + 1)])
        line = next((x.strip() for x in txt.splitlines() if 'ethnicity' in x), '')
        got = 'minority' if re.search(r'(?<!not )an ethnic minority, as the base records it', line) else \
            'not minority' if 'not an ethnic minority' in line else 'not checked' if 'not checked' in line else '?'
        want = lambda fl=frozenset(): 'not checked' if m['eth'] is None else \
            {'minority': 'minority', None: 'not checked'}.get(read_ethnicity(v, fl), 'not minority')
        for f in (f for f in ALT if want(frozenset([f])) != want()):
            eth_tally[f]['primary' if got == want() else 'ALT' if got == want(frozenset([f])) else 'neither'] += 1
        readings[v] = (i, want(), got, line)
    wrong = {v: r for v, r in readings.items() if r[1] != r[2]}
    bad_explain += len(wrong)
    print(f'  explain, the ethnicity line on a group 01 row per dan_toc value: {len(readings) - len(wrong)} of {len(readings)} values read as expected; '
          + '; '.join(f'{w}: "{next(r[3] for r in readings.values() if r[2] == w)}"' for w in sorted({r[2] for r in readings.values()})))
    for v, (i, want, got, line) in wrong.items():
        fit = [f for f in eth_tally if meta[i]['eth'] is not None and
               {'minority': 'minority', None: 'not checked'}.get(read_ethnicity(v, frozenset([f])), 'not minority') == got]
        print(f'     row {i + 1} dan_toc {v!r}: expected {want}, explain says {got} ("{line}")'
              + (f' -- binary follows ALT {" or ".join(fit)}' if fit else ' -- BUG? (no ALT reading explains it)'))
    for f, t in eth_tally.items():
        print(f'    {f} (explain, values): {sum(t.values())} values: primary {t["primary"]}, ALT {t["ALT"]}, neither {t["neither"]}')
    # README: "doisoat writes only what it read it as ..., never the value": no name the base wrote in any output
    leaks = []
    if not a.no_ethnicity:
        for f in ('results.csv', 'report.md', 'report.html', 'summary.json'):
            texts[f] = open(f'{out}/{f}', encoding='utf-8').read()
        for v in sorted({v.strip() for v in ETH_VALUES if any(c.isalpha() for c in v)} - ETH_JUNK_WORDS):
            pat = re.compile(r'(?<!\w)(?:' + '|'.join(map(re.escape, {v, html.escape(v)})) + r')(?!\w)')
            leaks += [(f, v, t[max(0, x.start() - 50):x.end() + 50].replace('\n', ' ')) for f, t in texts.items() for x in pat.finditer(t)]
        print(f'  the base\'s ethnicity names in the outputs ({", ".join(f for f in texts if "explain" not in f)}, '
              f'{sum("explain" in f for f in texts)} explain texts): {len(leaks)} found'
              + ''.join(f'\n     {f}: {v!r} in "...{c}..."' for f, v, c in leaks[:a.examples * 3]))
    json.dump(dict(rows=n, agree=agree, kinds={' | '.join(k): len(v) for k, v in kinds.items()}), open(f'{wd}/agreement.json', 'w'), indent=1)
    sys.exit(1 if agree != n or bad_explain or bad_not_checked or leaks else 0)

if __name__ == '__main__':
    main()

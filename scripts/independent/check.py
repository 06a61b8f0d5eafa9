#!/usr/bin/env python3
"""Independent check of doisoat's exam and residence checks, written from README.md alone.

Generates its own base, residence history, priority-area list, exam export and residence export
(real commune codes from src/normalize/communes.csv), computes every row's expected residence /
priority-area reasons from the README's rules, runs the release binary and compares.

usage: python3 scripts/independent/check.py --seed 1 [--work /tmp/indep] [--bin PATH]
"""
import argparse
import collections
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys

D = dt.date
REGISTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'normalize', 'communes.csv')
BIN = os.path.join(os.environ.get('CARGO_TARGET_DIR') or os.path.expanduser('~/.cache/doisoat-target'), 'release', 'doisoat')
MERGER_DAY = D(2025, 7, 1)
EXAM_YEAR = 2025
W0, W1 = D(EXAM_YEAR - 3, 9, 1), D(EXAM_YEAR, 7, 1)   # window [W0, W1)
MIN_MONTHS = 18
RANK = {'KV1': 3, 'KV2-NT': 2, 'KV2': 1, 'KV3': 0}
AREA_OF_RANK = {v: k for k, v in RANK.items()}

# ----------------------------------------------------------------------------------------------
# register


class Register:
    def __init__(self, path):
        lines = [l for l in open(path, encoding='utf-8') if not l.startswith('#')]
        rows = list(csv.DictReader(lines))
        self.old = {}    # code -> (cccd province, into or None)
        self.new = {}    # code -> post-merger province
        for r in rows:
            if r['era'] == 'old':
                self.old[r['commune']] = (r['province'], r['into'] or None)
            else:
                self.new[r['commune']] = r['province']
        # old CCCD province -> post-merger province (derived from the whole-commune mapping)
        cnt = collections.defaultdict(collections.Counter)
        for c, (p, into) in self.old.items():
            if into:
                cnt[p][self.new[into]] += 1
        self.prov_new = {p: c.most_common(1)[0][0] for p, c in cnt.items()}
        self.new_provs = set(self.new.values())
        self.old_provs = sorted(self.prov_new)
        self.old_codes = sorted(self.old)
        self.new_codes = sorted(self.new)
        self.old_by_prov = collections.defaultdict(list)
        for c, (p, _) in self.old.items():
            self.old_by_prov[p].append(c)
        allcodes = set(self.old) | set(self.new)
        self.unknown_codes = [f'{i:05d}' for i in range(1, 33000) if f'{i:05d}' not in allcodes]

    def province_cell(self, cell):
        """post-merger province of a province cell (None: empty/unreadable)."""
        cell = (cell or '').strip()
        if not cell:
            return None
        if len(cell) == 3 and cell.isdigit():
            return self.prov_new.get(cell)
        if len(cell) == 2 and cell.isdigit():
            if cell in self.new_provs:
                return cell
            return self.prov_new.get('0' + cell)
        for code, name in PROV_NAMES.items():
            if fold(name) == fold(cell):
                return self.prov_new[code]
        return None

    def era(self, start):
        return 'old' if start < MERGER_DAY else 'new'

    def commune_province(self, code, start):
        """post-merger province of a commune read in its period's era; None if unknown there."""
        if self.era(start) == 'old':
            if code in self.old:
                return self.prov_new[self.old[code][0]]
            if code in self.new:        # not expected in our data
                return self.new[code]
        else:
            if code in self.new:
                return self.new[code]
            if code in self.old:
                return self.prov_new[self.old[code][0]]
        return None


# ----------------------------------------------------------------------------------------------
# dates


def add_months(d, k):
    """Civil Code 2015 Art. 148: same day of month, else the month's last day."""
    y, m = divmod(d.month - 1 + k, 12)
    y += d.year
    m += 1
    import calendar
    last = calendar.monthrange(y, m)[1]
    return D(y, m, min(d.day, last))


def fmt(d):
    return d.strftime('%d/%m/%Y')


def parse_date(s):
    s = (s or '').strip()
    if not s:
        return None
    for f in ('%d/%m/%Y', '%Y-%m-%d'):
        try:
            return dt.datetime.strptime(s, f).date()
        except ValueError:
            pass
    raise ValueError(s)


# ----------------------------------------------------------------------------------------------
# generation helpers

SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ',
            'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Đoàn', 'Lương', 'Mai', 'Tạ', 'Chu', 'Hà']
MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công', 'Xuân', 'Quang', 'Ngọc', 'Anh']
MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Minh', 'Phương', 'Bảo', 'Hồng', 'Mai']
GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Minh', 'Nam', 'Long', 'Hải', 'Phong', 'Khoa', 'Trung', 'Bình',
           'Sơn', 'Thắng', 'Vinh', 'Đạt', 'Hiếu', 'Quân', 'Toàn', 'Tài', 'Phúc', 'Lâm', 'Kiên']
GIVEN_F = ['Lan', 'Hương', 'Mai', 'Linh', 'Trang', 'Hà', 'Thảo', 'Ngân', 'Hạnh', 'Yến', 'Vy',
           'Nhung', 'Oanh', 'Quyên', 'Tâm', 'Trinh', 'Uyên', 'Giang', 'Châu', 'Hằng', 'Nga', 'My']


def rand_date(rng, a, b):
    """uniform in [a, b]."""
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


class Gen:
    def __init__(self, seed, reg):
        self.rng = random.Random(seed)
        self.reg = reg
        self.persons = []           # dicts: id, name, dob, sex
        self.hist = {}              # id -> list of periods (dict prov, commune, start, end, kind, tag)
        self.areas = {}             # commune -> list of (start, end or None, area)
        self.clash = [c for c, (p, into) in reg.old.items() if c in reg.new and into != c]
        cnt = collections.Counter(reg.prov_new.values())
        self.sib_provs = [p for p, q in reg.prov_new.items() if cnt[q] > 1]

    # -- base
    def make_base(self, n):
        rng = self.rng
        ids = set()
        for i in range(n):
            r = rng.random()
            if r < 0.17:
                y = rng.choice([2006, 2007, 2007, 2007, 2008])
            else:
                y = rng.randint(1940, 2023)
            dob = rand_date(rng, D(y, 1, 1), D(y, 12, 31))
            male = rng.random() < 0.5
            sur = rng.choice(SURNAMES)
            name = f"{sur} {rng.choice(MIDDLE_M if male else MIDDLE_F)} {rng.choice(GIVEN_M if male else GIVEN_F)}"
            if rng.random() < 0.2:
                name = f"{sur} {rng.choice(MIDDLE_M if male else MIDDLE_F)} {rng.choice(MIDDLE_M if male else MIDDLE_F)} {rng.choice(GIVEN_M if male else GIVEN_F)}"
            while True:
                prov = rng.choice(self.reg.old_provs)
                digit = (0 if y < 2000 else 2) + (0 if male else 1)
                pid = f"{prov}{digit}{y % 100:02d}{rng.randint(0, 999999):06d}"
                if pid not in ids:
                    ids.add(pid)
                    break
            self.persons.append(dict(id=pid, name=name, dob=dob, sex='Nam' if male else 'Nữ', prov=prov))

    # -- priority areas
    def make_areas(self):
        rng = self.rng
        codes = list(self.reg.old_codes)
        rng.shuffle(codes)
        self.pool = collections.defaultdict(list)   # rank -> constant-area communes in the list
        self.absent = []
        self.changing = []
        self.holed = []
        for c in codes:
            r = rng.random()
            a = rng.choices(['KV1', 'KV2-NT', 'KV2', 'KV3'], [20, 30, 25, 25])[0]
            if r < 0.08:
                self.absent.append(c)
                continue
            if r < 0.18:
                b = rng.choice([x for x in RANK if x != a])
                ch = rand_date(rng, D(2021, 1, 1), D(2025, 6, 30)) if rng.random() < 0.8 else rand_date(rng, D(2015, 1, 1), D(2020, 12, 31))
                self.areas[c] = [(D(1990, 1, 1), ch, a), (ch, None, b)]
                self.changing.append(c)
            elif r < 0.23:
                b = rng.choice(list(RANK))
                h1 = rand_date(rng, D(2021, 1, 1), D(2024, 6, 30))
                self.areas[c] = [(h1, None, b)]          # listed only from a later date
                self.holed.append(c)
            elif r < 0.26:
                b = rng.choice(list(RANK))
                h1 = rand_date(rng, D(2022, 1, 1), D(2024, 6, 30))
                h2 = h1 + dt.timedelta(days=rng.randint(1, 300))
                self.areas[c] = [(D(1990, 1, 1), h1, a), (h2, None, b)]
                self.holed.append(c)
            else:
                self.areas[c] = [(D(1990, 1, 1), None, a)]
                self.pool[RANK[a]].append(c)

    def write_areas(self, path):
        with open(path, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['ma_xa', 'khu_vuc', 'tu_ngay', 'den_ngay'])
            for c in sorted(self.areas):
                for s, e, a in self.areas[c]:
                    w.writerow([c, a, fmt(s), fmt(e) if e else ''])

    # -- places
    def any_old(self):
        rng = self.rng
        r = rng.random()
        if r < 0.08 and self.absent:
            return rng.choice(self.absent)
        if r < 0.2:
            return rng.choice(self.changing + self.holed)
        return rng.choice(self.pool[rng.randint(0, 3)])

    def prov_cell_for(self, code, start, style=None):
        """province cell written beside a commune code (real province, in one of the forms)."""
        rng = self.rng
        reg = self.reg
        if start < MERGER_DAY and code in reg.old:
            p3 = reg.old[code][0]
            style = style or rng.choices(['3', 'empty', 'new2', 'lost0'], [70, 12, 12, 6])[0]
            if style == '3':
                return p3
            if style == 'empty':
                return ''
            if style == 'new2':
                return reg.prov_new[p3]
            if style == 'lost0':
                return p3[1:] if p3[1:] not in reg.new_provs else p3
        if code in reg.new:
            return rng.choice([reg.new[code], reg.new[code], ''])
        return ''

    def period(self, start, end, code, kind='thuong_tru', prov=None, tag=''):
        if prov is None:
            prov = self.prov_cell_for(code, start) if code else self.reg.old[self.any_old()][0]
        return dict(prov=prov, commune=code or '', start=start, end=end, kind=kind, tag=tag)

    def general_history(self, p):
        """0-4 moves from birth, temporary stays, cross-era periods, province-only rows."""
        rng = self.rng
        reg = self.reg
        b = p['dob']
        out = []
        k = rng.choices([0, 1, 2, 3, 4], [30, 30, 20, 12, 8])[0]
        hi = D(2026, 6, 1)
        if (hi - b).days < 400:
            k = 0
        moves = sorted({rand_date(rng, b + dt.timedelta(days=200), hi) for _ in range(k)})
        starts = [b] + moves
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else None
            if s >= MERGER_DAY:
                code = rng.choice(reg.new_codes)
                out.append(self.period(s, e, code, prov=rng.choice([reg.new[code], ''])))
                continue
            code = self.any_old()
            r = rng.random()
            if i > 0 and out and out[-1]['commune'] and out[-1]['kind'] == 'thuong_tru' and out[-1]['start'] < MERGER_DAY and rng.random() < 0.06:
                # re-registered at the same commune
                out.append(self.period(s, e, out[-1]['commune'], prov=out[-1]['prov'], tag='restart'))
            elif r < 0.10:
                # province only
                out.append(self.period(s, e, '', prov=rng.choice([reg.old[code][0], reg.prov_new[reg.old[code][0]]]), tag='prov_only'))
            elif r < 0.11:
                unk = rng.choice(reg.unknown_codes)
                out.append(self.period(s, e, unk, prov=rng.choice(reg.old_provs), tag='unknown_code'))
            elif r < 0.12:
                # province cell contradicting the commune
                other = rng.choice([q for q in reg.old_provs if reg.prov_new[q] != reg.prov_new[reg.old[code][0]]])
                out.append(self.period(s, e, code, prov=other, tag='prov_contra'))
            elif (e is None or e > MERGER_DAY) and reg.old[code][1] and rng.random() < 0.25:
                # re-registered on the merger day under the new code
                out.append(self.period(s, MERGER_DAY, code, tag='split_old'))
                into = reg.old[code][1]
                out.append(self.period(MERGER_DAY, e, into, prov=rng.choice([reg.new[into], '']), tag='split_new'))
            else:
                out.append(self.period(s, e, code))
        # probes: the last period begun before the merger made one of the rare shapes
        olds = [x for x in out if x['start'] < MERGER_DAY and x['kind'] == 'thuong_tru' and x.get('tag') != 'split_new']
        if olds and rng.random() < 0.25:
            x = olds[-1]
            kind = rng.choice(['clash', 'restart', 'unknown', 'sib'])
            if kind == 'clash':
                x['commune'] = rng.choice(self.clash)
                x['prov'] = reg.old[x['commune']][0]
                x['tag'] = 'clash'
                if x['end'] is not None and x['end'] < D(2025, 10, 1):
                    x['end'] = None
                    out[:] = [y for y in out if y is x or y['kind'] != 'thuong_tru' or y['start'] < x['start']]
            elif kind == 'restart' and (x['end'] is None or (x['end'] - x['start']).days > 60):
                mid = x['start'] + dt.timedelta(days=((x['end'] or D(2025, 6, 1)) - x['start']).days // 2)
                if mid > x['start']:
                    y = dict(x, start=mid, tag='restart')
                    x['end'] = mid
                    x['tag'] = 'restart_first'
                    out.insert(out.index(x) + 1, y)
            elif kind == 'unknown':
                x['commune'] = rng.choice(reg.unknown_codes)
                x['prov'] = rng.choice(reg.old_provs)
                x['tag'] = 'unknown_code'
            elif kind == 'sib':
                x['commune'] = ''
                x['prov'] = rng.choice(self.sib_provs)
                x['tag'] = 'prov_only'
        # a closed last period now and then
        if out and out[-1]['end'] is None and rng.random() < 0.08 and out[-1]['start'] < D(2025, 1, 1):
            out[-1]['end'] = rand_date(rng, out[-1]['start'] + dt.timedelta(days=1), D(2025, 12, 31))
        # temporary stays
        for _ in range(rng.choices([0, 1, 2], [65, 25, 10])[0]):
            s = rand_date(rng, b, D(2025, 6, 1))
            e = None if rng.random() < 0.3 else s + dt.timedelta(days=rng.randint(30, 1500))
            out.append(self.period(s, e, self.any_old(), kind='tam_tru'))
        if rng.random() < 0.01:
            s = rand_date(rng, b, D(2025, 1, 1))
            out.append(self.period(s, s, self.any_old(), tag='empty'))
        return out

    # -- exam histories
    def exam_history(self, p):
        """a scenario around the window for an exam candidate; returns (scenario, periods)."""
        rng = self.rng
        b = p['dob']
        sc = rng.choices(['stable', 'move', 'boundary', 'two_stretches', 'gap', 'late_start',
                          'missing', 'overlap', 'province_only', 'changing', 'unknown_code', 'empty_first'],
                         [10, 10, 20, 12, 12, 6, 8, 6, 5, 6, 5, 2])[0]
        hi = lambda: rng.choice(self.pool[rng.choice([1, 2, 3])])
        P = self.period
        per = []

        def lo_than(code):
            r = self.rank_const(code)
            cands = [x for x in range(0, r)] or [0]
            return rng.choice(self.pool[rng.choice(cands)])

        if sc == 'stable':
            per = [P(b, None, self.any_old())]
        elif sc == 'changing':
            per = [P(b, None, rng.choice(self.changing + self.holed))]
        elif sc == 'unknown_code':
            m = rand_date(rng, D(2021, 1, 1), D(2025, 5, 1))
            per = [P(b, m, self.any_old()),
                   P(m, None, rng.choice(self.reg.unknown_codes), prov=rng.choice(self.reg.old_provs), tag='unknown_code')]
        elif sc == 'move':
            m = rand_date(rng, D(2021, 1, 1), D(2025, 6, 30))
            per = [P(b, m, self.any_old()), P(m, None, self.any_old())]
        elif sc == 'boundary':
            h = hi()
            l1, l2 = lo_than(h), lo_than(h)
            months = rng.choice([18, 18, 18, 17, 19])
            delta = rng.choice([-1, 0, 0, 1, 1, 2, 30, 31])
            v = rng.random()
            if v < 0.15:
                s = W0
            elif v < 0.3:
                s = D(2021, rng.randint(1, 12), rng.randint(1, 28))   # before the window: clipped
            elif v < 0.6:
                s = rng.choice([D(2022, 10, 31), D(2022, 12, 31), D(2023, 1, 31), D(2023, 3, 31),
                                D(2023, 5, 31), D(2023, 8, 31), D(2023, 8, 30), D(2023, 8, 29),
                                D(2022, 11, 30), D(2023, 7, 31), D(2023, 10, 31)])
            else:
                s = rand_date(rng, W0, D(2023, 10, 31))
            base_s = max(s, W0)
            e = add_months(base_s, months) + dt.timedelta(days=delta)
            if rng.random() < 0.2:
                # the high stretch runs to the window's end; its start placed from the end
                e2 = W1
                s2 = add_months(W1, -months) - dt.timedelta(days=max(delta, 0))
                per = [P(b, s2, l1), P(s2, None, h)] if rng.random() < 0.5 else [P(b, s2, l1), P(s2, e2, h), P(e2, None, l2)]
            elif s <= b:
                per = [P(b, e, h), P(e, None, l2)]
            else:
                per = [P(b, s, l1), P(s, e, h), P(e, None, l2)]
        elif sc == 'two_stretches':
            h = hi()
            h2 = h if rng.random() < 0.5 else rng.choice(self.pool[self.rank_const(h)])
            l1 = lo_than(h)
            m1 = rng.randint(4, 12)
            tot_m, tot_l = rng.choice([(17, 29), (17, 30), (17, 31), (17, 32), (18, 0), (18, 1), (16, 45), (16, 54)])
            m2 = tot_m - m1
            l1d = rng.randint(max(0, tot_l - 27), min(27, tot_l))
            l2d = tot_l - l1d
            s1 = rand_date(rng, W0, D(2022, 12, 31))
            e1 = add_months(s1, m1) + dt.timedelta(days=l1d)
            s2 = e1 + dt.timedelta(days=rng.randint(1, 60))
            e2 = add_months(s2, m2) + dt.timedelta(days=l2d)
            if e2 > W1:
                sh = (e2 - W1).days + 1
                s1 -= dt.timedelta(days=0)
                # shift everything earlier if needed, keeping the window start
                e2 = None
            if e2 is None:
                per = [P(b, s1, l1), P(s1, e1, h), P(e1, None, self.any_old())]
            else:
                per = [P(b, s1, l1), P(s1, e1, h), P(e1, s2, l1), P(s2, e2, h2), P(e2, None, lo_than(h))]
        elif sc == 'gap':
            v = rng.random()
            c1, c2 = self.any_old(), self.any_old()
            if v < 0.5:
                g1 = rand_date(rng, W0, D(2025, 6, 20))
                g2 = g1 + dt.timedelta(days=rng.choice([1, 2, 30, 100, 400]))
            elif v < 0.65:
                g1 = rand_date(rng, D(2021, 1, 1), D(2022, 8, 1))
                g2 = W0
            elif v < 0.8:
                g1 = rand_date(rng, D(2021, 1, 1), D(2022, 8, 1))
                g2 = rand_date(rng, W0, D(2024, 1, 1))
            else:
                g1 = rand_date(rng, W0, D(2025, 6, 1))
                g2 = None
            per = [P(b, g1, c1)]
            if g2 is not None:
                per.append(P(g2, None, c2))
        elif sc == 'late_start':
            s = rand_date(rng, W0, D(2024, 6, 1))
            per = [P(s, None, self.any_old())]
            if rng.random() < 0.5:
                per.append(P(b, None, self.any_old(), kind='tam_tru'))
        elif sc == 'missing':
            v = rng.random()
            if v < 0.3:
                per = []
            elif v < 0.5:
                per = [P(b, None, self.any_old(), kind='tam_tru')]
            elif v < 0.7:
                per = [P(b, W0, self.any_old())]
            elif v < 0.85:
                per = [P(W1, None, self.any_old())]
            else:
                s = rand_date(rng, W0, D(2025, 6, 1))
                per = [P(b, W0 - dt.timedelta(days=rng.randint(0, 100)), self.any_old()), P(s, s, self.any_old(), tag='empty')]
        elif sc == 'empty_first':
            s = rand_date(rng, W0, D(2023, 6, 1))
            s2 = s + dt.timedelta(days=rng.randint(1, 300))
            per = [P(s, s, self.any_old(), tag='empty'), P(s2, None, self.any_old())]
        elif sc == 'overlap':
            s = rand_date(rng, D(2021, 1, 1), D(2024, 6, 1))
            e = rand_date(rng, s + dt.timedelta(days=1), D(2025, 12, 1))
            per = [P(b, None, self.any_old()), P(s, e, self.any_old())]
        elif sc == 'province_only':
            m = rand_date(rng, D(2021, 1, 1), D(2025, 6, 1))
            c = self.any_old()
            pv = self.reg.old[c][0]
            per = [P(b, m, self.any_old()), P(m, None, '', prov=rng.choice([pv, self.reg.prov_new[pv]]), tag='prov_only')]
            if rng.random() < 0.5:
                per.reverse()
                per = [P(b, m, '', prov=pv, tag='prov_only'), P(m, None, hi())]
        # temporary stays in good communes, ignored by the rules
        if rng.random() < 0.3:
            s = rand_date(rng, D(2021, 1, 1), D(2024, 1, 1))
            per.append(P(s, None if rng.random() < 0.5 else s + dt.timedelta(days=rng.randint(100, 900)),
                         rng.choice(self.pool[3]), kind='tam_tru'))
        return sc, per

    def rank_const(self, code):
        a = self.areas.get(code)
        return RANK[a[0][2]] if a else 0

    def write_base(self, path):
        with open(path, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['so_dinh_danh', 'ho_va_ten', 'ngay_sinh', 'gioi_tinh'])
            for p in self.persons:
                w.writerow([p['id'], p['name'], fmt(p['dob']), p['sex']])

    def write_hist(self, path):
        rows = []
        for pid, per in self.hist.items():
            for x in per:
                rows.append([pid, x['prov'], x['commune'], fmt(x['start']), fmt(x['end']) if x['end'] else '', x['kind']])
        # rows of IDs the base lacks: counted and left out
        for k in range(37):
            c = self.any_old()
            rows.append([f'{self.rng.choice(self.reg.old_provs)}9{k:02d}{self.rng.randint(0, 999999):06d}', self.reg.old[c][0], c,
                         '01/01/2000', '', 'thuong_tru'])
        self.extra_rows = 37
        self.rng.shuffle(rows)
        with open(path, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['so_dinh_danh', 'ma_tinh', 'ma_xa', 'tu_ngay', 'den_ngay', 'loai_cu_tru'])
            w.writerows(rows)


# ----------------------------------------------------------------------------------------------
# the README's rules: exam


def area_rank(areas, code, day):
    """rank of the area a commune had on a day (no commune / not listed / outside stretches: KV3)."""
    for s, e, a in areas.get(code, ()):
        if s <= day and (e is None or day < e):
            return RANK[a]
    return 0


def months_qualify(days):
    """days: sorted ordinals. True when the stretches give more than MIN_MONTHS months."""
    if not days:
        return False, (0, 0)
    stretches = []
    st = prev = days[0]
    for x in days[1:]:
        if x != prev + 1:
            stretches.append((st, prev + 1))
            st = x
        prev = x
    stretches.append((st, prev + 1))
    months = left = 0
    for s, e in stretches:
        sd = D.fromordinal(s)
        k = 0
        while add_months(sd, k + 1).toordinal() <= e:
            k += 1
        months += k
        left += e - add_months(sd, k).toordinal()
    return months * 30 + left > MIN_MONTHS * 30, (months, left)


def read_declared(v):
    s = (v or '').strip().lower().replace('khu vực', 'kv').replace('khu vuc', 'kv')
    s = s.replace(' ', '').replace('-', '').replace('_', '')
    return {'kv1': 'KV1', 'kv2nt': 'KV2-NT', 'kv2': 'KV2', 'kv3': 'KV3'}.get(s)


def expected_exam(declared_raw, periods, areas):
    perm = [x for x in periods if x['kind'] == 'thuong_tru' and (x['end'] is None or x['end'] > x['start'])]
    reasons = set()
    declared = read_declared(declared_raw)
    if declared is None:
        reasons.add('AREA_DECLARED_INVALID')
    overl = [x for x in perm if x['start'] < W1 and (x['end'] is None or x['end'] > W0)]
    if not overl:
        reasons.add('RESIDENCE_HISTORY_MISSING')
        return reasons, ''
    day_rank = {}
    for x in overl:
        s = max(x['start'], W0).toordinal()
        e = min(x['end'] or W1, W1).toordinal()
        for o in range(s, e):
            r = area_rank(areas, x['commune'], D.fromordinal(o)) if x['commune'] else 0
            if day_rank.get(o, -1) < r:
                day_rank[o] = r
    S = None
    for t in (3, 2, 1, 0):
        ok, _ = months_qualify(sorted(o for o, r in day_rank.items() if r >= t))
        if ok:
            S = t
            break
    supported = AREA_OF_RANK[S] if S is not None else ''
    first = min(x['start'] for x in perm)
    fo = max(first, W0).toordinal()
    if any(o not in day_rank for o in range(fo, W1.toordinal())):
        reasons.add('RESIDENCE_GAP')
    if declared is not None:
        d = RANK[declared]
        if S is not None and d <= S:
            reasons.add('PRIORITY_AREA_SUPPORTED')
        else:
            reasons.add('PRIORITY_AREA_UNSUPPORTED')
            if any(r >= d for r in day_rank.values()):
                reasons.add('RESIDENCE_TOO_SHORT')
    return reasons, supported


# ----------------------------------------------------------------------------------------------
# the README's rules: residence

KIND_WORDS = {'thuongtru': 'thuong_tru', 'permanent': 'thuong_tru', 'tamtru': 'tam_tru', 'temporary': 'tam_tru'}


PROV_NAMES = {'001': 'Hà Nội', '079': 'TP. Hồ Chí Minh', '074': 'Bình Dương', '048': 'Đà Nẵng', '038': 'Thanh Hóa',
              '092': 'Cần Thơ', '091': 'Kiên Giang', '031': 'Hải Phòng', '075': 'Đồng Nai', '089': 'An Giang',
              '046': 'Thừa Thiên Huế', '040': 'Nghệ An'}


def fold(s):
    import unicodedata
    s = unicodedata.normalize('NFD', s.replace('đ', 'd').replace('Đ', 'D'))
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn').lower()
    return ''.join(c for c in s if c.isalnum())


def read_row_period(reg, prov, commune, tu, den, kind):
    """None when the period cannot be read (RESIDENCE_PERIOD_INVALID)."""
    try:
        s = parse_date(tu)
        e = parse_date(den)
    except ValueError:
        return None
    if s is None:
        return None
    k = KIND_WORDS.get(fold(kind or ''))
    if k is None:
        return None
    prov = (prov or '').strip()
    commune = (commune or '').strip()
    if not prov and not commune:
        return None
    if commune and not (commune.isdigit() and len(commune) <= 5):
        return None
    if prov and reg.province_cell(prov) is None:
        return None
    if e is not None and e <= s:
        return None
    return dict(prov=prov, commune=commune.zfill(5) if commune else '', start=s, end=e, kind=k)


def place(reg, x):
    """(commune code or None, post-merger province or None, era)."""
    era = reg.era(x['start'])
    c = x['commune'] or None
    prov = None
    if c:
        prov = reg.commune_province(c, x['start'])
    if prov is None:
        prov = reg.province_cell(x['prov'])
    return c, prov, era


def same_place(reg, a, b):
    ca, pa, ea = place(reg, a)
    cb, pb, eb = place(reg, b)
    if ca and cb:
        if ca == cb:
            return True
        if ea != eb:
            old, new = (ca, cb) if ea == 'old' else (cb, ca)
            return reg.old.get(old, (None, None))[1] == new
        return False
    return pa is not None and pa == pb


def overlaps(a, b):
    return a['start'] < (b['end'] or D.max) and b['start'] < (a['end'] or D.max)


def overlap_days(p, b):
    given = [p['start'], b['start']] + [x for x in (p['end'], b['end']) if x]
    cap = max(given)
    pe = p['end'] or cap
    be = b['end'] or cap
    return max(0, (min(pe, be) - max(p['start'], b['start'])).days)


def expected_residence(reg, rows, base):
    """rows: list of dicts (pid, raw cells). returns per row (reasons, overlap_days)."""
    out = [None] * len(rows)
    by_person = collections.defaultdict(list)
    for i, r in enumerate(rows):
        by_person[r['pid']].append(i)
    for pid, idx in by_person.items():
        bp = [x for x in base.get(pid, []) if x['end'] is None or x['end'] > x['start']]
        covered = [False] * len(bp)
        for i in idx:
            r = rows[i]
            P = read_row_period(reg, r['ma_tinh'], r['ma_xa'], r['tu_ngay'], r['den_ngay'], r['loai_cu_tru'])
            if P is None:
                out[i] = ({'RESIDENCE_PERIOD_INVALID'}, '')
                continue
            same_kind = [(j, b) for j, b in enumerate(bp) if b['kind'] == P['kind']]
            for j, b in same_kind:
                if overlaps(P, b):
                    covered[j] = True
            if any(same_place(reg, P, b) and b['start'] == P['start'] and b['end'] == P['end'] for _, b in same_kind):
                out[i] = ({'RESIDENCE_MATCH'}, '')
                continue
            sp = [b for _, b in same_kind if same_place(reg, P, b) and overlaps(P, b)]
            if sp:
                out[i] = ({'RESIDENCE_DATES_DIFFER'}, str(max(overlap_days(P, b) for b in sp)))
                continue
            if any(overlaps(P, b) for _, b in same_kind):
                out[i] = ({'RESIDENCE_PLACE_DIFFERS'}, '')
                continue
            out[i] = ({'RESIDENCE_NOT_IN_BASE'}, '')
        if not all(covered):
            out[idx[0]][0].add('RESIDENCE_EXTRA_IN_BASE')
    return out


# ----------------------------------------------------------------------------------------------
# exports


def lenient(rng, area):
    v = {'KV1': ['KV 1', 'kv1'], 'KV2-NT': ['kv2nt', 'Khu vực 2-NT'], 'KV2': ['KV 2', 'kv2'], 'KV3': ['kv3', 'KV 3']}[area]
    return rng.choice(v)


def make_exam(g, n):
    rng = g.rng
    cands = [p for p in g.persons if 2006 <= p['dob'].year <= 2008]
    rng.shuffle(cands)
    cands = cands[:n]
    rows = []
    for i, p in enumerate(cands):
        sc, per = g.exam_history(p)
        g.hist[p['id']] = per
        _, S = expected_exam('KV3', per, g.areas)
        v = rng.random()
        if v < 0.35:
            decl, how = (S or 'KV3'), 'honest'
        elif v < 0.45:
            worse = [a for a in RANK if S and RANK[a] < RANK[S]]
            decl, how = (rng.choice(worse), 'worse') if worse else ((S or 'KV3'), 'honest')
        elif v < 0.75:
            better = [a for a in RANK if not S or RANK[a] > RANK[S]]
            decl, how = (rng.choice(better), 'better') if better else ('KV1', 'honest')
        elif v < 0.85:
            decl, how = rng.choice(['KV5', '', 'KV0', 'Khu vực 5', 'KV4']), 'invalid'
        else:
            decl, how = rng.choice(list(RANK)), 'random'
        if how != 'invalid' and rng.random() < 0.12:
            decl, how = lenient(rng, decl), how + '+lenient'
        elif how != 'invalid' and rng.random() < 0.03:
            decl = {'KV1': 'KV-1', 'KV2-NT': 'KV2NT', 'KV2': 'kv_2', 'KV3': ' KV3 '}[decl]
            how = how.split('+')[0] + '/lenient_other'
        elif how != 'invalid' and rng.random() < 0.03:
            decl = {'KV1': 'Khu vực 1', 'KV2-NT': 'KHU VỰC 2-NT', 'KV2': 'Khu vực 2', 'KV3': 'khu vực 3'}[decl]
            how = how.split('+')[0] + '/lenient_khu_vuc'
        cur = [x for x in per if x['kind'] == 'thuong_tru' and x['commune']]
        rows.append(dict(so_bao_danh=f'{10000000 + i * 7:08d}', ho_ten=p['name'], ngay_sinh=fmt(p['dob']),
                         gioi_tinh=p['sex'], so_cccd=p['id'], tinh_truong=p['prov'],
                         khu_vuc_uu_tien=decl, ma_xa=(cur[-1]['commune'] if cur else '') if rng.random() < 0.8 else g.any_old(),
                         _pid=p['id'], _fault=f'{sc}/{how.split("+")[0]}'))
    return rows


def make_residence(g, n):
    rng = g.rng
    reg = g.reg
    taken = set(g.hist)
    people = [p for p in g.persons if p['id'] not in taken]
    rng.shuffle(people)
    people = people[:n]
    groups = []
    for p in people:
        pid = p['id']
        hist = g.general_history(p)
        nohist = rng.random() < 0.03
        g.hist[pid] = [] if nohist else hist
        # probes of the same-place rule on the base side
        rows = []
        skip_restart = set()
        for x in hist:
            if x['end'] is not None and x['end'] <= x['start']:
                continue
            f = rng.choices(['exact', 'shift_start', 'shift_end', 'other_commune', 'drop', 'prov_only_row',
                             'commune_only_row', 'postmerger_prov', 'prov_contradict', 'unknown_commune',
                             'bad_date', 'empty_period', 'inverted', 'bad_kind', 'no_place', 'kind_swap',
                             'cross_era', 'commune_nozero', 'iso_date', 'kind_words', 'prov_sibling',
                             'cross_era_codeclash', 'same_era_into', 'cross_era_rev', 'unknown_same_noprov',
                             'unknown_commune_noprov', 'bad_prov', 'bad_commune', 'merge_restart', 'prov_name', 'padded'],
                            [45, 6, 6, 5, 4, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 2, 3, 2, 1, 2, 4,
                             3, 3, 3, 2, 2, 2, 2, 3, 4, 2])[0]
            want = {'clash': 'cross_era_codeclash', 'restart_first': 'merge_restart', 'unknown_code': 'unknown_same_noprov',
                    'prov_only': 'prov_sibling'}.get(x.get('tag'))
            if want and rng.random() < 0.6:
                f = want
            r = dict(prov=x['prov'], commune=x['commune'], tu=fmt(x['start']), den=fmt(x['end']) if x['end'] else '',
                     kind=x['kind'], fault=f)
            if nohist:
                r['fault'] = 'no_history'
            elif f == 'exact':
                pass
            elif f == 'shift_start':
                d = rng.choice([-1, 1, -30, 45, -400, 90])
                ns = x['start'] + dt.timedelta(days=d)
                if x['end'] and ns >= x['end']:
                    ns = x['start'] - dt.timedelta(days=5)
                r['tu'] = fmt(ns)
            elif f == 'shift_end':
                if x['end'] is None:
                    r['den'] = fmt(max(x['start'] + dt.timedelta(days=10), D(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))))
                elif rng.random() < 0.3:
                    r['den'] = ''
                else:
                    ne = x['end'] + dt.timedelta(days=rng.choice([-1, 1, 20, -20, 200]))
                    if ne <= x['start']:
                        ne = x['end'] + dt.timedelta(days=3)
                    r['den'] = fmt(ne)
            elif f == 'other_commune':
                if x['start'] < MERGER_DAY:
                    c = g.any_old()
                    while c == x['commune'] or (x['commune'] in reg.old and reg.old[c][1] and reg.old[c][1] == reg.old[x['commune']][1] and False):
                        c = g.any_old()
                    r['commune'] = c
                    r['prov'] = reg.old[c][0]
                else:
                    c = rng.choice(reg.new_codes)
                    r['commune'] = c
                    r['prov'] = reg.new[c]
            elif f == 'drop':
                continue
            elif f == 'prov_only_row':
                # same place given by province only
                pr = place(reg, x)[1]
                if pr is None:
                    r['fault'] = 'exact'
                else:
                    r['commune'] = ''
                    if x['commune'] in reg.old and x['start'] < MERGER_DAY:
                        r['prov'] = rng.choice([reg.old[x['commune']][0], pr])
                    else:
                        r['prov'] = pr
            elif f == 'commune_only_row':
                if not x['commune'] and x['start'] < MERGER_DAY:
                    p3 = [q for q in reg.old_provs if reg.prov_new[q] == reg.province_cell(x['prov'])]
                    p3 = [q for q in p3 if q == x['prov'].zfill(3)] or p3
                    r['commune'] = rng.choice(reg.old_by_prov[p3[0]])
                    r['prov'] = ''
                    r['fault'] = 'commune_only_row_vs_prov_only_base'
                else:
                    r['prov'] = ''
            elif f == 'postmerger_prov':
                pr = place(reg, x)[1]
                if pr:
                    r['prov'] = pr
            elif f == 'prov_contradict':
                pr = place(reg, x)[1]
                r['prov'] = rng.choice([q for q in reg.old_provs if reg.prov_new[q] != pr])
            elif f == 'unknown_commune':
                r['commune'] = rng.choice(reg.unknown_codes)
                pr = place(reg, x)[1]
                if pr:
                    r['prov'] = [q for q in reg.old_provs if reg.prov_new[q] == pr][0] if x['start'] < MERGER_DAY else pr
            elif f == 'bad_date':
                if rng.random() < 0.5:
                    r['tu'] = rng.choice(['abc', '45/45/2020', '2020/99/99', '31/02/2020'])
                else:
                    r['den'] = rng.choice(['xx', '32/13/2021', '31/02/2021'])
                r['fault'] = 'bad_date:' + (r['tu'] if not r['tu'][:1].isdigit() or r['tu'] in ('45/45/2020', '2020/99/99', '31/02/2020') else r['den'])
            elif f == 'empty_period':
                r['den'] = r['tu']
            elif f == 'inverted':
                r['den'] = fmt(x['start'] - dt.timedelta(days=rng.randint(1, 400)))
            elif f == 'bad_kind':
                r['kind'] = rng.choice(['xyz', 'khac', ''])
            elif f == 'no_place':
                r['prov'] = ''
                r['commune'] = ''
            elif f == 'kind_swap':
                r['kind'] = 'tam_tru' if x['kind'] == 'thuong_tru' else 'thuong_tru'
            elif f == 'cross_era':
                if x['start'] < MERGER_DAY and x['commune'] in reg.old and reg.old[x['commune']][1] and (x['end'] is None or x['end'] > D(2025, 9, 1)):
                    # the same stay written in the new era: from after the merger, the new code
                    r['tu'] = fmt(rand_date(rng, MERGER_DAY, D(2025, 9, 1)))
                    into = reg.old[x['commune']][1]
                    r['commune'] = into
                    r['prov'] = reg.new[into]
                    r['fault'] = 'cross_era_into' + ('_samecode' if into == x['commune'] else '')
                else:
                    r['fault'] = 'exact'
            elif f == 'commune_nozero':
                if x['commune'].startswith('0'):
                    r['commune'] = x['commune'].lstrip('0')
                else:
                    r['fault'] = 'exact'
            elif f == 'iso_date':
                r['tu'] = x['start'].isoformat()
                if x['end']:
                    r['den'] = x['end'].isoformat()
            elif f == 'kind_words':
                r['kind'] = rng.choice(['Thường trú', 'THUONG_TRU', 'permanent']) if x['kind'] == 'thuong_tru' else rng.choice(['Tạm trú', 'TAM TRU', 'temporary'])
            elif f == 'prov_sibling':
                # province only on both sides, two old provinces merged into one (same era)
                pr = place(reg, x)[1]
                sib = [q for q in reg.old_provs if reg.prov_new[q] == pr and q != x['prov']]
                if x['start'] < MERGER_DAY and sib and not x['commune'] and len(x['prov']) == 3:
                    r['prov'] = rng.choice(sib)
                    r['fault'] = 'prov_sibling_same_era'
                else:
                    r['fault'] = 'exact'
            elif f == 'cross_era_codeclash':
                # after the merger, the old code itself (a new commune of that code, not the one it went into)
                c = x['commune']
                if x['start'] < MERGER_DAY and c in reg.old and c in reg.new and reg.old[c][1] != c and (x['end'] is None or x['end'] > D(2025, 9, 1)):
                    r['tu'] = fmt(rand_date(rng, MERGER_DAY, D(2025, 9, 1)))
                    r['prov'] = ''
                    r['fault'] = 'cross_era_codeclash(into=%s)' % ('none' if reg.old[c][1] is None else 'other')
                else:
                    r['fault'] = 'exact'
            elif f == 'same_era_into':
                # an old commune whose into-code is the base's old commune code (same era: never the same place)
                c = x['commune']
                src = [o for o, (pp, into) in reg.old.items() if into == c and o != c] if x['start'] < MERGER_DAY and c else []
                if src:
                    r['commune'] = rng.choice(src)
                    r['prov'] = reg.old[r['commune']][0]
                else:
                    r['fault'] = 'exact'
            elif f == 'cross_era_rev':
                # base period begun after the merger (new code); the row begins before it with an old code going into it
                c = x['commune']
                src = [o for o, (pp, into) in reg.old.items() if into == c] if x['start'] >= MERGER_DAY and c in reg.new else []
                if src:
                    o = rng.choice(src)
                    r['commune'] = o
                    r['prov'] = reg.old[o][0]
                    r['tu'] = fmt(x['start'] - dt.timedelta(days=rng.randint(1, 800)))
                    r['fault'] = 'cross_era_rev' + ('_samecode' if o == c else '')
                else:
                    r['fault'] = 'exact'
            elif f == 'unknown_same_noprov':
                if x.get('tag') == 'unknown_code':
                    r['prov'] = ''
                else:
                    r['fault'] = 'exact'
            elif f == 'unknown_commune_noprov':
                r['commune'] = rng.choice(reg.unknown_codes)
                r['prov'] = ''
            elif f == 'bad_prov':
                r['prov'] = rng.choice(['999', 'XYZ', '100'])
                r['fault'] = 'bad_prov:' + r['prov'] + (':with_commune' if r['commune'] else ':no_commune')
            elif f == 'bad_commune':
                r['commune'] = rng.choice(['12a3', '123456', 'abc'])
                r['fault'] = 'bad_commune:' + r['commune']
            elif f == 'merge_restart':
                # one row over two consecutive base periods of one commune
                nxt = [y for y in hist if y.get('tag') == 'restart' and y['start'] == x['end'] and y['commune'] == x['commune']]
                if nxt:
                    r['den'] = fmt(nxt[0]['end']) if nxt[0]['end'] else ''
                    skip_restart.add(id(nxt[0]))
                else:
                    r['fault'] = 'exact'
            elif f == 'prov_name':
                p3 = [q for q in PROV_NAMES if place(reg, x)[1] == reg.prov_new[q]]
                if x['start'] < MERGER_DAY and p3:
                    r['prov'] = PROV_NAMES[p3[0]]
                    if rng.random() < 0.5:
                        r['commune'] = ''
                    r['fault'] = 'prov_name' + ('_only' if not r['commune'] else '_with_commune')
                else:
                    r['fault'] = 'exact'
            elif f == 'padded':
                r['tu'] = ' ' + r['tu'] + ' '
                r['commune'] = ' ' + r['commune'] if r['commune'] else r['commune']
            if id(x) in skip_restart:
                continue
            rows.append(r)
        # a period the base lacks
        if rng.random() < 0.12 or (not rows and rng.random() < 0.5):
            v = rng.random()
            if v < 0.5:
                s = p['dob'] - dt.timedelta(days=rng.randint(400, 2000))
                e = s + dt.timedelta(days=rng.randint(30, 300))
                c = g.any_old()
                rows.append(dict(prov=reg.old[c][0], commune=c, tu=fmt(s), den=fmt(e), kind='thuong_tru', fault='extra_row_before_birth'))
            else:
                s = rand_date(rng, max(p['dob'], D(2000, 1, 1)), D(2025, 5, 1))
                c = g.any_old()
                rows.append(dict(prov=reg.old[c][0], commune=c, tu=fmt(s), den=fmt(s + dt.timedelta(days=rng.randint(30, 300))), kind='tam_tru', fault='extra_row_tam_tru'))
        if not rows:
            continue
        if rng.random() < 0.2:
            rng.shuffle(rows)
        groups.append((p, rows))
    # interleave some persons' rows
    flat = []
    for p, rows in groups:
        for r in rows:
            flat.append((p, r))
    for _ in range(len(flat) // 40):
        i, j = rng.randrange(len(flat)), rng.randrange(len(flat))
        flat[i], flat[j] = flat[j], flat[i]
    out = []
    for k, (p, r) in enumerate(flat):
        out.append(dict(ma_ho_so=f'HS{k:08d}', so_dinh_danh=p['id'], ho_ten=p['name'], ma_tinh=r['prov'],
                        ma_xa=r['commune'], tu_ngay=r['tu'], den_ngay=r['den'], loai_cu_tru=r['kind'],
                        _pid=p['id'], _fault=r['fault']))
    return out


def write_rows(path, rows, cols):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c] for c in cols])


# ----------------------------------------------------------------------------------------------
# run and compare

CHECKED = ('RESIDENCE_', 'PRIORITY_AREA_')


def checked(reasons):
    return {x for x in reasons if x.startswith(CHECKED) or x == 'AREA_DECLARED_INVALID'}


def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if p.returncode not in (0,):
        print(p.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f'doisoat exited {p.returncode}')
    return p.stderr


def read_results(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def describe(reg, per):
    out = []
    for x in sorted(per, key=lambda x: (x['kind'], x['start'])):
        out.append(f"{x['kind'][:2]} [{x['start']},{x['end'] or '…'}) prov={x['prov'] or '-'} xa={x['commune'] or '-'}")
    return '; '.join(out) or '(none)'


def print_groups(a, what, rows, agree, notmatch, groups):
    """Prints one export's agreement and its disagreements by pattern, with examples."""
    print(f'seed {a.seed}: {what} rows {rows}, agree {agree} ({100 * agree / rows:.2f} %), not MATCH {notmatch}')
    for pat, ex in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f'  [{len(ex)}] fault={pat[0]} missing={pat[1]} extra={pat[2]} {pat[3]}')
        for e in ex[:a.examples]:
            print('     ', json.dumps(e, ensure_ascii=False, default=str))
    return dict(rows=rows, agree=agree)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--work', default='/tmp/indep')
    ap.add_argument('--bin', default=BIN)
    ap.add_argument('--persons', type=int, default=20000)
    ap.add_argument('--exam', type=int, default=2000)
    ap.add_argument('--residence-persons', type=int, default=800)
    ap.add_argument('--examples', type=int, default=3)
    a = ap.parse_args()
    reg = Register(REGISTER)
    g = Gen(a.seed, reg)
    g.make_base(a.persons)
    g.make_areas()
    exam = make_exam(g, a.exam)
    res = make_residence(g, a.residence_persons)
    wd = os.path.join(a.work, f'seed{a.seed}')
    os.makedirs(wd, exist_ok=True)
    g.write_base(f'{wd}/base.csv')
    g.write_hist(f'{wd}/residence_base.csv')
    g.write_areas(f'{wd}/priority_areas.csv')
    write_rows(f'{wd}/exam.csv', exam, ['so_bao_danh', 'ho_ten', 'ngay_sinh', 'gioi_tinh', 'so_cccd', 'tinh_truong', 'khu_vuc_uu_tien', 'ma_xa'])
    write_rows(f'{wd}/residence.csv', res, ['ma_ho_so', 'so_dinh_danh', 'ho_ten', 'ma_tinh', 'ma_xa', 'tu_ngay', 'den_ngay', 'loai_cu_tru'])

    # base history as doisoat should read it (parsed back from the file we wrote)
    base = collections.defaultdict(list)
    for pid, per in g.hist.items():
        for x in per:
            base[pid].append(x)

    run(a.bin, ['reconcile', '--base', f'{wd}/base.csv', '--input', f'{wd}/exam.csv', '--base-residence', f'{wd}/residence_base.csv',
                '--priority-areas', f'{wd}/priority_areas.csv', '--exam-year', str(EXAM_YEAR), '--out', f'{wd}/out-exam', '-q'])
    run(a.bin, ['reconcile', '--base', f'{wd}/base.csv', '--input', f'{wd}/residence.csv', '--base-residence', f'{wd}/residence_base.csv',
                '--out', f'{wd}/out-res', '-q'])
    rx = read_results(f'{wd}/out-exam/results.csv')
    rr = read_results(f'{wd}/out-res/results.csv')
    assert len(rx) == len(exam) and len(rr) == len(res)

    report = {}
    # exam
    groups = collections.defaultdict(list)
    agree = 0
    notmatch = 0
    for r, got in zip(exam, rx):
        assert got['key'] == r['so_bao_danh']
        if got['status'] != 'MATCH':
            notmatch += 1
        exp, S = expected_exam(r['khu_vuc_uu_tien'], base[r['_pid']], g.areas)
        gr = checked(got['reasons'].split('|') if got['reasons'] else [])
        ok = gr == exp and got['supported_area'] == S
        if ok:
            agree += 1
            continue
        pat = (r['_fault'], ' '.join(sorted(exp - gr)) or '-', ' '.join(sorted(gr - exp)) or '-',
               'S:%s->%s' % (S or 'none', got['supported_area'] or 'none') if got['supported_area'] != S else '')
        groups[pat].append(dict(row=got['row'], key=r['so_bao_danh'], declared=r['khu_vuc_uu_tien'], status=got['status'],
                                expected=sorted(exp), expected_S=S, got=sorted(gr), got_S=got['supported_area'],
                                base=describe(reg, base[r['_pid']])))
    report['exam'] = print_groups(a, 'exam', len(exam), agree, notmatch, groups)

    # residence
    rows = [dict(pid=r['_pid'], ma_tinh=r['ma_tinh'], ma_xa=r['ma_xa'], tu_ngay=r['tu_ngay'], den_ngay=r['den_ngay'],
                 loai_cu_tru=r['loai_cu_tru']) for r in res]
    expr = expected_residence(reg, rows, base)
    groups = collections.defaultdict(list)
    agree = 0
    notmatch = 0
    for r, got, (exp, od) in zip(res, rr, expr):
        assert got['key'] == r['ma_ho_so']
        if got['status'] != 'MATCH':
            notmatch += 1
        gr = checked(got['reasons'].split('|') if got['reasons'] else [])
        ok = gr == exp and (('RESIDENCE_DATES_DIFFER' not in exp) or got['overlap_days'] == od)
        if ok:
            agree += 1
            continue
        pat = (r['_fault'], ' '.join(sorted(exp - gr)) or '-', ' '.join(sorted(gr - exp)) or '-',
               'overlap' if gr == exp else '')
        groups[pat].append(dict(row=got['row'], key=r['ma_ho_so'], cells=[r['ma_tinh'], r['ma_xa'], r['tu_ngay'], r['den_ngay'], r['loai_cu_tru']],
                                status=got['status'], expected=sorted(exp), exp_overlap=od, got=sorted(gr), got_overlap=got['overlap_days'],
                                base=describe(reg, base[r['_pid']])))
    report['residence'] = print_groups(a, 'residence', len(res), agree, notmatch, groups)

    # the counts summary.json gives for the base's history and the residence rows
    exp = collections.Counter()
    for pid, per in g.hist.items():
        for x in per:
            exp['base_residence_rows'] += 1
            if x['end'] is not None and x['end'] <= x['start']:
                exp['base_residence_rows_empty'] += 1
            if x['commune'] and x['commune'] not in reg.old and x['commune'] not in reg.new:
                exp['base_residence_communes_unknown'] += 1
            elif x['commune'] and x['prov'] and reg.province_cell(x['prov']) != reg.commune_province(x['commune'], x['start']):
                exp['base_residence_province_differs'] += 1
    exp['base_residence_rows'] += g.extra_rows
    exp['base_residence_rows_not_in_base'] = g.extra_rows
    for r in res:
        c = (r['ma_xa'] or '').strip()
        if read_row_period(reg, r['ma_tinh'], r['ma_xa'], r['tu_ngay'], r['den_ngay'], r['loai_cu_tru']) is None:
            continue    # a row whose period cannot be read is not counted (as doisoat does; the README is silent)
        if c.isdigit() and len(c) <= 5:
            c = c.zfill(5)
            try:
                st = parse_date(r['tu_ngay'])
            except ValueError:
                st = None
            if c not in reg.old and c not in reg.new:
                exp['communes_unknown'] += 1
            elif st and r['ma_tinh'].strip() and reg.province_cell(r['ma_tinh']) and reg.province_cell(r['ma_tinh']) != reg.commune_province(c, st):
                exp['province_differs'] += 1
    for name, path in (('exam', 'out-exam'), ('residence', 'out-res')):
        chk = json.load(open(f'{wd}/{path}/summary.json')).get('check', {})
        keys = [k for k in exp if k.startswith('base_')] + ([] if name == 'exam' else ['communes_unknown', 'province_differs'])
        print(f'summary.json check ({name}): ' + ', '.join(f'{k} {chk.get(k)} (expected {exp[k]})' for k in keys))
    json.dump(report, open(f'{wd}/agreement.json', 'w'))


if __name__ == '__main__':
    main()

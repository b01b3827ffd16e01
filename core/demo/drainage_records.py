"""Records of the drainage network: CCTV surveys and repairs of pipes, cover and grate works.

Pipes (CJJ 181-2012): about 70 % of segments have one or two CCTV surveys in
2019–2025. A survey draws the segment's structural and functional scores F and
G (worse with age, brick and concrete), computes RI and MI and grades the
segment by the worse of the two (Ⅰ–Ⅳ, written I … IV). Ⅲ/Ⅳ repair grades get
a local or whole-segment repair, Ⅲ/Ⅳ maintenance grades a cleaning; a finished
repair is followed by an acceptance survey, so the latest grade reflects it.

Manholes: each wide-rim anti-settlement cover (新型宽边防沉降井盖) has its
replacement work on its ``cover_replaced_on`` date; a few covers have
emergency repairs dispatched in rotation among the contractors (综合井盖案件轮派).
Rain inlets: grate replacements (雨篦更换) and the inlets added since 2019 (增设雨水口).
"""
from __future__ import annotations

import datetime as _dt

from . import grading as Gr
from .context import FIRST_YEAR, LAST_YEAR, REFERENCE_DATE, in_year, plus_days
from .records import Records, inspection, set_latest, work

STRUCTURAL = ("破裂(PL)", "变形(BX)", "腐蚀(FS)", "错口(CK)", "起伏(QF)", "脱节(TJ)", "渗漏(SL)", "支管暗接(AJ)",
              "异物穿入(CR)")
FUNCTIONAL = ("沉积(CJ)", "结垢(JG)", "障碍物(ZW)", "树根(SG)", "残墙坝根(CQ)")
SCORES = (0.5, 1.0, 2.0, 3.0, 5.0, 6.5, 8.0, 10.0)
STRUCTURAL_WEIGHTS = (0.25, 0.12, 0.25, 0.13, 0.13, 0.06, 0.04, 0.02)
FUNCTIONAL_WEIGHTS = (0.22, 0.15, 0.25, 0.14, 0.12, 0.06, 0.04, 0.02)
PIPE_CONTRACTORS = ("宜昌江城排水管网运营有限公司", "宜昌清源管道检测修复有限公司")
CYCLE_BY_GRADE = {"I": 5.0, "II": 3.0, "III": 1.0, "IV": 0.25}
COVER_UNITS = ("宜昌市政建设工程有限公司", "宜昌城投市政养护有限公司", "湖北峡江市政工程有限公司")
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}


def _level(score: float) -> int:
    return 1 if score <= 1 else 2 if score <= 3 else 3 if score <= 6 else 4


def _score(rng, p_defect: float, weights) -> float:
    if rng.random() >= p_defect:
        return 0.0
    return round(rng.choices(SCORES, weights)[0] * rng.uniform(0.85, 1.15), 2)


def _describe(rng, f: float, g: float, ind: dict, grade: str) -> str:
    parts = []
    if f > 0:
        parts.append(f"结构性缺陷{rng.choice(STRUCTURAL)}{_level(f)}级")
    if g > 0:
        parts.append(f"功能性缺陷{rng.choice(FUNCTIONAL)}{_level(g)}级")
    found = "、".join(parts) if parts else "未发现明显缺陷"
    return (f"CCTV检测：{found}；修复指数RI {ind['RI']}（{ROMAN[Gr.pipe_index_grade(ind['RI'])]}级），"
            f"养护指数MI {ind['MI']}（{ROMAN[Gr.pipe_index_grade(ind['MI'])]}级），评定{ROMAN[grade]}级。")


class PipeRecords:
    """CCTV surveys and works of one district's pipes."""

    def __init__(self, rng, inspectors: list):
        self.rng, self.inspectors = rng, inspectors
        self.out = Records.empty()

    def add(self, pipe: dict) -> None:
        rng = self.rng
        r = rng.random()
        wanted = 0 if r < 0.3 else 1 if r < 0.87 else 2
        first = max(FIRST_YEAR, pipe["built_year"] + 1)
        if wanted == 0 or first > LAST_YEAR:
            return
        years = sorted(rng.sample(range(first, LAST_YEAR + 1), min(wanted, LAST_YEAR + 1 - first)))
        mine: list = []
        busy_until = _dt.date.min
        for year in years:
            on = in_year(rng, year)
            if on <= busy_until:
                continue
            age = year - pipe["built_year"]
            frail = {"brick": 0.2, "concrete": 0.06}.get(pipe["material"], 0.0)
            f = _score(rng, min(0.85, 0.12 + 0.012 * age + frail), STRUCTURAL_WEIGHTS)
            g = _score(rng, 0.3 + (0.1 if pipe["diameter_mm"] <= 400 else 0.0), FUNCTIONAL_WEIGHTS)
            busy_until = self._survey(pipe, on, f, g, mine)
        set_latest(pipe, mine, "CJJ181-2012", CYCLE_BY_GRADE.get)
        self.out.inspections.extend(mine)

    def _survey(self, pipe: dict, on, f: float, g: float, mine: list, follow_up: bool = False) -> _dt.date:
        """Record a survey and what it calls for; return the date until which the segment is being worked on."""
        rng = self.rng
        ind = Gr.pipe_indices(f, g, pipe["area_class"], pipe["soil_class"], pipe["diameter_mm"])
        grade = Gr.pipe_grade(ind["RI"], ind["MI"])
        mine.append(inspection(rng, pipe, "drain_pipe", on, "cctv", rng.choice(self.inspectors), "CJJ181-2012",
                               ind, grade, ("修复后验收检测。" if follow_up else "") + _describe(rng, f, g, ind, grade)))
        if follow_up:
            return on
        repair = Gr.pipe_index_grade(ind["RI"])
        clean = Gr.pipe_index_grade(ind["MI"])
        until = on
        if repair in ("III", "IV") and rng.random() < (0.7 if repair == "III" else 0.95):
            until = self._repair(pipe, on, repair)
        elif clean in ("III", "IV") and rng.random() < 0.8:
            started = plus_days(on, rng.randint(7, 60))
            finished = plus_days(started, rng.randint(1, 3))
            work(rng, self.out, pipe, "drain_pipe", "minor", started, finished, "管道清疏：高压射水清淤、绞车疏通",
                 rng.choice(PIPE_CONTRACTORS), pipe["length_m"] * rng.uniform(20, 40))
            until = finished
        again = plus_days(until, rng.randint(5, 30))
        if until > on and again <= REFERENCE_DATE:
            f_after = f if until == on or repair not in ("III", "IV") else 0.0
            return self._survey(pipe, again, f_after, round(rng.uniform(0, 0.6), 2), mine, follow_up=True)
        return until

    def _repair(self, pipe: dict, on, repair: str) -> _dt.date:
        rng = self.rng
        started = plus_days(on, rng.randint(10, 120) if repair == "III" else rng.randint(3, 30))
        length = pipe["length_m"]
        if repair == "III":
            spots = rng.randint(1, 3)
            desc, mats = "局部修复：点状原位固化(S-CIPP)", (("点状原位固化修复", "处", spots),)
            category, days, cost = "corrective", rng.randint(1, 5), spots * rng.uniform(8e3, 1.5e4)
        elif pipe["diameter_mm"] <= 600 and rng.random() < 0.4:
            desc, mats = "开挖翻建：更换管段", (("HDPE双壁波纹管", "m", length),)
            category, days, cost = "major", rng.randint(7, 30), length * rng.uniform(2.5e3, 4.5e3)
        else:
            desc, mats = "整体修复：紫外光固化内衬(UV-CIPP)", (("UV-CIPP内衬", "m", length),)
            category, days = "major", rng.randint(2, 10)
            cost = length * pipe["diameter_mm"] / 1000 * rng.uniform(3e3, 5e3)
        finished = plus_days(started, days)
        work(rng, self.out, pipe, "drain_pipe", category, started, finished, desc, rng.choice(PIPE_CONTRACTORS),
             cost, mats)
        return finished


def manhole_records(rng, manholes: list) -> Records:
    out = Records.empty()
    turn = 0
    for m in manholes:
        if m["cover_replaced_on"]:
            on = _dt.date.fromisoformat(m["cover_replaced_on"])
            work(rng, out, m, "manhole", "minor", on, on, f"更换新型宽边防沉降井盖（{m['load_class']}）",
                 COVER_UNITS[turn % len(COVER_UNITS)], rng.uniform(1800, 3200), (("宽边防沉降井盖", "套", 1),))
            turn += 1
        if rng.random() < 0.01:
            on = in_year(rng, rng.randint(FIRST_YEAR, LAST_YEAR))
            work(rng, out, m, "manhole", "emergency", on, plus_days(on, rng.randint(0, 1)),
                 "井盖破损抢修（综合井盖案件轮派）", COVER_UNITS[turn % len(COVER_UNITS)],
                 rng.uniform(800, 2500), (("球墨铸铁井盖", "套", 1),))
            turn += 1
    return out


def inlet_records(rng, inlets: list) -> Records:
    out = Records.empty()
    for inlet in inlets:
        if inlet["notes"] == "增设雨水口":
            on = in_year(rng, inlet["built_year"], 3, 10)
            work(rng, out, inlet, "rain_inlet", "minor", on, plus_days(on, rng.randint(2, 7)), "增设雨水口",
                 COVER_UNITS[0], rng.uniform(4000, 9000), (("雨水口", "座", 1),))
        elif rng.random() < 0.07:
            on = in_year(rng, rng.randint(FIRST_YEAR, LAST_YEAR))
            work(rng, out, inlet, "rain_inlet", "minor", on, on, "更换新型雨篦（防盗、防沉降）", COVER_UNITS[1],
                 inlet["grates"] * rng.uniform(400, 900), (("新型雨篦", "套", inlet["grates"]),))
    return out

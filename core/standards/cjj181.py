"""CJJ 181-2012 drainage pipe segments: structural F/RI and functional G/MI (STANDARDS.md §1).

One segment (manhole to manhole) is graded from its CCTV defect list. Steps (§1.2):

1. each defect is *local* (counts 1 m) or *continuous* (its real length when over 1 m);
2. local defects close together are merged into one defect whose score is their sum (option
   ``merge``, cap ``merge_cap``);
3. every scored defect falls in spacing group 1 (clear distance to its neighbour > 1.5 m) or
   group 2 (factor α = β = 1.1) — option ``neighbour`` says which neighbour;
4. S = (ΣP₁ + α·ΣP₂)/n, Smax, F = max(Smax, S), S_M = (ΣP₁L₁ + α·ΣP₂L₂)/(S·L); the same with
   Y, Ymax, G, Y_M for the functional defects;
5. RI = 0.7F + 0.1K + 0.05E + 0.15T and MI = 0.8G + 0.15K + 0.05E, graded I-IV.

The controlling grade is the worse of the repair grade (RI) and the maintenance grade (MI).

Monotonicity: F is not monotone in the defect list. S is a mean and group-2 defects weigh 1.1, so
S can exceed Smax; a small defect added far away lowers S and F (two score-10 defects 1.2 m apart:
F = 11, RI 7.7, IV; add a score-0.5 defect: F = 10, RI 7.0, III). The literal formula is the
default; option ``monotone_f`` takes F (and G) as the largest *weighted* defect score instead (α·P in
group 2 or for a merged defect, P otherwise), which is never below the literal F and never drops
when a defect is added (with ``neighbour="nearest"``).
"""
from __future__ import annotations

import math
from functools import cache
from typing import Mapping

from .base import (
    ITEM_EXTRA_KEYS,
    Assessment,
    Option,
    StandardDef,
    boolean,
    check_keys,
    choice,
    clean,
    grade_at_most,
    integer,
    load_table,
    mapping,
    number,
    one_of,
    opt_number,
    required,
    sequence,
)

CODE = "CJJ181-2012"
ORIENTATIONS = ("circumferential", "longitudinal")
DATA_KEYS = ("length_m", "diameter_mm", "area_class", "soil_class", "defects")
DEFECT_KEYS = ("code", "grade", "start_m", "end_m", "orientation") + ITEM_EXTRA_KEYS

OPTIONS = (
    Option("merge", "centre_distance", "C",
           "How local defects 'within the same 1 m' are merged (§1.2, [U]). 'centre_distance': defects "
           "whose centres are less than 1 m apart, chained (a-b and b-c merge a, b and c), as in a "
           "third-party implementation [C]; 'metre_bucket': defects in the same whole metre of chainage "
           "(floor of the position).", one_of("centre_distance", "metre_bucket")),
    Option("merge_cap", 10.0, "U",
           "Cap on the summed score of merged defects (the cap of 10 is [U]; the [C] implementation has "
           "none). None = no cap. The cap never lowers a merged defect below its worst member.",
           opt_number(minimum=0.0, allow_none=True)),
    Option("neighbour", "nearest", "U",
           "Which neighbour's clear distance decides the spacing group (§1.2: open interpretation). "
           "'nearest': the nearest defect on either side; 'next': the next defect down the segment "
           "(the last defect uses the one before it).", one_of("nearest", "next")),
    Option("low_score_zeroes", "KE", "U",
           "Which of K and E are 0 when F < 4 (for RI) and G < 4 (for MI). 'KE' (both) is the reading "
           "under which STANDARDS.md's edge case gives RI 1.4 and its functional example MI 1.6; 'K' "
           "zeroes only K (the 'F小于4' form option [C]); 'none' gives RI 2.15 and MI 2.65 there.",
           one_of("KE", "K", "none")),
    Option("monotone_f", False, "",
           "Engine option, not a reading of the standard. False: F = max(Smax, S) literally (adding a "
           "small defect can lower F). True: F (and G) = the largest weighted defect score (α·P for a "
           "defect in spacing group 2 or merged from several, P otherwise); never below the literal F, "
           "never lower after adding a defect (with neighbour='nearest').", boolean),
)


class _Defect:
    """One defect as read: ``a``-``b`` is its extent for spacing (a point for local defects)."""

    __slots__ = ("code", "grade", "score", "family", "continuous", "a", "b", "length")

    def __init__(self, code, grade, score, family, continuous, a, b, length):
        self.code, self.grade, self.score, self.family = code, grade, score, family
        self.continuous, self.a, self.b, self.length = continuous, a, b, length


class _Unit:
    """A scored defect after merging: one or more defects counted as one."""

    __slots__ = ("a", "b", "score", "length", "labels", "group", "clear")

    def __init__(self, a, b, score, length, labels):
        self.a, self.b, self.score, self.length, self.labels = a, b, score, length, labels
        self.group, self.clear = 1, math.inf


def _table() -> dict:
    return load_table(CODE)


@cache
def _codes() -> dict:
    """code -> (scores, number of grades, family, extent), from the data file."""
    out = {}
    for code, spec in _table()["defects"].items():
        scores = spec["scores"]
        n = sum(1 for x in scores if x is not None) or len(scores)
        out[code] = (scores, n, spec["family"], spec["extent"])
    return out


def diameter_factor(diameter_mm: float) -> int:
    """E from the diameter D in mm (§1.2): 10 if D>1500; 6 if 1000<D≤1500; 3 if 600≤D≤1000; else 0."""
    for row in _table()["E"]:
        if "diameter_over_mm" in row and diameter_mm > row["diameter_over_mm"]:
            return row["value"]
        if "diameter_from_mm" in row and diameter_mm >= row["diameter_from_mm"]:
            return row["value"]
        if row.get("otherwise"):
            return row["value"]
    return 0


def grade_of(index_name: str, value: float) -> str:
    """The I-IV grade of ``F``, ``G``, ``RI`` or ``MI`` (all 'at most' thresholds, §1.2)."""
    spec = _table()["grades"][index_name]
    return grade_at_most(clean(value), spec["at_most"], spec["worst"])


def defect_type(s_m: float) -> str:
    """局部缺陷 below 0.1, 部分或整体缺陷 below 0.5, else 整体缺陷 (§1.2)."""
    t = _table()
    for limit, name in t["defect_type"]:
        if clean(s_m) < limit:
            return name
    return t["defect_type_worst"]


# --------------------------------------------------------------------------- input
def _read_defect(raw, i: int, length: float) -> _Defect:
    path = f"defects[{i}]"
    d = mapping(raw, path)
    check_keys(d, path, DEFECT_KEYS)
    codes = _codes()
    code_raw = required(d, "code", path)
    code = code_raw.strip().upper() if isinstance(code_raw, str) else code_raw
    if code not in codes:
        raise ValueError(f"{path}.code: {code_raw!r} is not a CJJ 181 defect code ({', '.join(codes)})")
    scores, n_grades, family, extent = codes[code]
    g = required(d, "grade", path)
    grade = g if (type(g) is int and 1 <= g <= n_grades) else \
        integer(g, f"{path}.grade", 1, n_grades, f"a grade of {code}")
    start = number(required(d, "start_m", path), f"{path}.start_m")
    if start > length:
        raise ValueError(f"{path}.start_m: {start:g} is beyond the segment length {length:g}")
    end = d.get("end_m")
    if end is not None:
        end = number(end, f"{path}.end_m")
        if end < start:
            raise ValueError(f"{path}.end_m: {end:g} is before start_m {start:g}")
        if end > length:
            raise ValueError(f"{path}.end_m: {end:g} is beyond the segment length {length:g}")
    orientation = d.get("orientation")
    if orientation is not None:
        choice(orientation, f"{path}.orientation", ORIENTATIONS)
    continuous = extent == "continuous" or (extent == "oriented" and orientation == "longitudinal")
    one_m = _table()["local_length_m"]
    score = float(scores[grade - 1]) if family != "recorded" else 0.0
    if continuous:
        b = start if end is None else end
        return _Defect(code, grade, score, family, True, start, b, max(b - start, one_m))
    centre = start if end is None else (start + end) / 2
    return _Defect(code, grade, score, family, False, centre, centre, one_m)


# --------------------------------------------------------------------------- scoring
def _merge(local: list, how: str, cap) -> list:
    """Local defects 'within the same 1 m' merged into units (§1.2)."""
    dist = _table()["merge_distance_m"]
    one_m = _table()["local_length_m"]
    items = sorted(local, key=lambda d: (d.a, d.code, d.grade))
    clusters: list = []
    for d in items:
        if clusters:
            last = clusters[-1]
            same = (clean(d.a - last[-1].a) < dist) if how == "centre_distance" else \
                (math.floor(d.a) == math.floor(last[0].a))
            if same:
                last.append(d)
                continue
        clusters.append([d])
    units = []
    for c in clusters:
        total = math.fsum(d.score for d in c)
        if len(c) > 1 and cap is not None:
            total = max(max(d.score for d in c), min(cap, total))
        units.append(_Unit(c[0].a, c[-1].a, total, one_m, tuple(f"{d.code}-{d.grade}" for d in c)))
    return units


def _gap(u: _Unit, v: _Unit) -> float:
    return max(0.0, max(u.a, v.a) - min(u.b, v.b))


def _group(units: list, neighbour: str) -> None:
    limit = _table()["spacing"]["group1_clear_distance_over_m"]
    n = len(units)
    for i, u in enumerate(units):
        if n == 1:
            u.clear = math.inf
        elif neighbour == "nearest":
            u.clear = min(_gap(u, v) for j, v in enumerate(units) if j != i)
        else:
            u.clear = _gap(u, units[i + 1] if i + 1 < n else units[i - 1])
        u.group = 1 if clean(u.clear) > limit else 2


def _family(defects: list, length: float, factor: float, opts: dict) -> dict:
    """S, Smax, F and S_M (or Y, Ymax, G, Y_M) of one family of defects."""
    local = [d for d in defects if not d.continuous]
    units = _merge(local, opts["merge"], opts["merge_cap"])
    units += [_Unit(d.a, d.b, d.score, d.length, (f"{d.code}-{d.grade}",)) for d in defects if d.continuous]
    units.sort(key=lambda u: (u.a, u.b, u.score, u.labels))
    if not units:
        return {"mean": 0.0, "max": 0.0, "F": 0.0, "M": 0.0, "n1": 0, "n2": 0, "units": []}
    _group(units, opts["neighbour"])
    weighted = [u.score * (factor if u.group == 2 else 1.0) for u in units]
    mean = math.fsum(weighted) / len(units)
    smax = max(u.score for u in units)
    if opts["monotone_f"]:
        # merged defects count as group 2 here: their members lie less than 1.5 m apart, and
        # otherwise joining two close units into one could drop the factor α
        f = max(u.score * (factor if (u.group == 2 or len(u.labels) > 1) else 1.0) for u in units)
    else:
        f = max(smax, mean)
    m = math.fsum(w * u.length for w, u in zip(weighted, units)) / (mean * length) if mean > 0 else 0.0
    return {
        "mean": mean, "max": smax, "F": f, "M": m,
        "n1": sum(1 for u in units if u.group == 1), "n2": sum(1 for u in units if u.group == 2),
        "units": [{"defects": list(u.labels), "from_m": u.a, "to_m": u.b, "score": u.score,
                   "length_m": u.length, "clear_distance_m": None if u.clear == math.inf else u.clear,
                   "group": u.group} for u in units],
    }


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    t = _table()
    length = number(required(data, "length_m"), "length_m", positive=True)
    diameter = number(required(data, "diameter_mm"), "diameter_mm", positive=True)
    area = choice(required(data, "area_class"), "area_class", t["K"])
    soil = choice(required(data, "soil_class"), "soil_class", t["T"])
    raw = sequence(required(data, "defects"), "defects")
    defects = [_read_defect(d, i, length) for i, d in enumerate(raw)]

    k, e, t_soil = t["K"][area], diameter_factor(diameter), t["T"][soil]
    alpha, beta = t["spacing"]["alpha"], t["spacing"]["beta"]
    st = _family([d for d in defects if d.family == "structural"], length, alpha, opts)
    fn = _family([d for d in defects if d.family == "functional"], length, beta, opts)
    notes = []
    zero = opts["low_score_zeroes"]
    low = t["low_score_threshold"]

    f = clean(st["F"])
    k_ri = 0 if ("K" in zero and f < low) else k
    e_ri = 0 if ("E" in zero and f < low) else e
    t_ri = 0 if f == 0 else t_soil
    c = t["RI"]
    ri = c["F"] * f + c["K"] * k_ri + c["E"] * e_ri + c["T"] * t_ri if f > 0 else 0.0

    g = clean(fn["F"])
    k_mi = 0 if ("K" in zero and g < low) else k
    e_mi = 0 if ("E" in zero and g < low) else e
    c = t["MI"]
    mi = c["G"] * g + c["K"] * k_mi + c["E"] * e_mi if g > 0 else 0.0
    if (f == 0 and (k_ri or e_ri)) or (g == 0 and (k_mi or e_mi)):
        notes.append("RI (MI) is 0 when F (G) is 0: K and E weigh the consequences of a defect, "
                     "and there is none")

    grades = {"structural": grade_of("F", f), "RI": grade_of("RI", ri),
              "functional": grade_of("G", g), "MI": grade_of("MI", mi)}
    worst = STANDARD.worst((grades["RI"], grades["MI"]))
    actions = {"RI": t["actions"]["RI"][grades["RI"]], "MI": t["actions"]["MI"][grades["MI"]]}
    action = "；".join(actions[k_] for k_ in ("RI", "MI") if grades[k_] == worst)
    recorded = [{"code": d.code, "grade": d.grade, "from_m": d.a, "to_m": d.b}
                for d in sorted(defects, key=lambda d: (d.a, d.b, d.grade)) if d.family == "recorded"]
    if recorded:
        notes.append("FZ (浮渣) is recorded only, not scored")
    details = {
        "K": k, "E": e, "T": t_soil,
        "structural": {"K_used": k_ri, "E_used": e_ri, "T_used": t_ri, "n1": st["n1"], "n2": st["n2"],
                       "alpha": alpha, "units": st["units"]},
        "functional": {"K_used": k_mi, "E_used": e_mi, "n1": fn["n1"], "n2": fn["n2"], "beta": beta,
                       "units": fn["units"]},
        "defect_type": defect_type(st["M"]) if st["units"] else None,
        "actions": actions,
        "recorded_only": recorded,
    }
    index = {"F": f, "S": st["mean"], "Smax": st["max"], "S_M": st["M"], "RI": ri,
             "G": g, "Y": fn["mean"], "Ymax": fn["max"], "Y_M": fn["M"], "MI": mi}
    return STANDARD.result(index=index, grades=grades, grade=worst, action=action, details=details,
                           options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="CJJ 181-2012 城镇排水管道检测与评估技术规程 (drainage pipes)",
    scale=("I", "II", "III", "IV"),
    categories={"I": "preventive", "II": "minor", "III": "corrective", "IV": "major"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)

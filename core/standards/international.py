"""International alternatives (STANDARDS.md §7): ASTM D6433 PCI, NASSCO PACP, WSA 05, FHWA NBI.

Their editions are not pinned in STANDARDS.md, so the codes carry none ("ASTM-D6433", ...) and
``details["edition"]`` says so. The ``action`` wording of these standards is the engine's Chinese
wording [U] (the standards do not prescribe works in Chinese terms).
"""
from __future__ import annotations

import math
from typing import Mapping

from .base import (
    ITEM_EXTRA_KEYS,
    Assessment,
    StandardDef,
    at,
    check_keys,
    choice,
    clean,
    grade_at_least,
    grade_at_most,
    integer,
    load_table,
    mapping,
    number,
    required,
    sequence,
)


# --------------------------------------------------------------------------- ASTM D6433
def _curve(points, path: str) -> list:
    pts = [tuple(number(v, at(at(path, i), j)) for j, v in enumerate(sequence(p, at(path, i))))
           for i, p in enumerate(sequence(points, path, non_empty=True))]
    if any(len(p) != 2 for p in pts):
        raise ValueError(f"{path}: every point must be [TDV, CDV]")
    pts.sort()
    return pts


def _on_curve(pts: list, x: float, path: str) -> float:
    if not pts[0][0] <= x <= pts[-1][0]:
        raise ValueError(f"{path}: TDV {x:g} is outside the curve ({pts[0][0]:g}-{pts[-1][0]:g})")
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return pts[0][1]


def astm_pci(dvs: list, curves: dict) -> tuple:
    """(PCI, max CDV, iteration rows) by the ASTM D6433 CDV iteration (STANDARDS.md §7)."""
    t = load_table("ASTM-D6433")
    thr = t["dv_threshold"]
    vals = sorted(dvs, reverse=True)
    if sum(1 for v in vals if v > thr) <= 1:
        total = math.fsum(vals)
        return 100 - total, total, [{"q": 1 if vals and vals[0] > thr else 0, "TDV": clean(total),
                                     "CDV": clean(total)}]
    mf = t["m_formula"]
    m = min(mf["max"], mf["base"] + mf["numerator"] / mf["denominator"] * (100 - vals[0]))
    if len(vals) > m:
        whole = int(math.floor(m))
        vals = vals[:whole] + ([vals[whole] * (m - whole)] if m > whole else [])
    rows = []
    while True:
        q = sum(1 for v in vals if v > thr)
        tdv = math.fsum(vals)
        if q <= 1:
            cdv = tdv
        else:
            if str(q) not in curves:
                raise ValueError(f"cdv_curves: the CDV correction curve for q = {q} is needed; give it as "
                                 "{\"%d\": [[TDV, CDV], ...]} (the ASTM curves are not available, "
                                 "STANDARDS.md §7)" % q)
            cdv = _on_curve(curves[str(q)], tdv, at("cdv_curves", str(q)))
        rows.append({"q": q, "TDV": clean(tdv), "CDV": clean(cdv)})
        if q <= 1:
            break
        smallest = min(i for i, v in enumerate(vals) if v > thr and v == min(x for x in vals if x > thr))
        vals[smallest] = float(thr)
    best = max(r["CDV"] for r in rows)
    return 100 - best, best, rows


def _astm(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", ("deduct_values", "cdv_curves"))
    t = load_table("ASTM-D6433")
    dvs = [number(v, at("deduct_values", i), maximum=100)
           for i, v in enumerate(sequence(required(data, "deduct_values"), "deduct_values"))]
    curves = {}
    raw = mapping(data.get("cdv_curves") or {}, "cdv_curves")
    for q, pts in raw.items():
        integer(q, at("cdv_curves", q), 2, 10, "a number of deduct values")
        curves[str(int(q))] = _curve(pts, at("cdv_curves", q))
    pci, cdv, rows = astm_pci(dvs, curves)
    pci = max(0.0, pci)
    grade = grade_at_least(math.floor(clean(pci) + 0.5), t["ratings"]["at_least"], t["ratings"]["worst"])
    return ASTM.result(index={"PCI": pci, "CDV": cdv}, grades={"PCI": grade}, grade=grade,
                       action=t["actions"][grade], details={"iterations": rows}, options=opts,
                       notes=["rating from the PCI rounded to a whole number"])


ASTM = StandardDef(
    code="ASTM-D6433", title="ASTM D6433 pavement condition index (roads)",
    scale=("Good", "Satisfactory", "Fair", "Poor", "Very Poor", "Serious", "Failed"),
    categories={"Good": "preventive", "Satisfactory": "minor", "Fair": "corrective", "Poor": "major",
                "Very Poor": "major", "Serious": "major", "Failed": "major"},
    options=(), run=_astm, data_file="ASTM-D6433")


# --------------------------------------------------------------------------- NASSCO PACP
def _count(n: int) -> str:
    """A count in a quick rating: 1-9, then letters A = 10 ... Z = 35 [U]."""
    if n <= 9:
        return str(n)
    if n <= 35:
        return chr(ord("A") + n - 10)
    raise ValueError(f"defects: {n} defects of one grade cannot be written in a quick rating")


def quick_rating(grades: list) -> str:
    """Highest grade, its count, second-highest grade, its count (``"0000"`` without defects)."""
    counts: dict = {}
    for g in grades:
        counts[g] = counts.get(g, 0) + 1
    top = sorted(counts, reverse=True)[:2]
    parts = [f"{g}{_count(counts[g])}" for g in top]
    return ("".join(parts) + "0000")[:4]


def _pacp(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", ("defects",))
    t = load_table("NASSCO-PACP")
    fam: dict = {f: [] for f in t["families"]}
    for i, d in enumerate(sequence(required(data, "defects"), "defects")):
        path = at("defects", i)
        d = mapping(d, path)
        check_keys(d, path, ("family", "grade", "count") + ITEM_EXTRA_KEYS)
        f = choice(required(d, "family", path), at(path, "family"), t["families"])
        g = integer(required(d, "grade", path), at(path, "grade"), 1, 5, "a PACP grade")
        n = 1 if d.get("count") is None else integer(d["count"], at(path, "count"), 1, 10 ** 6, "a count")
        fam[f].extend([g] * n)
    every = fam["structural"] + fam["om"]

    def rating(gs: list) -> tuple:
        total = sum(gs)
        return float(total), (total / len(gs) if gs else 0.0)

    spr, spri = rating(fam["structural"])
    ompr, ompri = rating(fam["om"])
    opr, opri = rating(every)
    grade = str(max(every)) if every else "0"
    quick = {"structural": quick_rating(fam["structural"]), "om": quick_rating(fam["om"]),
             "overall": quick_rating(every)}
    index = {"SPR": spr, "SPRI": spri, "OMPR": ompr, "OMPRI": ompri, "OPR": opr, "OPRI": opri}
    return PACP.result(index=index, grades={"structural": str(max(fam["structural"], default=0)),
                                            "om": str(max(fam["om"], default=0)), "overall": grade},
                       grade=grade, action=t["actions"][grade], details={"quick_ratings": quick},
                       options=opts, notes=[])


PACP = StandardDef(
    code="NASSCO-PACP", title="NASSCO PACP condition grading (sewers)",
    scale=("0", "1", "2", "3", "4", "5"),
    categories={"0": "preventive", "1": "preventive", "2": "minor", "3": "corrective", "4": "major",
                "5": "major"},
    options=(), run=_pacp, data_file="NASSCO-PACP")


# --------------------------------------------------------------------------- WSA 05
def _wsa(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", ("peak_score", "mean_score", "length_m", "defects"))
    t = load_table("WSA05")
    if data.get("defects") is not None:
        if data.get("peak_score") is not None or data.get("mean_score") is not None:
            raise ValueError("defects: give defects (with length_m) or peak_score and mean_score, not both")
        length = number(required(data, "length_m"), "length_m", positive=True)
        items = []
        for i, d in enumerate(sequence(data["defects"], "defects")):
            path = at("defects", i)
            d = mapping(d, path)
            check_keys(d, path, ("score", "position_m") + ITEM_EXTRA_KEYS)
            pos = number(required(d, "position_m", path), at(path, "position_m"), maximum=length)
            items.append((pos, number(required(d, "score", path), at(path, "score"))))
        items.sort()
        win = t["window_m"]
        peak = max((math.fsum(s for p, s in items if p0 <= p < p0 + win) for p0, _ in items), default=0.0)
        mean = math.fsum(s for _, s in items) / length
    else:
        peak = number(required(data, "peak_score"), "peak_score")
        mean = number(required(data, "mean_score"), "mean_score")
    g_peak = grade_at_most(clean(peak), t["peak"]["at_most"], t["peak"]["worst"])
    g_mean = grade_at_most(clean(mean), t["mean"]["at_most"], t["mean"]["worst"])
    grade = WSA.worst((g_peak, g_mean))
    return WSA.result(index={"peak": peak, "mean": mean}, grades={"peak": g_peak, "mean": g_mean},
                      grade=grade, action=t["actions"][grade], details={}, options=opts, notes=[])


WSA = StandardDef(
    code="WSA05", title="WSA 05 structural grade (Australian sewers)",
    scale=("1", "2", "3", "4", "5"),
    categories={"1": "preventive", "2": "minor", "3": "corrective", "4": "major", "5": "major"},
    options=(), run=_wsa, data_file="WSA05")


# --------------------------------------------------------------------------- FHWA NBI
def _nbi(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    t = load_table("NBI")
    check_keys(data, "", t["components"])
    ratings = {}
    for c in t["components"]:
        v = data.get(c)
        if v is None or v == "N":
            continue
        ratings[c] = integer(v, c, 0, 9, "an NBI condition rating (or 'N')")
    if not ratings:
        raise ValueError("deck: at least one component rating is required")
    low = min(ratings.values())
    grade = grade_at_least(low, t["classes"]["at_least"], t["classes"]["worst"])
    index = {k: float(v) for k, v in ratings.items()}
    index["minimum"] = float(low)
    return NBI.result(index=index, grades={"NBI": grade}, grade=grade, action=t["actions"][grade],
                      details={}, options=opts, notes=[])


NBI = StandardDef(
    code="NBI", title="FHWA NBI condition ratings (bridges)",
    scale=("Good", "Fair", "Poor"),
    categories={"Good": "preventive", "Fair": "minor", "Poor": "major"},
    options=(), run=_nbi, data_file="NBI")

STANDARDS = (ASTM, PACP, WSA, NBI)

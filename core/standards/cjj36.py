"""CJJ 36-2016 urban roads: PCI by two-level weighted deduction, RQI, PQI (STANDARDS.md §3.1-3.2).

Steps (§3.1):

1. damage area Aᵢⱼ: the measured area, or for cracks (裂缝类) length × 0.2 m;
2. density ρᵢⱼ = ΣAᵢⱼ/A × 100 % per damage type (capped at 100 %);
3. DPᵢⱼ by piecewise-linear interpolation over the density breakpoints 0.01/0.1/1/10/50/100 %
   (from 0 at density 0) of the single-item deduction table — known for asphalt only, so concrete
   and block distresses give their deduction ``dp`` directly;
4. within damage class i: DPᵢ = Σⱼ DPᵢⱼ·w(uᵢⱼ), uᵢⱼ = DPᵢⱼ/ΣⱼDPᵢⱼ;
5. across classes: PCI = 100 − Σᵢ DPᵢ·w(uᵢ), uᵢ = DPᵢ/ΣDPᵢ; w(u) = 3u³ − 5.5u² + 3.5u.

RQI = max(0, 4.98 − 0.34·IRI) and PQI = w_RQI·20·RQI + w_PCI·PCI (§3.2), graded A-D by road class.
The controlling grade is the worst of PCI, RQI and PQI.

Monotonicity: w(u) makes a small extra deduction dilute the large ones, so adding a distress can
*raise* PCI (坑槽 DP 16.11 alone: PCI 83.89, B on an arterial; add a 线裂 at 0.01 %: PCI 85.20, A).
Literal by default; option ``monotone_deduction`` takes, at both levels, the largest weighted total
over the k largest deductions, which never drops when a distress is added.
"""
from __future__ import annotations

import math
from typing import Mapping

from .base import (
    ITEM_EXTRA_KEYS,
    Assessment,
    Option,
    StandardDef,
    at,
    boolean,
    check_keys,
    choice,
    clean,
    grade_at_least,
    load_table,
    mapping,
    number,
    one_of,
    required,
    sequence,
    weight,
    weighted_deduction,
)

CODE = "CJJ36-2016"
ROAD_CLASSES = ("expressway", "arterial", "secondary", "branch", "lane")
PAVEMENTS = ("asphalt", "concrete", "block")
DATA_KEYS = ("road_class", "pavement", "area_m2", "length_m", "width_m", "distresses", "iri")
DISTRESS_KEYS = ("type", "area_m2", "length_m", "dp") + ITEM_EXTRA_KEYS


def _weights_pair(value, path: str) -> tuple:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValueError(f"{path}: {value!r} is not a pair (w_RQI, w_PCI)")
    pair = tuple(number(v, at(path, i), maximum=1) for i, v in enumerate(value))
    if abs(sum(pair) - 1) > 1e-9:
        raise ValueError(f"{path}: {value!r} does not add up to 1")
    return pair


OPTIONS = (
    Option("secondary_pqi_weights", (0.6, 0.4), "C",
           "PQI weights (w_RQI, w_PCI) of 次干路: implementations differ (§3.2); the default is that of "
           "快速路 and 主干路.", _weights_pair),
    Option("rqi_thresholds", "2016", "C",
           "RQI grade thresholds: '2016' (probably CJJ 36-2016, three implementations) or '2006' (the "
           "alternative column of §3.2, probably the 2006 edition).", one_of("2016", "2006")),
    Option("rqi_boundary", "strict", "U",
           "Whether an RQI exactly on a threshold reaches the better grade: 'strict' (RQI > limit, as "
           "§3.2 prints) or 'inclusive' (RQI >= limit); implementations differ.",
           one_of("strict", "inclusive")),
    Option("monotone_deduction", False, "",
           "Engine option, not a reading of the standard. False: the weighted deductions of §3.1 "
           "literally (adding a small distress can raise PCI). True: at both levels the largest "
           "weighted total over the k largest deductions, so adding a distress never raises PCI.",
           boolean),
)


def _table() -> dict:
    return load_table(CODE)


def _group(road_class: str) -> dict:
    t = _table()
    return t["thresholds"][t["road_class_thresholds"][road_class]]


def pci_grade(value: float, road_class: str) -> str:
    """A/B/C when PCI (or PQI) reaches the class's limit (>=), else D (§3.2)."""
    a, b, c = _group(road_class)["PCI"]
    return grade_at_least(clean(value), [[a, "A"], [b, "B"], [c, "C"]], "D")


def rqi_grade(value: float, road_class: str, edition: str = "2016", boundary: str = "strict") -> str:
    """A/B/C when RQI exceeds (``strict``) or reaches (``inclusive``) the class's limit, else D."""
    a, b, c = _group(road_class)[f"RQI_{edition}"]
    return grade_at_least(clean(value), [[a, "A"], [b, "B"], [c, "C"]], "D", strict=boundary == "strict")


def rqi(iri: float) -> float:
    """RQI = max(0, 4.98 − 0.34·IRI), IRI in m/km (§3.2)."""
    r = _table()["rqi"]
    return max(float(r["minimum"]), r["intercept"] - r["slope_per_iri"] * iri)


def deduction(pavement: str, damage: str, density_pct: float) -> float:
    """DP of one damage type at a density (%): piecewise-linear over the breakpoints (§3.1 step 3)."""
    t = _table()
    values = t["pavements"][pavement]["deductions"][damage]
    xs = [0.0] + [float(x) for x in t["density_breakpoints_pct"]]
    ys = [0.0] + [float(y) for y in values]
    d = min(max(density_pct, 0.0), xs[-1])
    for i in range(1, len(xs)):
        if d <= xs[i]:
            return ys[i - 1] + (ys[i] - ys[i - 1]) * (d - xs[i - 1]) / (xs[i] - xs[i - 1])
    return ys[-1]


def _classes(pavement: str) -> dict:
    p = _table()["pavements"][pavement]
    return _table()["pavements"][p["classes_from"]]["classes"] if "classes_from" in p else p["classes"]


def _read(data: Mapping):
    t = _table()
    road_class = choice(required(data, "road_class"), "road_class", ROAD_CLASSES)
    pavement = choice(required(data, "pavement"), "pavement", PAVEMENTS)
    if data.get("area_m2") is not None:
        if data.get("length_m") is not None or data.get("width_m") is not None:
            raise ValueError("area_m2: give area_m2 or length_m and width_m, not both")
        area = number(data["area_m2"], "area_m2", positive=True)
    elif data.get("length_m") is not None or data.get("width_m") is not None:
        area = (number(required(data, "length_m"), "length_m", positive=True)
                * number(required(data, "width_m"), "width_m", positive=True))
    else:
        raise ValueError("area_m2: is required (or length_m and width_m)")
    classes = _classes(pavement)
    class_of = {name: cls for cls, names in classes.items() for name in names}
    length_ok = {n for cls in t["length_classes"] for n in classes.get(cls, ())}
    width = t["crack_influence_width_m"]
    areas: dict = {}
    given: dict = {}
    first: dict = {}
    for i, raw in enumerate(sequence(required(data, "distresses"), "distresses")):
        path = at("distresses", i)
        d = mapping(raw, path)
        check_keys(d, path, DISTRESS_KEYS)
        typ_raw = required(d, "type", path)
        typ = t["aliases"].get(typ_raw, typ_raw) if isinstance(typ_raw, str) else typ_raw
        if typ not in class_of:
            raise ValueError(f"{at(path, 'type')}: {typ_raw!r} is not a {pavement} distress of CJJ 36 "
                             f"({', '.join(class_of)})")
        kinds = [k for k in ("area_m2", "length_m", "dp") if d.get(k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"{path}: give exactly one of area_m2, length_m or dp for {typ}")
        kind = kinds[0]
        if kind == "dp":
            if typ in given or typ in areas:
                raise ValueError(f"{at(path, 'dp')}: {typ} already has an entry ({first[typ]}); "
                                 "a deduction given directly must be the only entry of its type")
            given[typ] = number(d["dp"], at(path, "dp"), maximum=100)
        else:
            if typ in given:
                raise ValueError(f"{at(path, kind)}: {typ} already has a deduction given directly "
                                 f"({first[typ]})")
            if kind == "length_m" and typ not in length_ok:
                raise ValueError(f"{at(path, 'length_m')}: {typ} is measured by area (area_m2); only "
                                 f"cracks ({', '.join(sorted(length_ok))}) take a length")
            x = number(d[kind], at(path, kind))
            areas.setdefault(typ, []).append(x * width if kind == "length_m" else x)
            if typ not in t["pavements"][pavement]["deductions"]:
                raise ValueError(f"{at(path, 'type')}: no deduction table for {typ} on {pavement} pavement "
                                 "(STANDARDS.md §3.1 gives asphalt values only); give dp")
        first.setdefault(typ, path)
    iri = data.get("iri")
    if iri is not None:
        iri = number(iri, "iri")
    return road_class, pavement, area, class_of, areas, given, iri


def _asphalt_action(grades: list) -> str:
    a = _table()["actions"]["asphalt"]
    if "D" in grades:
        return a["any_D"]
    worst = max(grades)
    if worst == "A":
        return a["all_A"]
    if worst == "B":
        return a["worst_B"]
    return a["all_C"] if min(grades) == "C" else a["worst_C_some_better"]


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    t = _table()
    notes: list = []
    road_class, pavement, area, class_of, areas, given, iri = _read(data)
    coeffs, mono = t["weight_function"], opts["monotone_deduction"]
    if road_class == "lane":
        notes.append("街坊路 (lane) graded as 支路 (branch)")
    if pavement == "block":
        notes.append("block paving: damage classes taken from asphalt, deductions given directly [U]")

    types: dict = {}
    for typ, parts in areas.items():
        density = math.fsum(parts) / area * 100
        if density > 100:
            notes.append(f"{typ}: density {density:.2f} % capped at 100 %")
        types[typ] = {"class": class_of[typ], "area_m2": clean(math.fsum(parts)),
                      "density_pct": clean(density), "dp": deduction(pavement, typ, density)}
    for typ, dp in given.items():
        types[typ] = {"class": class_of[typ], "dp": dp, "given": True}

    cap = float(t["class_deduction_cap"])
    classes: dict = {}
    for cls in dict.fromkeys(class_of.values()):
        dps = [v["dp"] for v in types.values() if v["class"] == cls]
        if not dps:
            continue
        dp = weighted_deduction(dps, coeffs, mono)
        if dp > cap:
            notes.append(f"{cls}: class deduction {dp:.2f} capped at {cap:g}")
            dp = cap
        classes[cls] = {"dp": dp}
    total_cls = math.fsum(c["dp"] for c in classes.values())
    for c in classes.values():
        c["u"] = clean(c["dp"] / total_cls) if total_cls else 0.0
        c["w"] = clean(weight(c["dp"] / total_cls, coeffs)) if total_cls else 0.0
        c["dp"] = clean(c["dp"])
    total = weighted_deduction([c["dp"] for c in classes.values()], coeffs, mono)
    pci = 100.0 - total
    if pci < 0:
        notes.append(f"PCI {pci:.2f} raised to 0")
        pci = 0.0
    for v in types.values():
        v["dp"] = clean(v["dp"])

    index = {"PCI": pci}
    grades = {"PCI": pci_grade(pci, road_class)}
    if iri is not None:
        r = rqi(iri)
        if road_class == "secondary":
            w_r, w_p = opts["secondary_pqi_weights"]
        else:
            w = t["pqi_weights"][road_class]
            w_r, w_p = w["RQI"], w["PCI"]
        pqi = w_r * t["pqi_rqi_scale"] * r + w_p * pci
        index.update(RQI=r, PQI=pqi)
        grades["RQI"] = rqi_grade(r, road_class, opts["rqi_thresholds"], opts["rqi_boundary"])
        grades["PQI"] = pci_grade(pqi, road_class)
    else:
        notes.append("no IRI: RQI and PQI not assessed, PCI only")
    worst = STANDARD.worst(grades.values())
    if pavement == "asphalt":
        action = _asphalt_action(list(grades.values()))
    else:
        action = t["actions"]["by_grade"][worst]
    details = {"road_class": road_class, "pavement": pavement, "area_m2": clean(area),
               "types": dict(sorted(types.items())), "classes": classes, "total_deduction": clean(total)}
    if iri is not None:
        details.update(iri=iri, pqi_weights={"RQI": w_r, "PCI": w_p})
    return STANDARD.result(index=index, grades=grades, grade=worst, action=action, details=details,
                           options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="CJJ 36-2016 城镇道路养护技术规范 (urban roads)",
    scale=("A", "B", "C", "D"),
    categories={"A": "preventive", "B": "minor", "C": "corrective", "D": "major"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)

"""JTG 5210-2018 highway profile: PCI from the damage ratio DR, RQI from IRI (STANDARDS.md §3.3).

An alternative to CJJ 36 for highway-class roads:

* DR = 100·ΣwᵢAᵢ/A (%), with the damage-type weights wᵢ given per distress (the JTG table is not
  available), or DR given directly;
* PCI = 100 − a₀·DR^a₁ (asphalt 15.00/0.412, concrete 10.66/0.461);
* RQI = 100/(1 + a₀·e^(a₁·IRI)) (expressway and class-1: 0.026/0.65; other roads: 0.0185/0.58);
* grades 优 ≥90, 良 ≥80, 中 ≥70, 次 ≥60, 差 <60 for PCI and RQI; the controlling grade is the worse.
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
    load_table,
    mapping,
    number,
    required,
    sequence,
)

CODE = "JTG5210-2018"
ROAD_CLASSES = ("expressway", "class1", "class2", "class3", "class4",
                "arterial", "secondary", "branch", "lane")
DATA_KEYS = ("pavement", "road_class", "dr", "area_m2", "length_m", "width_m", "distresses", "iri")
DISTRESS_KEYS = ("type", "area_m2", "length_m", "weight") + ITEM_EXTRA_KEYS


def _table() -> dict:
    return load_table(CODE)


def grade_of(value: float) -> str:
    """优 ≥90, 良 ≥80, 中 ≥70, 次 ≥60, 差 <60 (PCI and RQI alike)."""
    g = _table()["grades"]
    return grade_at_least(clean(value), g["at_least"], g["worst"])


def pci(dr: float, pavement: str) -> float:
    p = _table()["pci"][pavement]
    return max(0.0, 100 - p["a0"] * dr ** p["a1"]) if dr > 0 else 100.0


def rqi(iri: float, road_class: str) -> float:
    t = _table()
    p = t["rqi"]["high" if road_class in t["rqi_high_classes"] else "other"]
    return 100 / (1 + p["a0"] * math.exp(p["a1"] * iri))


def _dr(data: Mapping, notes: list) -> float:
    if data.get("dr") is not None:
        if data.get("distresses") is not None:
            raise ValueError("dr: give dr or distresses, not both")
        return number(data["dr"], "dr", maximum=100)
    raw = sequence(required(data, "distresses"), "distresses")
    if data.get("area_m2") is not None:
        area = number(data["area_m2"], "area_m2", positive=True)
    else:
        if data.get("length_m") is None and data.get("width_m") is None:
            raise ValueError("area_m2: is required (or length_m and width_m)")
        area = (number(required(data, "length_m"), "length_m", positive=True)
                * number(required(data, "width_m"), "width_m", positive=True))
    terms = []
    for i, d in enumerate(raw):
        path = at("distresses", i)
        d = mapping(d, path)
        check_keys(d, path, DISTRESS_KEYS)
        w = number(required(d, "weight", path), at(path, "weight"))
        kinds = [k for k in ("area_m2", "length_m") if d.get(k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"{path}: give exactly one of area_m2 or length_m")
        a = number(d[kinds[0]], at(path, kinds[0]))
        if kinds[0] == "length_m":
            a *= _table()["crack_influence_width_m"]
        terms.append(w * a)
    dr = 100 * math.fsum(terms) / area
    if dr > 100:
        notes.append(f"DR {dr:.2f} % capped at 100 %")
        dr = 100.0
    return dr


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", DATA_KEYS)
    notes: list = []
    pavement = choice(required(data, "pavement"), "pavement", tuple(_table()["pci"]))
    road_class = choice(required(data, "road_class"), "road_class", ROAD_CLASSES)
    dr = _dr(data, notes)
    index = {"DR": dr, "PCI": pci(dr, pavement)}
    grades = {"PCI": grade_of(index["PCI"])}
    if data.get("iri") is not None:
        index["RQI"] = rqi(number(data["iri"], "iri"), road_class)
        grades["RQI"] = grade_of(index["RQI"])
    else:
        notes.append("no IRI: RQI not assessed")
    worst = STANDARD.worst(grades.values())
    return STANDARD.result(index=index, grades=grades, grade=worst, action=_table()["actions"][worst],
                           details={"pavement": pavement, "road_class": road_class},
                           options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="JTG 5210-2018 公路技术状况评定标准 (highway profile for roads)",
    scale=("优", "良", "中", "次", "差"),
    categories={"优": "preventive", "良": "minor", "中": "corrective", "次": "major", "差": "major"},
    options=(),
    run=_run,
    data_file=CODE,
)

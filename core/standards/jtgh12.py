"""JTG H12-2015 road tunnels: civil-structure condition index JGCI, classes 1-5 (STANDARDS.md §4).

Everything here is [U] (no national grading standard for urban road tunnels was found):

* each item gets a condition value 0-4; with several segments the worst value counts;
* JGCI = 100·[1 − ¼·Σ(JGCIᵢ·wᵢ)/Σwᵢ] over the items given (weights 洞口 15, 洞门 5, 衬砌 40, 路面 15,
  检修道 2, 排水 6, 吊顶及预埋件 10, 内装饰 2, 标志标线 5);
* classes 1 ≥85, 2 70-<85, 3 55-<70, 4 40-<55, 5 <40;
* override (option ``overrides``): 洞口, 洞门, 衬砌, 路面 or 吊顶及预埋件 at 3 → class 4 at least,
  at 4 → class 5.
"""
from __future__ import annotations

import math
from typing import Mapping

from .base import (
    Assessment,
    Option,
    StandardDef,
    at,
    boolean,
    check_keys,
    clean,
    grade_at_least,
    integer,
    load_table,
    mapping,
    required,
    sequence,
)

CODE = "JTGH12-2015"

OPTIONS = (
    Option("overrides", True, "U",
           "Apply the override: 洞口, 洞门, 衬砌, 路面 or 吊顶及预埋件 with value 3 makes the tunnel class 4 at "
           "least, with value 4 class 5.", boolean),
)


def _table() -> dict:
    return load_table(CODE)


def class_of(jgci: float) -> str:
    """1 ≥85, 2 70-<85, 3 55-<70, 4 40-<55, 5 <40."""
    c = _table()["classes"]
    return grade_at_least(clean(jgci), c["at_least"], c["worst"])


def _item(key) -> str:
    t = _table()
    key = t["aliases"].get(key, key) if isinstance(key, str) else key
    for code, spec in t["items"].items():
        if key == code or key == spec["name"]:
            return code
    return ""


def _value(raw, path: str) -> int:
    top = _table()["max_value"]
    if isinstance(raw, (list, tuple)):
        values = sequence(raw, path, non_empty=True)
        return max(integer(v, at(path, i), 0, top, "a condition value") for i, v in enumerate(values))
    return integer(raw, path, 0, top, "a condition value")


def _run(data: Mapping, opts: dict) -> Assessment:
    data = mapping(data, "")
    check_keys(data, "", ("items",))
    t = _table()
    raw = mapping(required(data, "items"), "items")
    if not raw:
        raise ValueError("items: at least one item is required")
    values: dict = {}
    for key, v in raw.items():
        code = _item(key)
        if not code:
            names = ", ".join(f"{s['name']} ({c})" for c, s in t["items"].items())
            raise ValueError(f"{at('items', key)}: {key!r} is not a tunnel item ({names})")
        if code in values:
            raise ValueError(f"{at('items', key)}: {t['items'][code]['name']} is given twice")
        values[code] = _value(v, at("items", key))
    items = t["items"]
    sum_w = math.fsum(items[c]["weight"] for c in values)
    weighted = math.fsum(v * items[c]["weight"] for c, v in values.items())
    jgci = 100 * (1 - weighted / (t["max_value"] * sum_w))
    grades = {"JGCI": class_of(jgci)}
    notes: list = []
    if len(values) < len(items):
        missing = [s["name"] for c, s in items.items() if c not in values]
        notes.append(f"items not given, left out of Σw: {', '.join(missing)}")
    if opts["overrides"]:
        trig = {str(v): t["overrides"][str(v)] for c, v in values.items()
                if items[c]["override"] and str(v) in t["overrides"]}
        if trig:
            forced = STANDARD.worst(trig.values())
            grades["override"] = forced
            who = [s["name"] for c, s in items.items() if s["override"] and values.get(c, 0) >= 3]
            notes.append(f"override: {', '.join(who)} at condition value 3 or 4 → class {forced} at least")
    worst = STANDARD.worst(grades.values())
    details = {"items": {c: {"name": items[c]["name"], "value": v, "weight": items[c]["weight"]}
                         for c, v in sorted(values.items(), key=lambda kv: list(items).index(kv[0]))},
               "weighted_sum": clean(weighted), "sum_weights": clean(sum_w)}
    return STANDARD.result(index={"JGCI": jgci}, grades=grades, grade=worst, action=t["actions"][worst],
                           details=details, options=opts, notes=notes)


STANDARD = StandardDef(
    code=CODE,
    title="JTG H12-2015 公路隧道养护技术规范 (tunnels, civil structure)",
    scale=("1", "2", "3", "4", "5"),
    categories={"1": "preventive", "2": "minor", "3": "corrective", "4": "major", "5": "major"},
    options=OPTIONS,
    run=_run,
    data_file=CODE,
)

"""Inspection cycles: when a facility is next due, from its grade, kind and class.

"对照国家相关标准进行体检，根据体检结果对应周期区间". The defaults below follow STANDARDS.md; most
cycle figures there are [U] (recalled, not read from the official text), so every one is a
setting: pass ``config`` (a dict shaped like :data:`DEFAULT_CYCLES`, merged over the defaults per
kind) to change them.

Cycles are in months. The date a cycle runs from is the inspection the assessment used (or the
event, for waterlogging points); without one, ``as_of``.

Defaults:

- **bridge** (CJJ 99 §2, [U]): A/B 常规定期检测 yearly (12); C 12; D/E special inspection within 6.
- **tunnel** (JTG H12 §4, [U]): periodic inspection yearly (12); class 3 and worse 6.
- **drain_pipe** (CJJ 68, [U]): functional check yearly (12) for grades I/II; structural grade III
  within 12; grade IV within 3.
- **road** (CJJ 36, [U]): yearly (12); C/D 6.
- **waterlogging_point** (GB 51222, [U]): before each flood season: the next ``flood_season``
  (month, day) = 1 May strictly after ``as_of``.
- **manhole** (GB/T 23858, [U]): compliant 24; non-compliant 3.

No QGIS import here.
"""
from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any, Mapping, Optional

#: kind -> {"default": months, "by_grade": {grade: months}, ...}; grades as the engine writes them.
DEFAULT_CYCLES: dict = {
    "bridge": {"default": 12, "by_grade": {"A": 12, "B": 12, "C": 12, "D": 6, "E": 6}},
    "tunnel": {"default": 12, "by_grade": {"1": 12, "2": 12, "3": 6, "4": 6, "5": 6}},
    "drain_pipe": {"default": 12, "by_grade": {"I": 12, "II": 12, "III": 12, "IV": 3}},
    "road": {"default": 12, "by_grade": {"A": 12, "B": 12, "C": 6, "D": 6}},
    "waterlogging_point": {"flood_season": (5, 1)},
    "manhole": {"default": 24, "by_grade": {"compliant": 24, "non_compliant": 3}},
}


class Cycles(dict):
    """Merged cycle settings (what :func:`cycles` returns); :func:`next_due` takes them as they are."""


def cycles(config: Optional[Mapping] = None) -> Cycles:
    """The defaults with ``config`` merged over them, kind by kind (``by_grade`` merged too)."""
    if isinstance(config, Cycles):
        return config
    out = Cycles()
    out.update({k: {**v, "by_grade": dict(v.get("by_grade", {}))} for k, v in DEFAULT_CYCLES.items()})
    for kind, conf in (config or {}).items():
        base = out.setdefault(kind, {"default": 12, "by_grade": {}})
        for key, value in conf.items():
            if key == "by_grade":
                base["by_grade"].update(value)
            else:
                base[key] = value
    return out


def add_months(d: _dt.date, months: float) -> _dt.date:
    """``d`` plus whole ``months`` (the day clipped to the month's length)."""
    n = int(round(months))
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return _dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _date(value: Any) -> Optional[_dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _dt.date.fromisoformat(value[:10])
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def _get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict) or isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def next_due(kind: str, facility: Optional[Mapping], assessment: Any, as_of: Any,
             config: Optional[Mapping] = None) -> _dt.date:
    """The date ``facility`` of ``kind`` is next due for inspection.

    ``assessment``: an engine Assessment or a dict with ``grade`` and optionally ``inspected_on``
    (the date the cycle runs from; ``as_of`` when missing). ``facility`` may carry a per-class
    override: ``config[kind]["by_class"][facility class][grade]`` (bridge_class or road_class).
    """
    conf = cycles(config).get(kind, {"default": 12, "by_grade": {}})
    as_of_d = _date(as_of) or _dt.date.today()
    grade = _get(assessment, "grade")
    if "flood_season" in conf:
        month, day = conf["flood_season"]
        due = _dt.date(as_of_d.year, month, day)
        return due if due > as_of_d else _dt.date(as_of_d.year + 1, month, day)
    start = _date(_get(assessment, "inspected_on")) or as_of_d
    months = conf.get("default", 12)
    klass = (_get(facility, "bridge_class") or _get(facility, "road_class")) if facility else None
    by_class = conf.get("by_class", {}).get(klass, {}) if klass else {}
    if grade is not None and str(grade) in by_class:
        months = by_class[str(grade)]
    elif grade is not None and str(grade) in conf.get("by_grade", {}):
        months = conf["by_grade"][str(grade)]
    return add_months(start, months)

"""Rules for health and maintenance records beyond single-field checks.

The schema checks each field alone (types, value lists, ranges); these rules look at a whole
record: an inspection may not be dated in the future, works may not end before they start, a grade
must exist on its standard's scale, quantities may not be negative, a waterlogging event may not be
dated in the future; detail rows of an inspection keep :func:`~.details.check_detail`. Every failure is a
:class:`~safe_municipal.core.validation.ValidationError` naming the field, so a form can show it
inline. Pure Python.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from .details import INSPECTION_DETAIL_TABLES, check_detail
from .schema import value_codes
from .standards import grade_scale
from .validation import QT_TRANSLATE_NOOP, P, ValidationError

#: Grades of each standard a record may carry, best first — the grading engine's own scales, so a
#: record entered by hand is checked against exactly what the engine produces.
GRADE_SCALES: dict = {code: grade_scale(code) for code in value_codes("standard")}

#: Which standard grades which facility kind by default.
DEFAULT_STANDARD: dict = {
    "road": "CJJ36-2016",
    "bridge": "CJJ99-2017",
    "drain_pipe": "CJJ181-2012",
    "tunnel": "JTGH12-2015",
    "waterlogging_point": "GB51222-2017",
    "manhole": "GBT23858-2009",
}


def _date(v) -> Optional[_dt.date]:
    if v in (None, ""):
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    return _dt.date.fromisoformat(str(v))


def grade_rank(standard: str, grade: str) -> int:
    """0 for the best grade of the standard, growing with severity. ValueError for an unknown grade."""
    scale = GRADE_SCALES.get(standard)
    if scale is None:
        raise ValueError(f"unknown standard {standard!r}")
    try:
        return scale.index(grade)
    except ValueError:
        raise ValueError(P(QT_TRANSLATE_NOOP("validation", "grade {grade} is not on the {standard} scale ({scale})"), grade=repr(grade), standard=standard, scale=', '.join(scale))) from None


def check_inspection(row: dict, today: Optional[_dt.date] = None, where="new") -> None:
    today = today or _dt.date.today()
    d = _date(row.get("inspected_on"))
    if d is not None and d > today:
        raise ValidationError("inspection", where, "inspected_on", P(QT_TRANSLATE_NOOP("validation", "is {date}, in the future"), date=d.isoformat()))
    grade, standard = row.get("grade"), row.get("standard")
    if grade not in (None, ""):
        if standard in (None, ""):
            raise ValidationError("inspection", where, "standard", P(QT_TRANSLATE_NOOP("validation", "is required when a grade is given")))
        try:
            grade_rank(standard, grade)
        except ValueError as e:
            raise ValidationError("inspection", where, "grade", e.args[0]) from None


def check_maintenance(row: dict, today: Optional[_dt.date] = None, where="new") -> None:
    start, end = _date(row.get("started_on")), _date(row.get("finished_on"))
    if start and end and end < start:
        raise ValidationError("maintenance", where, "finished_on",
                              P(QT_TRANSLATE_NOOP("validation", "is {end}, before the start {start}"),
                                end=end.isoformat(), start=start.isoformat()))
    today = today or _dt.date.today()
    status = row.get("status")
    if status == "done" and end is None:
        raise ValidationError("maintenance", where, "finished_on", P(QT_TRANSLATE_NOOP("validation", "is required for finished works")))
    if status == "done" and end and end > today:
        raise ValidationError("maintenance", where, "finished_on",
                              P(QT_TRANSLATE_NOOP("validation", "is {date}, in the future, for works marked done"),
                                date=end.isoformat()))
    cost = row.get("cost_yuan")
    if cost is not None and cost < 0:
        raise ValidationError("maintenance", where, "cost_yuan", P(QT_TRANSLATE_NOOP("validation", "is {value}, negative"), value=cost))


def check_material(row: dict, where="new") -> None:
    q = row.get("quantity")
    if q is not None and q < 0:
        raise ValidationError("maintenance_material", where, "quantity", P(QT_TRANSLATE_NOOP("validation", "is {value}, negative"), value=q))


def check_event(row: dict, today: Optional[_dt.date] = None, where="new") -> None:
    """A waterlogging event may not be dated in the future."""
    today = today or _dt.date.today()
    d = _date(row.get("event_on"))
    if d is not None and d > today:
        raise ValidationError("waterlogging_event", where, "event_on", P(QT_TRANSLATE_NOOP("validation", "is {date}, in the future"), date=d.isoformat()))


CHECKS = {"inspection": check_inspection, "maintenance": check_maintenance, "waterlogging_event": check_event}


def check_record(table: str, row: dict, today: Optional[_dt.date] = None, where="new") -> None:
    """Apply the table's record rules (no-op for tables without any)."""
    if table == "maintenance_material":
        check_material(row, where)
    elif table in INSPECTION_DETAIL_TABLES:
        check_detail(table, row, where)
    elif table in CHECKS:
        CHECKS[table](row, today, where)


def index_axis_range(lo: float, hi: float) -> tuple:
    """The range of a chart's index axis around the values [lo, hi]: 0–100 for the usual condition
    indices (PCI, BCI, JGCI …), else a 10 % margin — never below 0 for indices that are not negative
    (RI 1.36 alone gives 0–2.36, not −0.64–3.36)."""
    if lo >= 0 and hi <= 100 and hi - lo > 10:
        return 0.0, 100.0
    pad = (hi - lo) * 0.1 if hi > lo else 1.0
    low = lo - pad
    return (max(0.0, low) if lo >= 0 else low), hi + pad


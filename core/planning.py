"""The maintenance plan (按轻重缓急): which facilities need work in a period, how urgent, at what cost.

Pure Python (no QGIS, no Qt, no SQL): ``layers/planning.py`` reads the store and calls these;
docs/planning.md explains the rules to the office.

A facility gets **one plan item** for the period ``date_from`` … ``date_to`` when at least one
*reason* applies (:data:`REASONS`, in precedence order; the first that applies is the item's
``reason``, all of them are listed in ``reasons``):

- ``cover_noncompliance``: a manhole whose cover is graded ``non_compliant`` by GB/T 23858-2009;
- ``waterlogging_plan``: a waterlogging point with an open "一点一策" plan (status not done or
  cancelled);
- ``grade``: the facility's maintenance category (the assessment's ``recommended_category``; for a
  grade entered by hand without one, the category its standard gives the grade) is one of the
  *grade categories* (default minor, corrective, major — a preventive-only grade is no reason);
- ``overdue_inspection``: the next inspection is due on or before ``date_to`` (overdue before
  ``date_from``, or due within the period).

Its ``category`` is the worst of the facility's category and the reasons' own categories (a cover
or waterlogging plan: corrective; an inspection: preventive). Its urgency::

    urgency = severity × importance × overdue factor            (rounded to 3 decimals)
    severity   = weights.grade_severity[standard][grade], else weights.severity[category]
    importance = weights.kind[kind] × the kind's factors (road class, lanes, bridge class, diameter)
    overdue    = min(cap, 1 + per_year × days overdue / 365)

Its cost: the unit cost of (kind, category) × the quantity of its basis (``per_m``: length_m,
``per_m2``: length_m × width_m, ``per_item``: 1); unknown when the quantity or the unit cost is.

:func:`make_plan` filters (district, kind, category), ranks by urgency (ties by code, kind,
category, reason, uid: deterministic), adds the cumulative cost and places the budget cut line.
"""
from __future__ import annotations

import copy
import datetime as _dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from . import schema as S

#: The plan's categories, mildest first (the assessment's categories; emergencies are not planned).
CATEGORIES = ("preventive", "minor", "corrective", "major")
#: Why a facility is in the plan, in precedence order (the first that applies is the item's reason).
REASONS = ("cover_noncompliance", "waterlogging_plan", "grade", "overdue_inspection")
#: The category a reason asks for by itself (None: the facility's own category).
REASON_CATEGORY = {"cover_noncompliance": "corrective", "waterlogging_plan": "corrective", "grade": None,
                   "overdue_inspection": "preventive"}
#: The maintenance ``work_type`` a planned record gets, by reason.
WORK_TYPE = {"cover_noncompliance": "cover_replacement", "waterlogging_plan": "repair", "grade": "repair",
             "overdue_inspection": "inspection_work"}
#: Maintenance statuses that still cover an item (idempotency: see layers/planning.py).
OPEN_STATUSES = ("planned", "in_progress")
#: Waterlogging plan statuses that close a plan.
CLOSED_PLAN_STATUSES = ("done", "cancelled")
COVER_STANDARD = "GBT23858-2009"
#: Facility categories that are a reason by themselves (store setting ``planning.grade_categories``).
DEFAULT_GRADE_CATEGORIES = ("minor", "corrective", "major")
BASES = ("per_m", "per_m2", "per_item")
UNIT_COSTS_FILE = Path(__file__).resolve().parent.parent / "resources" / "planning" / "unit_costs.json"

#: Store setting keys (``layers/store_settings.py``).
SETTING_WEIGHTS = "planning.weights"
SETTING_GRADE_CATEGORIES = "planning.grade_categories"

#: Urgency weights; the store setting ``planning.weights`` overrides any of them (merged section by section).
DEFAULT_WEIGHTS: dict = {
    # severity of the work's category …
    "severity": {"preventive": 1.0, "minor": 2.0, "corrective": 4.0, "major": 8.0},
    # … or of a grade, where a grade is worse than its category says (CJJ 99 E: unsafe; JTG H12 5: closed)
    "grade_severity": {"CJJ99-2017": {"E": 10.0}, "JTGH12-2015": {"5": 10.0}},
    # importance: the kind, then the kind's own factors (IMPORTANCE_FACTORS)
    "kind": {"road": 1.0, "bridge": 1.5, "tunnel": 1.5, "drain_pipe": 1.0, "manhole": 1.0, "rain_inlet": 1.0,
             "storage_facility": 1.0, "waterlogging_point": 1.0, "outfall": 1.0},
    "road_class": {"expressway": 2.0, "arterial": 1.6, "secondary": 1.3, "branch": 1.0, "lane": 0.8},
    "bridge_class": {"I": 2.0, "II": 1.8, "III": 1.5, "IV": 1.2, "V": 1.0},
    # [from diameter (mm), weight], ascending: the last step at or below the pipe's diameter applies
    "diameter_mm": [[0, 1.0], [600, 1.2], [1000, 1.5], [1500, 2.0]],
    # traffic: 1 + per_lane × (lanes − base) for lanes above base
    "lanes": {"base": 2, "per_lane": 0.1},
    # days overdue: 1 + per_year × days / 365, at most cap
    "overdue": {"per_year": 1.0, "cap": 3.0},
}
#: Which importance factors apply to which kind (a missing attribute counts 1).
IMPORTANCE_FACTORS = {
    "road": ("road_class", "lanes"),
    "bridge": ("bridge_class",),
    "tunnel": ("road_class", "lanes"),
    "drain_pipe": ("diameter_mm",),
    "manhole": ("road_class",),
    "rain_inlet": ("road_class",),
    "waterlogging_point": ("road_class",),
    "storage_facility": (),
    "outfall": (),
}
#: Facility columns the plan reads (those a kind has).
FACILITY_COLUMNS = ("uid", "code", "name", "district", "maintenance_unit", "grade", "grade_standard", "next_due",
                    "recommended_category", "road_class", "bridge_class", "lanes", "diameter_mm", "length_m",
                    "width_m")
#: The columns of a plan's records (:func:`records`, the Processing output, the CSV export), in order.
RECORD_FIELDS = ("rank", "within_budget", "facility_uid", "facility_kind", "code", "name", "district", "category",
                 "reason", "reasons", "work_type", "grade", "grade_standard", "next_due", "days_overdue", "severity",
                 "importance", "overdue_factor", "urgency", "due_on", "cost_basis", "quantity", "unit_cost_yuan",
                 "estimated_cost_yuan", "cumulative_cost_yuan", "responsible_unit", "planned_ref")


class PlanError(ValueError):
    """Bad input to the plan (dates, budget, filters, weights, unit costs); the message names it."""


# --------------------------------------------------------------------------- small helpers
def as_date(value: Any, what: str = "date") -> Optional[_dt.date]:
    """``value`` (date, datetime, ISO text) as a date; None when empty; PlanError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise PlanError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def _number(value: Any, path: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PlanError(f"{path}: {value!r} is not a number")
    if value < minimum:
        raise PlanError(f"{path}: {value!r} is below {minimum:g}")
    return float(value)


def worst_category(*categories: Optional[str]) -> Optional[str]:
    """The most severe of ``categories`` (None and unknown ones ignored)."""
    known = [c for c in categories if c in CATEGORIES]
    return max(known, key=CATEGORIES.index) if known else None


def category_of_grade(standard: Optional[str], grade: Optional[str]) -> Optional[str]:
    """The category ``standard`` gives ``grade`` (None when either is unknown)."""
    if not standard or grade in (None, ""):
        return None
    from .standards import _get  # the standard's own grade → category table

    try:
        return _get(standard).categories.get(str(grade))
    except ValueError:
        return None


# --------------------------------------------------------------------------- weights
def merge_weights(overrides: Optional[Mapping] = None) -> dict:
    """:data:`DEFAULT_WEIGHTS` with ``overrides`` (the store setting) merged in, checked.

    Every section is a mapping merged key by key, except ``diameter_mm`` (a list, replaced whole)
    and ``grade_severity`` (merged per standard). Unknown sections or keys and negative or
    non-numeric weights raise :class:`PlanError` naming ``planning.weights.<section>.<key>``.
    """
    out = copy.deepcopy(DEFAULT_WEIGHTS)
    if overrides is None:
        return out
    root = SETTING_WEIGHTS
    if not isinstance(overrides, Mapping):
        raise PlanError(f"{root}: must be an object of sections ({', '.join(DEFAULT_WEIGHTS)})")
    for section, value in overrides.items():
        path = f"{root}.{section}"
        if section not in DEFAULT_WEIGHTS:
            raise PlanError(f"{path}: unknown section (known: {', '.join(DEFAULT_WEIGHTS)})")
        if section == "diameter_mm":
            out[section] = _steps(value, path)
            continue
        if not isinstance(value, Mapping):
            raise PlanError(f"{path}: must be an object")
        if section == "grade_severity":
            for standard, grades in value.items():
                if not isinstance(grades, Mapping):
                    raise PlanError(f"{path}.{standard}: must be an object of grade: weight")
                target = out[section].setdefault(str(standard), {})
                for grade, w in grades.items():
                    target[str(grade)] = _number(w, f"{path}.{standard}.{grade}")
            continue
        for key, w in value.items():
            if key not in DEFAULT_WEIGHTS[section]:
                raise PlanError(f"{path}.{key}: unknown key (known: {', '.join(DEFAULT_WEIGHTS[section])})")
            out[section][key] = _number(w, f"{path}.{key}", 1.0 if (section, key) == ("overdue", "cap") else 0.0)
    return out


def _steps(value: Any, path: str) -> list:
    if not isinstance(value, (list, tuple)) or not value:
        raise PlanError(f"{path}: must be a list of [from diameter, weight] pairs")
    steps = []
    for i, pair in enumerate(value):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise PlanError(f"{path}[{i}]: must be a [from diameter, weight] pair")
        steps.append([_number(pair[0], f"{path}[{i}][0]"), _number(pair[1], f"{path}[{i}][1]")])
    if [s[0] for s in steps] != sorted(s[0] for s in steps):
        raise PlanError(f"{path}: the diameters must ascend")
    return steps


def grade_categories(value: Any = None) -> tuple:
    """The categories that make a grade a reason (store setting ``planning.grade_categories``)."""
    if value is None:
        return DEFAULT_GRADE_CATEGORIES
    if not isinstance(value, (list, tuple)) or any(c not in CATEGORIES for c in value):
        raise PlanError(f"{SETTING_GRADE_CATEGORIES}: {value!r} must be a list of {', '.join(CATEGORIES)}")
    return tuple(c for c in CATEGORIES if c in value)


def severity(category: str, standard: Optional[str], grade: Optional[str], weights: Mapping) -> float:
    by_grade = weights["grade_severity"].get(standard or "", {})
    if grade is not None and str(grade) in by_grade:
        return by_grade[str(grade)]
    return weights["severity"][category]


def importance(kind: str, facility: Mapping, weights: Mapping) -> float:
    value = weights["kind"].get(kind, 1.0)
    for factor in IMPORTANCE_FACTORS.get(kind, ()):
        if factor in ("road_class", "bridge_class"):
            value *= weights[factor].get(facility.get(factor), 1.0)
        elif factor == "lanes":
            lanes = facility.get("lanes")
            if lanes:
                lw = weights["lanes"]
                value *= 1.0 + lw["per_lane"] * max(0.0, float(lanes) - lw["base"])
        elif factor == "diameter_mm":
            d = facility.get("diameter_mm")
            if d is not None:
                w = 1.0
                for start, step in weights["diameter_mm"]:
                    if float(d) >= start:
                        w = step
                value *= w
    return value


def overdue_factor(days: int, weights: Mapping) -> float:
    o = weights["overdue"]
    return min(o["cap"], 1.0 + o["per_year"] * max(0, days) / 365.0)


# --------------------------------------------------------------------------- unit costs
@dataclass(frozen=True)
class UnitCost:
    basis: str
    unit_cost_yuan: float
    source: str  # "default" or the store row's uid


def default_costs(path: Optional[Path] = None) -> dict:
    """``{(kind, category): UnitCost}`` from ``resources/planning/unit_costs.json`` (versioned defaults)."""
    data = json.loads(Path(path or UNIT_COSTS_FILE).read_text(encoding="utf-8"))
    return merge_costs({}, data["costs"], source="default")


def merge_costs(costs: Mapping, rows: Iterable[Mapping], source: Optional[str] = None) -> dict:
    """``costs`` with ``rows`` (``unit_cost`` table rows, in order: a later row for the same kind and
    category wins) laid over it; a bad row raises :class:`PlanError` naming it and the field."""
    out = dict(costs)
    for i, row in enumerate(rows):
        where = f"unit_cost row {row.get('uid') or i}"
        kind, category, basis = row.get("facility_kind"), row.get("category"), row.get("basis")
        if kind not in S.FACILITY_KINDS:
            raise PlanError(f"{where}: facility_kind {kind!r} is not a facility kind ({', '.join(S.FACILITY_KINDS)})")
        if category not in S.value_codes("maintenance_category"):
            raise PlanError(f"{where}: category {category!r} is not a maintenance category")
        if basis not in BASES:
            raise PlanError(f"{where}: basis {basis!r} is not one of {', '.join(BASES)}")
        value = _number(row.get("unit_cost_yuan"), f"{where}: unit_cost_yuan")
        out[(kind, category)] = UnitCost(basis, value, source or str(row.get("uid") or i))
    return out


def quantity(basis: str, facility: Mapping) -> Optional[float]:
    """The facility's quantity on ``basis`` (None when an attribute it needs is missing)."""
    if basis == "per_item":
        return 1.0
    length = facility.get("length_m")
    if length is None:
        return None
    if basis == "per_m":
        return float(length)
    width = facility.get("width_m")
    return None if width is None else float(length) * float(width)


# --------------------------------------------------------------------------- items
@dataclass(frozen=True)
class PlanItem:
    """Due work on one facility. Immutable: a plan's rank, cumulative cost and cut live in :class:`Plan`."""

    facility_uid: str
    facility_kind: str
    code: str
    name: Optional[str]
    district: Optional[str]
    category: str
    reason: str
    reasons: tuple
    work_type: str
    grade: Optional[str]
    grade_standard: Optional[str]
    next_due: Optional[str]
    days_overdue: int
    severity: float
    importance: float
    overdue_factor: float
    urgency: float
    due_on: str
    cost_basis: Optional[str]
    quantity: Optional[float]
    unit_cost_yuan: Optional[float]
    estimated_cost_yuan: Optional[float]
    responsible_unit: Optional[str]
    planned_ref: Optional[str] = None  # the plan of an open record that covers it already ("" = no plan name)

    @property
    def key(self) -> tuple:
        """(facility, category, reason): what an open planned record must match to cover this item."""
        return (self.facility_uid, self.category, self.reason)

    @property
    def planned(self) -> bool:
        return self.planned_ref is not None

    def sort_key(self) -> tuple:
        return (-self.urgency, self.code, self.facility_kind, self.category, self.reason, self.facility_uid)


def plan_items(kind: str, facilities: Iterable[Mapping], date_from: Any, date_to: Any, *,
               weights: Optional[Mapping] = None, costs: Optional[Mapping] = None,
               grade_cats: Optional[Iterable[str]] = None, open_plans: Optional[Mapping] = None,
               covered: Optional[Mapping] = None) -> list:
    """The plan items of ``facilities`` (rows of ``kind``, with :data:`FACILITY_COLUMNS` they have).

    ``weights``: merged weights (:func:`merge_weights`; default the defaults). ``costs``:
    ``{(kind, category): UnitCost}`` (default :func:`default_costs`). ``grade_cats``: categories
    that are a reason (default :data:`DEFAULT_GRADE_CATEGORIES`). ``open_plans``: ``{point uid:
    {"deadline", "responsible_unit"}}`` of open waterlogging plans. ``covered``: ``{(uid, category,
    reason): plan_ref}`` of open planned records. Unordered; :func:`make_plan` ranks.
    """
    if kind not in S.FACILITY_KINDS:
        raise PlanError(f"kind: {kind!r} is not a facility kind ({', '.join(S.FACILITY_KINDS)})")
    start, end = check_window(date_from, date_to)
    weights = weights if weights is not None else merge_weights()
    costs = costs if costs is not None else default_costs()
    cats = tuple(grade_cats) if grade_cats is not None else DEFAULT_GRADE_CATEGORIES
    open_plans = open_plans or {}
    covered = covered or {}
    out = []
    for f in facilities:
        item = _item(kind, f, start, end, weights, costs, cats, open_plans, covered)
        if item is not None:
            out.append(item)
    return out


def default_end(start: _dt.date) -> _dt.date:
    """The end of a one-year plan starting on ``start`` (the day before the same date a year later)."""
    from .cycles import add_months

    return add_months(start, 12) - _dt.timedelta(days=1)


def check_window(date_from: Any, date_to: Any) -> tuple:
    start, end = as_date(date_from, "from"), as_date(date_to, "to")
    if start is None:
        raise PlanError("from: a start date is required")
    if end is None:
        raise PlanError("to: an end date is required")
    if end < start:
        raise PlanError(f"to: {end.isoformat()} is before from {start.isoformat()}")
    return start, end


def _item(kind: str, f: Mapping, start: _dt.date, end: _dt.date, weights: Mapping, costs: Mapping,
          cats: tuple, open_plans: Mapping, covered: Mapping) -> Optional[PlanItem]:
    uid, grade, standard = f["uid"], f.get("grade"), f.get("grade_standard")
    own = f.get("recommended_category")
    if own not in CATEGORIES:
        own = category_of_grade(standard, grade)
    reasons = []
    cover = kind == "manhole" and grade == "non_compliant" and standard == COVER_STANDARD
    if cover:
        reasons.append("cover_noncompliance")
    wl_plan = open_plans.get(uid) if kind == "waterlogging_point" else None
    if wl_plan is not None:
        reasons.append("waterlogging_plan")
    if not cover and own in cats:
        reasons.append("grade")
    next_due = as_date(f.get("next_due"), f"{kind} {f.get('code')}: next_due")
    if next_due is not None and next_due <= end:
        reasons.append("overdue_inspection")
    if not reasons:
        return None
    reason = reasons[0]
    category = worst_category(own, *(REASON_CATEGORY[r] for r in reasons)) or "preventive"
    deadline = as_date(wl_plan.get("deadline"), f"waterlogging plan of {f.get('code')}: deadline") if wl_plan else None
    refs = [d for d in (next_due, deadline) if d is not None]
    ref = min(refs) if refs else None
    days = max(0, (start - ref).days) if ref is not None else 0
    due = min(max(ref, start), end) if ref is not None else end
    sev = severity(category, standard, grade, weights)
    imp = importance(kind, f, weights)
    odf = overdue_factor(days, weights)
    unit = costs.get((kind, category))
    qty = quantity(unit.basis, f) if unit is not None else None
    cost = round(qty * unit.unit_cost_yuan, 2) if qty is not None else None
    responsible = f.get("maintenance_unit")
    if reason == "waterlogging_plan" and wl_plan.get("responsible_unit"):
        responsible = wl_plan["responsible_unit"]
    return PlanItem(
        facility_uid=uid, facility_kind=kind, code=f.get("code") or "", name=f.get("name"),
        district=f.get("district"), category=category, reason=reason, reasons=tuple(reasons),
        work_type=WORK_TYPE[reason], grade=grade, grade_standard=standard,
        next_due=next_due.isoformat() if next_due else None, days_overdue=days,
        severity=round(sev, 4), importance=round(imp, 4), overdue_factor=round(odf, 4),
        urgency=round(sev * imp * odf, 3), due_on=due.isoformat(),
        cost_basis=unit.basis if unit else None, quantity=round(qty, 3) if qty is not None else None,
        unit_cost_yuan=unit.unit_cost_yuan if unit else None, estimated_cost_yuan=cost,
        responsible_unit=responsible, planned_ref=covered.get((uid, category, reason)))


# --------------------------------------------------------------------------- the ranked plan
@dataclass
class Plan:
    """Items ranked by urgency, with cumulative costs and the budget's cut line.

    ``items[i]`` has rank ``i + 1`` and cumulative cost ``cumulative[i]``; items from ``cut`` on are
    beyond the budget (``cut`` is None without a budget or when everything fits).
    """

    items: list
    date_from: str
    date_to: str
    budget: Optional[float] = None
    cumulative: list = field(default_factory=list)
    cut: Optional[int] = None

    def within_budget(self, i: int) -> bool:
        return self.cut is None or i < self.cut

    @property
    def within(self) -> list:
        return self.items if self.cut is None else self.items[:self.cut]

    @property
    def beyond(self) -> list:
        return [] if self.cut is None else self.items[self.cut:]

    @property
    def total_cost_yuan(self) -> float:
        return self.cumulative[-1] if self.cumulative else 0.0

    @property
    def within_cost_yuan(self) -> float:
        n = len(self.items) if self.cut is None else self.cut
        return self.cumulative[n - 1] if n else 0.0

    def summary(self) -> dict:
        by_category: dict = {}
        by_reason: dict = {}
        for it in self.items:
            by_category[it.category] = by_category.get(it.category, 0) + 1
            by_reason[it.reason] = by_reason.get(it.reason, 0) + 1
        return {"from": self.date_from, "to": self.date_to, "budget": self.budget, "items": len(self.items),
                "within_budget": len(self.within), "beyond_budget": len(self.beyond),
                "total_cost_yuan": round(self.total_cost_yuan, 2),
                "within_budget_cost_yuan": round(self.within_cost_yuan, 2),
                "unknown_cost": sum(1 for it in self.items if it.estimated_cost_yuan is None),
                "already_planned": sum(1 for it in self.items if it.planned),
                "by_category": dict(sorted(by_category.items())), "by_reason": dict(sorted(by_reason.items()))}


def _choice(value: Any, allowed: Iterable[str], what: str) -> Optional[frozenset]:
    """A filter as a set (None = no filter); a value outside ``allowed`` (when given) is an error."""
    if value is None or value == "" or value == ():
        return None
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        return None
    allowed = tuple(allowed) if allowed is not None else None
    for v in values:
        if allowed is not None and v not in allowed:
            raise PlanError(f"{what}: {v!r} is not one of {', '.join(allowed)}")
    return frozenset(values)


def make_plan(items: Iterable[PlanItem], date_from: Any, date_to: Any, budget: Optional[float] = None,
              districts: Any = None, kinds: Any = None, categories: Any = None) -> Plan:
    """Filter ``items`` (a district or districts, kinds, categories; None = all), rank them by urgency
    (ties by code, kind, category, reason, uid) and place the budget's cut line.

    The cut: items are taken in rank order while the cumulative estimated cost stays within
    ``budget``; the first item that would exceed it and every item after it are beyond the budget
    (a strict line, no skipping ahead to cheaper items). An unknown cost counts 0.
    """
    start, end = check_window(date_from, date_to)
    if budget is not None:
        budget = _number(budget, "budget")
    d = _choice(districts, None, "district")
    k = _choice(kinds, S.FACILITY_KINDS, "kinds")
    c = _choice(categories, CATEGORIES, "categories")
    chosen = [it for it in items if (d is None or it.district in d) and (k is None or it.facility_kind in k)
              and (c is None or it.category in c)]
    chosen.sort(key=PlanItem.sort_key)
    cumulative, total, cut = [], 0.0, None
    for i, it in enumerate(chosen):
        total = round(total + (it.estimated_cost_yuan or 0.0), 2)
        cumulative.append(total)
        if cut is None and budget is not None and total > budget + 1e-6:
            cut = i
    return Plan(chosen, start.isoformat(), end.isoformat(), budget, cumulative, cut)


def records(plan: Plan) -> list:
    """The plan as plain dicts (:data:`RECORD_FIELDS`), in rank order: the Processing output and CSV rows."""
    out = []
    for i, it in enumerate(plan.items):
        out.append({"rank": i + 1, "within_budget": plan.within_budget(i), "facility_uid": it.facility_uid,
                    "facility_kind": it.facility_kind, "code": it.code, "name": it.name, "district": it.district,
                    "category": it.category, "reason": it.reason, "reasons": ",".join(it.reasons),
                    "work_type": it.work_type, "grade": it.grade, "grade_standard": it.grade_standard,
                    "next_due": it.next_due, "days_overdue": it.days_overdue, "severity": it.severity,
                    "importance": it.importance, "overdue_factor": it.overdue_factor, "urgency": it.urgency,
                    "due_on": it.due_on, "cost_basis": it.cost_basis, "quantity": it.quantity,
                    "unit_cost_yuan": it.unit_cost_yuan, "estimated_cost_yuan": it.estimated_cost_yuan,
                    "cumulative_cost_yuan": plan.cumulative[i], "responsible_unit": it.responsible_unit,
                    "planned_ref": it.planned_ref})
    return out


def maintenance_row(item: Any, plan_ref: str) -> dict:
    """The planned ``maintenance`` row (without uid) for ``item`` (a PlanItem or a dict with its fields)."""
    get = item.get if isinstance(item, Mapping) else (lambda k, _d=None: getattr(item, k, _d))
    return {"facility_uid": get("facility_uid"), "facility_kind": get("facility_kind"),
            "category": get("category"), "status": "planned", "work_type": get("work_type"),
            "due_on": get("due_on"), "reason": get("reason"), "urgency": get("urgency"),
            "estimated_cost_yuan": get("estimated_cost_yuan"), "responsible_unit": get("responsible_unit"),
            "plan_ref": plan_ref}

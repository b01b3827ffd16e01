"""The maintenance plan on a store: read it set-based, build the ranked plan, accept items as planned works.

:func:`build_plan` reads, per facility kind, only the facilities that may have due work (one query
each: a due category, a grade without category, a next inspection due by the end of the period, a
non-compliant cover, an open waterlogging plan), the open waterlogging plans (one query), the open
planned records (one query), the store's weights and unit costs, and hands them to
``core.planning``. Nothing is written.

:func:`accept` writes one planned ``maintenance`` row per item (status ``planned``, category,
reason, urgency, due date, estimated cost, responsible unit, work type, ``plan_ref``) in **one
transaction**, after checking every item: a bad value or an unknown facility raises
:class:`~safe_municipal.core.validation.ValidationError` naming the item (its position, from 0) and
the field, and nothing is written.

Idempotency rule: an item is *covered* — and not written again — when the store holds an open
maintenance record (status ``planned`` or ``in_progress``) for the same facility, category and
reason, whatever its plan. Accepting the same plan twice, or an overlapping plan, therefore writes
nothing new; once the work is ``done`` the facility can be planned again. Within one call a repeated
item is written once.

Store settings (``layers/store_settings.py``): ``planning.weights`` (urgency weights, merged over
``core.planning.DEFAULT_WEIGHTS``) and ``planning.grade_categories`` (the categories that make a
grade a reason). Unit costs: ``resources/planning/unit_costs.json``, overridden by the rows of the
store's ``unit_cost`` table (a later row for the same kind and category wins).

Both backends (``store.backend`` ``gpkg`` / ``postgis``): the reads are plain SQL; values PostgreSQL
returns in another form (dates, JSON) are put in the GeoPackage store's form (ISO text) before
``core.planning`` sees them; a set of uids is passed as one JSON array (``json_each``) to SQLite and as
one ``uuid[]`` to PostgreSQL; geometries are read as WKB (``ST_AsBinary``) from PostGIS.

``feedback`` is duck-typed like QgsFeedback (``setProgress``, ``isCanceled``). No QGIS import here.
"""
from __future__ import annotations

import json
import math
import struct
import uuid
from typing import Any, Iterable, Optional

from ..core import geometry as geo
from ..core import planning as P
from ..core import schema as S
from ..core.records import check_maintenance
from ..core.validation import QT_TRANSLATE_NOOP, ValidationError, validate_row
from ..core.validation import P as Problem
from . import store_settings
from .gpkg_format import blob_wkb

TABLE = "maintenance"


class PlanCancelled(Exception):
    """The user cancelled building the plan."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check(feedback: Any) -> None:
    if feedback is not None and feedback.isCanceled():
        raise PlanCancelled("building the maintenance plan was cancelled")


def _select(store, table: str, sql: str, params: Iterable, cols: list) -> list:
    """Rows of ``sql`` (columns ``cols`` of ``table``) as tuples in the GeoPackage store's form."""
    rows = store.execute(sql, tuple(params))
    if store.backend != "postgis":
        return list(rows)
    from .pg_store import from_pg

    types = {f.name: f.type for f in S.table(table).fields}
    kinds = [types.get(c, "text") for c in cols]
    return [tuple(v if v is None or k in ("text", "uuid", "integer", "real") else from_pg(k, v)
                  for k, v in zip(kinds, r)) for r in rows]


def _uid_in(store, uids: list) -> tuple:
    """``(SQL condition, params)``: ``uid`` is one of ``uids`` — one parameter whatever their number."""
    if store.backend == "postgis":
        return "uid = ANY(?::uuid[])", (list(uids),)
    return "uid IN (SELECT value FROM json_each(?))", (json.dumps(uids),)


def _setting(store, key: str) -> Any:
    """A store setting's value (None when unset), read through ``store.rows`` (JSON text on both backends;
    ``store_settings.get`` expects text, but psycopg2 hands a ``jsonb`` value over already parsed)."""
    row = next(store.rows(store_settings.TABLE, "key = ?", (key,), columns=["value"]), None)
    if row is None or row["value"] is None:
        return None
    try:
        return json.loads(row["value"])
    except ValueError:
        raise ValidationError(store_settings.TABLE, key, "value", "is not valid JSON") from None


# --------------------------------------------------------------------------- settings
def read_settings(store) -> dict:
    """``{"weights", "grade_categories", "costs"}`` of the store (defaults where it sets nothing).

    Raises :class:`core.planning.PlanError` naming the setting or unit-cost row that is wrong.
    """
    weights = P.merge_weights(_setting(store, P.SETTING_WEIGHTS))
    cats = P.grade_categories(_setting(store, P.SETTING_GRADE_CATEGORIES))
    rows = [dict(zip(("uid", "facility_kind", "category", "basis", "unit_cost_yuan"), r)) for r in store.execute(
        "SELECT uid, facility_kind, category, basis, unit_cost_yuan FROM unit_cost ORDER BY fid")]
    costs = P.merge_costs(P.default_costs(), rows)
    return {"weights": weights, "grade_categories": cats, "costs": costs}


def seed_unit_costs(store) -> int:
    """Copy the default unit costs into the store's ``unit_cost`` table for every kind and category it
    does not price yet (so the office sees and edits them in QGIS); returns how many rows were added."""
    have = {(k, c) for k, c in store.execute("SELECT facility_kind, category FROM unit_cost")}
    rows = [{"uid": str(uuid.uuid4()), "facility_kind": k, "category": c, "basis": u.basis,
             "unit_cost_yuan": u.unit_cost_yuan} for (k, c), u in sorted(P.default_costs().items()) if (k, c) not in have]
    if rows:
        store.insert("unit_cost", rows)
    return len(rows)


# --------------------------------------------------------------------------- reads
def districts(store) -> list:
    """Every district named by a facility of the store, sorted."""
    found: set = set()
    for kind in S.FACILITY_KINDS:
        found.update(r[0] for r in store.execute(f"SELECT DISTINCT district FROM {_q(kind)} WHERE district IS NOT NULL"))
    return sorted(found)


def open_waterlogging_plans(store) -> dict:
    """``{point uid: {"deadline", "responsible_unit", "uid"}}``: each point's open plan with the earliest
    deadline (plans without a deadline last; ties by uid)."""
    closed = P.CLOSED_PLAN_STATUSES
    sql = (f"SELECT facility_uid, deadline, responsible_unit, uid FROM waterlogging_plan "
           f"WHERE status NOT IN ({', '.join('?' * len(closed))}) "
           f"ORDER BY facility_uid, deadline IS NULL, deadline, uid")
    out: dict = {}
    cols = ["facility_uid", "deadline", "responsible_unit", "uid"]
    for fuid, deadline, unit, uid in _select(store, "waterlogging_plan", sql, closed, cols):
        out.setdefault(fuid, {"deadline": deadline, "responsible_unit": unit, "uid": uid})
    return out


def covered_records(store) -> dict:
    """``{(facility uid, category, reason): plan_ref}`` of the open planned records (see the module's rule)."""
    sql = (f"SELECT facility_uid, category, reason, plan_ref FROM {TABLE} WHERE status IN "
           f"({', '.join('?' * len(P.OPEN_STATUSES))}) AND reason IS NOT NULL ORDER BY fid")
    out: dict = {}
    for fuid, category, reason, ref in store.execute(sql, P.OPEN_STATUSES):
        out.setdefault((fuid, category, reason), ref or "")
    return out


def _columns(kind: str) -> list:
    names = set(S.table(kind).field_names)
    return [c for c in P.FACILITY_COLUMNS if c in names]


def read_facilities(store, kind: str, date_to: str, grade_cats: Iterable[str], districts: Any = None) -> list:
    """The rows of ``kind`` that may have due work by ``date_to`` (a superset; core decides), in fid order."""
    cols = _columns(kind)
    cats = list(grade_cats)
    cond = ["next_due <= ?", "(recommended_category IS NULL AND grade IS NOT NULL)"]
    params: list = [date_to]
    if cats:
        cond.insert(0, f"recommended_category IN ({', '.join('?' * len(cats))})")
        params[:0] = cats
    if kind == "manhole":
        cond.append("grade = 'non_compliant'")
    if kind == "waterlogging_point":
        closed = P.CLOSED_PLAN_STATUSES
        cond.append(f"uid IN (SELECT facility_uid FROM waterlogging_plan WHERE status NOT IN "
                    f"({', '.join('?' * len(closed))}))")
        params += list(closed)
    sql = f"SELECT {', '.join(map(_q, cols))} FROM {_q(kind)} WHERE ({' OR '.join(cond)})"
    if districts:
        chosen = [districts] if isinstance(districts, str) else list(districts)
        sql += f" AND district IN ({', '.join('?' * len(chosen))})"
        params += chosen
    sql += " ORDER BY fid"
    return [dict(zip(cols, r)) for r in _select(store, kind, sql, params, cols)]


def build_items(store, date_from: Any, date_to: Any, kinds: Any = None, districts: Any = None,
                feedback: Any = None, settings: Optional[dict] = None) -> list:
    """Every plan item of the store for the period (of ``kinds`` and ``districts`` when given), unranked."""
    start, end = P.check_window(date_from, date_to)
    kinds = _kinds(kinds)
    settings = settings or read_settings(store)
    _check(feedback)
    open_plans = open_waterlogging_plans(store)
    covered = covered_records(store)
    items: list = []
    for n, kind in enumerate(kinds):
        _check(feedback)
        rows = read_facilities(store, kind, end.isoformat(), settings["grade_categories"], districts)
        _check(feedback)
        items += P.plan_items(kind, rows, start, end, weights=settings["weights"], costs=settings["costs"],
                              grade_cats=settings["grade_categories"], open_plans=open_plans, covered=covered)
        if feedback is not None:
            feedback.setProgress(100.0 * (n + 1) / len(kinds))
    return items


def _kinds(kinds: Any) -> tuple:
    if not kinds:
        return tuple(S.FACILITY_KINDS)
    chosen = [kinds] if isinstance(kinds, str) else list(kinds)
    for k in chosen:
        if k not in S.FACILITY_KINDS:
            raise P.PlanError(f"kinds: {k!r} is not a facility kind ({', '.join(S.FACILITY_KINDS)})")
    return tuple(k for k in S.FACILITY_KINDS if k in chosen)


def build_plan(store, date_from: Any, date_to: Any, budget: Optional[float] = None, districts: Any = None,
               kinds: Any = None, categories: Any = None, feedback: Any = None) -> P.Plan:
    """The ranked plan of the store for the period, filtered, with the budget's cut line."""
    items = build_items(store, date_from, date_to, kinds, districts, feedback)
    return P.make_plan(items, date_from, date_to, budget, districts=districts, kinds=kinds, categories=categories)


def representative_points(store, items: Iterable) -> dict:
    """``{facility uid: (x, y)}``, one point per facility: a point facility's own position, the point
    halfway along a line, the centre of an area's bounding box; facilities without geometry are left out."""
    by_kind: dict = {}
    for it in items:
        by_kind.setdefault(it.facility_kind, []).append(it.facility_uid)
    out: dict = {}
    postgis = store.backend == "postgis"
    for kind, uids in by_kind.items():
        cond, params = _uid_in(store, uids)
        geom = "ST_AsBinary(geom)" if postgis else "geom"
        sql = f"SELECT uid, {geom} FROM {_q(kind)} WHERE {cond} AND geom IS NOT NULL"
        for uid, blob in store.execute(sql, params):
            xy = representative_point_wkb(bytes(blob)) if postgis else representative_point(blob)
            if xy is not None:
                out[uid] = xy
    return out


def representative_point(blob: bytes) -> Optional[tuple]:
    """The representative point (see :func:`representative_points`) of a GeoPackage geometry blob."""
    return representative_point_wkb(blob_wkb(blob))


def representative_point_wkb(wkb: Optional[bytes]) -> Optional[tuple]:
    """The representative point (see :func:`representative_points`) of a WKB geometry."""
    if not wkb:
        return None
    points = geo.wkb_points(wkb)
    if not points:
        return None
    base = struct.unpack_from("<I" if wkb[0] == 1 else ">I", wkb, 1)[0] % 1000
    if base in (2, 5):  # (multi)line: halfway along its vertices
        return _halfway(points)
    if base == 1 or len(points) == 1:
        return tuple(points[0][:2])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return ((min(xs) + max(xs)) / 2.0, (min(ys) + max(ys)) / 2.0)


def _halfway(points: list) -> tuple:
    steps = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:])]
    half = sum(steps) / 2.0
    for (a, b), step in zip(zip(points, points[1:]), steps):
        if step > 0 and half <= step:
            t = half / step
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        half -= step
    return tuple(points[-1][:2])


# --------------------------------------------------------------------------- accepting
def accept(store, items: Iterable, plan_ref: str, today: Any = None) -> dict:
    """Write a planned maintenance record for each item not covered yet, in one transaction.

    ``items``: PlanItems (or dicts with their fields). ``plan_ref``: the plan's name (required, at
    most 80 characters). Returns ``{"written", "already_planned", "duplicates", "uids", "plan_ref"}``.
    Raises ValidationError (row = the item's position) before anything is written.
    """
    items = list(items)
    ref = plan_ref.strip() if isinstance(plan_ref, str) else plan_ref
    if not isinstance(ref, str) or not ref:
        raise ValidationError(TABLE, "plan", "plan_ref", Problem(QT_TRANSLATE_NOOP("validation", "is required")))
    table = S.table(TABLE)
    rows: list = []
    with store.transaction():
        for i, item in enumerate(items):
            row = P.maintenance_row(item, ref)
            _check_item(i, row)
            row["uid"] = str(uuid.uuid4())
            checked = validate_row(table, row, i)
            check_maintenance(checked, P.as_date(today) if today else None, i)
            rows.append(checked)
        _check_facilities(store, rows)
        covered = covered_records(store)
        new, seen, already, dupes = [], set(), 0, 0
        for row in rows:
            key = (row["facility_uid"], row["category"], row["reason"])
            if key in covered:
                already += 1
            elif key in seen:
                dupes += 1
            else:
                seen.add(key)
                new.append(row)
        if new:
            store.insert(TABLE, new, validate=False)  # validated above, row by row
    return {"written": len(new), "already_planned": already, "duplicates": dupes,
            "uids": [r["uid"] for r in new], "plan_ref": ref}


def _check_item(i: int, row: dict) -> None:
    kind = row.get("facility_kind")
    if kind not in S.FACILITY_KINDS:
        raise ValidationError(TABLE, i, "facility_kind", Problem(QT_TRANSLATE_NOOP(
            "validation", "is {value}, not a facility kind"), value=repr(kind)))
    if row.get("category") not in P.CATEGORIES:
        raise ValidationError(TABLE, i, "category", Problem(QT_TRANSLATE_NOOP(
            "validation", "is {value}, not a category of the plan ({allowed})"),
            value=repr(row.get("category")), allowed=", ".join(P.CATEGORIES)))
    for name in ("facility_uid", "reason", "due_on"):
        if row.get(name) in (None, ""):
            raise ValidationError(TABLE, i, name, Problem(QT_TRANSLATE_NOOP("validation", "is required")))


def _check_facilities(store, rows: list) -> None:
    """Every row's facility exists (one query per kind); else a ValidationError naming the first bad row."""
    by_kind: dict = {}
    for i, r in enumerate(rows):
        by_kind.setdefault(r["facility_kind"], []).append((i, r["facility_uid"]))
    missing = []
    for kind, pairs in by_kind.items():
        uids = sorted({u for _, u in pairs})
        cond, params = _uid_in(store, uids)
        found = {str(r[0]).lower() for r in store.execute(f"SELECT uid FROM {_q(kind)} WHERE {cond}", params)}
        missing += [(i, kind, u) for i, u in pairs if str(u).lower() not in found]
    if missing:
        i, kind, u = min(missing)
        raise ValidationError(TABLE, i, "facility_uid", Problem(QT_TRANSLATE_NOOP(
            "validation", "names no facility of kind {kind}: {value}"), kind=kind, value=u))

"""Assess the network (体检): grade every facility from its latest inspection data, in bulk.

:func:`assess_network` reads, per kind, the facilities, the latest gradable inspection of each
(one window query), that inspection's detail rows (one query) and the latest assessment of each
(one query); grades each facility with ``core.standards.assess``; and, in one transaction,

- writes an ``assessment`` row for each facility whose result differs from its latest assessment
  (same standard, inspection, indices, grades, grade, category, action, next due date and
  options = unchanged: nothing is written), and
- updates the facility's ``grade``, ``grade_standard``, ``next_due``, ``recommended_action`` and
  ``recommended_category`` only where they differ, so the audit log stays quiet on a re-run.

``assessment`` rows are a history of their own and are not copied into the audit log; the
facility updates are audited as usual.

``feedback`` is duck-typed like QgsFeedback (``setProgress(0..100)``, ``isCanceled()``): a cancel
raises :class:`AssessCancelled` and rolls everything back. No QGIS import here.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from typing import Any, Iterable, Mapping, Optional

from ..core import assessment_inputs as AI
from ..core import schema as S
from ..core.cycles import cycles as merged_cycles
from ..core.cycles import next_due
from ..core.standards import assess

#: Facility fields the assessment writes.
FACILITY_FIELDS = ("grade", "grade_standard", "next_due", "recommended_action", "recommended_category")
#: Assessment fields that decide whether a result changed (not assessed_on / as_of / uid).
COMPARED = ("standard", "inspection_uid", "indices", "grades", "grade", "category", "action", "next_due", "options")
PROGRESS_EVERY = 2000
#: Kinds whose engine inputs repeat (a cover's load class and zone): results are cached by input.
MEMO_KINDS = ("manhole",)


class AssessCancelled(Exception):
    """The user cancelled the assessment; nothing was written."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _json(value: Any) -> Optional[str]:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _cols(table: str) -> list:
    return [f.name for f in S.table(table).fields if f.type != "blob"]


def _select(store, sql: str, params: Iterable, cols: list) -> list:
    return [dict(zip(cols, r)) for r in store.execute(sql, params)]


# --------------------------------------------------------------------------- bulk reads
def read_kind(store, kind: str, as_of: str) -> dict:
    """Everything assessing ``kind`` needs, in a few set-based queries.

    Returns ``{"facilities": [...], "inspection": {facility_uid: row}, "details": {inspection_uid:
    [rows]}, "events": {facility_uid: [rows]}, "last": {facility_uid: latest assessment row}}``.
    """
    fcols = _cols(kind)
    facilities = _select(store, f"SELECT {', '.join(map(_q, fcols))} FROM {_q(kind)} ORDER BY fid", (), fcols)
    standard = AI.STANDARD_BY_KIND[kind]
    detail = AI.DETAIL_TABLE.get(kind)
    icols = _cols("inspection")
    inspections: dict = {}
    details: dict = {}
    if detail is not None:
        if kind == "drain_pipe":
            cond = "1"
        else:
            cond = f"EXISTS (SELECT 1 FROM {_q(detail)} d WHERE d.inspection_uid = i.uid)"
            if kind == "road":
                cond = f"({cond} OR json_extract(i.indices, '$.IRI') IS NOT NULL)"
        latest = (f"WITH latest AS (SELECT * FROM (SELECT i.*, row_number() OVER (PARTITION BY i.facility_uid "
                  f"ORDER BY i.inspected_on DESC, i.uid DESC) AS rn FROM inspection i WHERE i.facility_kind = ? "
                  f"AND i.standard = ? AND i.inspected_on <= ? AND {cond}) WHERE rn = 1) ")
        params = (kind, standard, as_of)
        for r in _select(store, latest + f"SELECT {', '.join(map(_q, icols))} FROM latest", params, icols):
            inspections[r["facility_uid"]] = r
        dcols = _cols(detail)
        sql = (latest + f"SELECT {', '.join('d.' + _q(c) for c in dcols)} FROM {_q(detail)} d "
               f"JOIN latest ON d.inspection_uid = latest.uid ORDER BY d.fid")
        for r in _select(store, sql, params, dcols):
            details.setdefault(r["inspection_uid"], []).append(r)
    elif kind == "manhole":  # the date a cover's cycle runs from: its latest inspection, if any
        sql = ("SELECT facility_uid, max(inspected_on) FROM inspection WHERE facility_kind = ? AND inspected_on <= ? "
               "GROUP BY facility_uid")
        for uid, on in store.execute(sql, (kind, as_of)):
            inspections[uid] = {"uid": None, "inspected_on": on}
    events: dict = {}
    if kind == "waterlogging_point":
        ecols = _cols("waterlogging_event")
        sql = (f"SELECT {', '.join(map(_q, ecols))} FROM (SELECT e.*, row_number() OVER (PARTITION BY e.facility_uid "
               f"ORDER BY e.event_on DESC, e.uid DESC) AS rn FROM waterlogging_event e WHERE e.event_on <= ?) "
               f"WHERE rn = 1")
        for r in _select(store, sql, (as_of,), ecols):
            events.setdefault(r["facility_uid"], []).append(r)
    acols = _cols("assessment")
    sql = (f"SELECT {', '.join(map(_q, acols))} FROM (SELECT a.*, row_number() OVER (PARTITION BY a.facility_uid "
           f"ORDER BY a.assessed_on DESC, a.fid DESC) AS rn FROM assessment a WHERE a.facility_kind = ?) WHERE rn = 1")
    last = {r["facility_uid"]: r for r in _select(store, sql, (kind,), acols)}
    return {"facilities": facilities, "inspection": inspections, "details": details, "events": events,
            "last": last}


# --------------------------------------------------------------------------- grading one facility
def grade_facility(kind: str, facility: Mapping, read: Mapping, as_of: _dt.date, options: Mapping,
                   cycles: Optional[Mapping], memo: Optional[dict] = None) -> dict:
    """The assessment row (without uid and dates) for one facility; raises :class:`AI.Skip`.

    ``memo``: a dict caching results by input (worth it where inputs repeat: manhole covers).
    """
    uid = facility["uid"]
    insp = read["inspection"].get(uid)
    real = insp if insp is not None and insp.get("uid") else None
    details = read["details"].get(real["uid"], []) if real else []
    events = read["events"].get(uid, [])
    standard, data = AI.build(kind, facility, real, details, events)
    opts = {**(options.get(standard) or {}), **AI.facility_options(kind, facility)}
    key = (standard, _json(data), _json(opts)) if memo is not None else None
    result = memo.get(key) if memo is not None else None
    if result is None:
        try:
            result = assess(standard, data, opts or None)
        except ValueError as e:
            raise AI.Skip(f"invalid input: {e}") from None
        if memo is not None:
            memo[key] = result
    start = None
    if insp is not None:
        start = insp.get("inspected_on")
    elif kind == "manhole":
        start = facility.get("cover_replaced_on") or facility.get("last_inspected")
    if kind == "waterlogging_point" and events:
        start = max(e["event_on"] for e in events)
    due = next_due(kind, facility, {"grade": result.grade, "inspected_on": start}, as_of, cycles)
    return {"facility_uid": uid, "facility_kind": kind, "standard": standard,
            "inspection_uid": real["uid"] if real else None, "indices": _json(result.index),
            "grades": _json(result.grades), "grade": result.grade, "category": result.category,
            "action": result.action, "next_due": due.isoformat(), "options": _json(opts) if opts else None}


def _same(old: Optional[Mapping], new: Mapping) -> bool:
    if old is None:
        return False
    for key in COMPARED:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key in ("indices", "grades", "options") and isinstance(a, str):
            try:
                a = _json(json.loads(a))
            except ValueError:
                pass
        if a != b:
            return False
    return True


# --------------------------------------------------------------------------- the network
def _date(value: Any) -> _dt.date:
    if value is None:
        return _dt.date.today()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def _check(feedback: Any) -> None:
    if feedback is not None and feedback.isCanceled():
        raise AssessCancelled("the assessment was cancelled; nothing was written")


def assess_network(store, kinds: Optional[Iterable[str]] = None, as_of: Any = None, feedback: Any = None,
                   options: Optional[Mapping] = None, cycles: Optional[Mapping] = None) -> dict:
    """Grade every facility of ``kinds`` (default: every graded kind) from its latest data.

    ``store``: a writable GpkgStore. ``as_of``: date or ISO string (default today); inspections and
    events after it are ignored. ``options``: ``{standard: {option: value}}`` passed to the engine.
    ``cycles``: overrides of ``core.cycles.DEFAULT_CYCLES``.

    Returns ``{"assessed", "changed", "skipped", "updated", "by_kind": {kind: {"assessed", "changed",
    "skipped", "updated"}}, "by_grade": {kind: {grade: n}}, "skipped_facilities": {uid: reason},
    "as_of"}``: ``changed`` = assessment rows written, ``updated`` = facility rows changed.
    """
    kinds = tuple(kinds) if kinds else AI.ASSESSED_KINDS
    for k in kinds:
        if k not in AI.STANDARD_BY_KIND:
            raise ValueError(f"kinds: {k!r} is not graded by any standard ({', '.join(AI.ASSESSED_KINDS)})")
    day = _date(as_of)
    as_of_s, today = day.isoformat(), _dt.date.today().isoformat()
    options = dict(options or {})
    cycles = merged_cycles(cycles)
    out: dict = {"assessed": 0, "changed": 0, "skipped": 0, "updated": 0, "by_kind": {}, "by_grade": {},
                 "skipped_facilities": {}, "as_of": as_of_s}
    sizes = {k: store.count(k) for k in kinds}
    total, done = max(1, sum(sizes.values())), 0
    with store.transaction() as conn:
        for kind in kinds:
            _check(feedback)
            read = read_kind(store, kind, as_of_s)
            stats = {"assessed": 0, "changed": 0, "skipped": 0, "updated": 0}
            grades: dict = {}
            memo: Optional[dict] = {} if kind in MEMO_KINDS else None
            new_rows, updates = [], []
            for n, fac in enumerate(read["facilities"]):
                if n % PROGRESS_EVERY == 0:
                    _check(feedback)
                    if feedback is not None:
                        feedback.setProgress(min(99.0, 100.0 * (done + n) / total))
                try:
                    row = grade_facility(kind, fac, read, day, options, cycles, memo)
                except AI.Skip as e:
                    stats["skipped"] += 1
                    out["skipped_facilities"][fac["uid"]] = f"{kind}: {e}"
                    continue
                stats["assessed"] += 1
                grades[row["grade"]] = grades.get(row["grade"], 0) + 1
                if not _same(read["last"].get(fac["uid"]), row):
                    new_rows.append({**row, "uid": str(uuid.uuid4()), "assessed_on": today, "as_of": as_of_s})
                want = {"grade": row["grade"], "grade_standard": row["standard"], "next_due": row["next_due"],
                        "recommended_action": row["action"], "recommended_category": row["category"]}
                diff = {k: v for k, v in want.items() if fac.get(k) != v}
                if diff:
                    updates.append((fac["uid"], diff))
            done += len(read["facilities"])
            _check(feedback)
            _write(store, conn, kind, new_rows, updates)
            stats["changed"], stats["updated"] = len(new_rows), len(updates)
            for key in stats:
                out[key] += stats[key]
            out["by_kind"][kind] = stats
            out["by_grade"][kind] = dict(sorted(grades.items()))
        _check(feedback)
    if feedback is not None:
        feedback.setProgress(100.0)
    return out


def _write(store, conn, kind: str, new_rows: list, updates: list) -> None:
    if new_rows:  # the assessment table is itself the history: not copied into the audit log
        conn.execute(f"INSERT OR REPLACE INTO {S.META_TABLE} VALUES ('audit', 'off')")
        try:
            store.insert("assessment", new_rows, validate=False)
        finally:
            conn.execute(f"DELETE FROM {S.META_TABLE} WHERE key = 'audit'")
    by_cols: dict = {}
    for uid, diff in updates:
        cols = tuple(sorted(diff))
        by_cols.setdefault(cols, []).append(tuple(diff[c] for c in cols) + (uid,))
    for cols, params in by_cols.items():
        conn.executemany(f"UPDATE {_q(kind)} SET {', '.join(_q(c) + ' = ?' for c in cols)} WHERE uid = ?", params)
    if updates:
        store._touch(conn, kind)

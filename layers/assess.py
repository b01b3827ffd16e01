"""Assess the network (体检): grade every facility from its latest inspection data, in bulk.

:func:`assess_network` reads, per kind, the facilities, the latest gradable inspection of each
(one window query), that inspection's detail rows (one query) and the latest assessment of each
(one query); grades each facility with ``core.standards.assess``; and, in one transaction,

- writes an ``assessment`` row for each facility whose result differs from its latest assessment
  (same standard, inspection, indices, grades, grade, category, action, next due date and
  options = unchanged: nothing is written), and
- updates the facility's ``grade``, ``grade_standard``, ``next_due``, ``recommended_action`` and
  ``recommended_category`` only where they differ, so the audit log stays quiet on a re-run.

Audit: the assessment writes only *derived* data — its own ``assessment`` rows and the five derived
facility fields above. Neither is copied into ``audit_log``: the ``assessment`` table is itself the
history of those fields (who ran it — ``assessed_by`` —, when, as of which date, the inputs'
inspection, old values = the previous assessment row, new = this one). Auditing them row by row
would double every assessment into the audit log (≈ 50 µs a row in triggers: most of the run on a
city). The suspension covers only this transaction's own statements (SQLite has one writer at a
time), and any other edit of a facility, including a hand edit of its grade, stays audited.

GeoPackage: chunks go to a writer thread as JSON arrays (``json_each``), auditing and idle row
triggers suspended (:class:`_DerivedWrites`). PostGIS: the same rows in one transaction from this
thread, one ``execute_values`` INSERT and one ``UPDATE … FROM (VALUES …)`` per chunk
(:class:`_PgDerivedWrites`); the transaction sets ``safe_municipal.audit = 'derived'``, under which the
audit trigger skips exactly those writes for members of ``sm_editor`` (``layers/pg_schema.py``); a login
without sm_editor is refused first, by a StoreError naming its role. Values read from PostgreSQL are
put in the GeoPackage store's form (dates and JSON as text, booleans 0/1): the same inputs, the same
results on both backends.

``feedback`` is duck-typed like QgsFeedback (``setProgress(0..100)``, ``isCanceled()``): a cancel
raises :class:`AssessCancelled` and rolls everything back. No QGIS import here.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import operator
import os
import queue
import threading
import time
from typing import Any, Iterable, Iterator, Mapping, Optional

from ..core import assessment_inputs as AI
from ..core import schema as S
from ..core.cycles import cycles as merged_cycles
from ..core.cycles import next_due
from ..core.standards import assess
from ..core.validation import format_datetime

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


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json(value: Any) -> Optional[str]:
    if value is None:
        return None
    return _ENCODER.encode(value)


def _cols(table: str) -> list:
    return [f.name for f in S.table(table).fields if f.type != "blob"]


def _select(store, sql: str, params: Iterable, cols: list, table: Optional[str] = None) -> list:
    """Rows of ``sql`` as dicts; on PostGIS with ``table``'s columns in the GeoPackage store's form."""
    conv = _pg_readers(table, cols) if table and store.backend == "postgis" else None
    if not conv:
        return [dict(zip(cols, r)) for r in store.execute(sql, params)]
    out = []
    for r in store.execute(sql, params):
        r = list(r)
        for i, f in conv:
            if r[i] is not None:
                r[i] = f(r[i])
        out.append(dict(zip(cols, r)))
    return out


#: PostgreSQL values → the GeoPackage store's form, by field type (uuid and text come as str already).
_PG_READ = {"date": _dt.date.isoformat, "datetime": format_datetime, "json": _ENCODER.encode, "boolean": int}


def _pg_readers(table: str, cols: Iterable[str]) -> list:
    """``[(column position, converter)]`` for the columns of ``table`` PostgreSQL returns in another form."""
    types = {f.name: f.type for f in S.table(table).fields}
    return [(i, _PG_READ[types[c]]) for i, c in enumerate(cols) if types.get(c) in _PG_READ]


# --------------------------------------------------------------------------- bulk reads
def read_kind(store, kind: str, as_of: str) -> dict:
    """Everything assessing ``kind`` needs, in a few set-based queries.

    Returns ``{"facilities": [...], "inspection": {facility_uid: row}, "details": {inspection_uid:
    [rows]}, "events": {facility_uid: [rows]}, "last": {facility_uid: latest assessment row (the compared
    fields)}}``.
    """
    fcols = _cols(kind)
    facilities = _select(store, f"SELECT {', '.join(map(_q, fcols))} FROM {_q(kind)} ORDER BY fid", (), fcols,
                         kind)
    standard = AI.STANDARD_BY_KIND[kind]
    detail = AI.DETAIL_TABLE.get(kind)
    icols = _cols("inspection")
    inspections: dict = {}
    details: dict = {}
    if detail is not None:
        if kind == "drain_pipe":
            cond = "1 = 1"
        else:
            cond = f"EXISTS (SELECT 1 FROM {_q(detail)} d WHERE d.inspection_uid = i.uid)"
            if kind == "road":
                cond = f"({cond} OR {store.sql_json_text('i.indices', 'IRI')} IS NOT NULL)"
        latest = (f"WITH latest AS (SELECT * FROM (SELECT i.*, row_number() OVER (PARTITION BY i.facility_uid "
                  f"ORDER BY i.inspected_on DESC, i.uid DESC) AS rn FROM inspection i WHERE i.facility_kind = ? "
                  f"AND i.standard = ? AND i.inspected_on <= ? AND {cond}) AS ranked WHERE rn = 1) ")
        params = (kind, standard, as_of)
        for r in _select(store, latest + f"SELECT {', '.join(map(_q, icols))} FROM latest", params, icols,
                         "inspection"):
            inspections[r["facility_uid"]] = r
        dcols = _cols(detail)
        sql = (latest + f"SELECT {', '.join('d.' + _q(c) for c in dcols)} FROM {_q(detail)} d "
               f"JOIN latest ON d.inspection_uid = latest.uid ORDER BY d.fid")
        for r in _select(store, sql, params, dcols, detail):
            details.setdefault(r["inspection_uid"], []).append(r)
    elif kind == "manhole":  # the date a cover's cycle runs from: its latest inspection, if any
        sql = ("SELECT facility_uid, max(inspected_on) AS inspected_on FROM inspection WHERE facility_kind = ? "
               "AND inspected_on <= ? GROUP BY facility_uid")
        for r in _select(store, sql, (kind, as_of), ["facility_uid", "inspected_on"], "inspection"):
            inspections[r["facility_uid"]] = {"uid": None, "inspected_on": r["inspected_on"]}
    events: dict = {}
    if kind == "waterlogging_point":
        ecols = _cols("waterlogging_event")
        sql = (f"SELECT {', '.join(map(_q, ecols))} FROM (SELECT e.*, row_number() OVER (PARTITION BY e.facility_uid "
               f"ORDER BY e.event_on DESC, e.uid DESC) AS rn FROM waterlogging_event e WHERE e.event_on <= ?) "
               f"AS ranked WHERE rn = 1")
        for r in _select(store, sql, (as_of,), ecols, "waterlogging_event"):
            events.setdefault(r["facility_uid"], []).append(r)
    acols = ["facility_uid", *COMPARED]  # what deciding "unchanged" needs
    sql = (f"SELECT {', '.join(map(_q, acols))} FROM (SELECT {', '.join('a.' + _q(c) for c in acols)}, "
           f"row_number() OVER (PARTITION BY a.facility_uid ORDER BY a.assessed_on DESC, a.fid DESC) AS rn "
           f"FROM assessment a WHERE a.facility_kind = ?) AS ranked WHERE rn = 1")
    last = {r["facility_uid"]: r for r in _select(store, sql, (kind,), acols, "assessment")}
    return {"facilities": facilities, "inspection": inspections, "details": details, "events": events,
            "last": last}


# --------------------------------------------------------------------------- grading one facility
def grade_facility(kind: str, facility: Mapping, read: Mapping, as_of: _dt.date, options: Mapping,
                   cycles: Optional[Mapping], memo: Optional[dict] = None, due_memo: Optional[dict] = None) -> dict:
    """The assessment row (without uid and dates) for one facility; raises :class:`AI.Skip`.

    ``memo``: a dict caching results by input (worth it where inputs repeat: manhole covers).
    ``due_memo``: a dict caching next due dates by (grade, start, class).
    """
    uid = facility["uid"]
    insp = read["inspection"].get(uid)
    real = insp if insp is not None and insp.get("uid") else None
    details = read["details"].get(real["uid"], []) if real else []
    events = read["events"].get(uid, [])
    standard, data = AI.build(kind, facility, real, details, events)
    opts = {**(options.get(standard) or {}), **AI.facility_options(kind, facility)}
    key = (standard, _freeze(data), _freeze(opts)) if memo is not None else None
    cached = memo.get(key) if memo is not None else None
    if cached is None:
        try:
            result = assess(standard, data, opts or None)
        except ValueError as e:
            raise AI.Skip(f"invalid input: {e}") from None
        cached = (result, _json(result.index), _json(result.grades))
        if memo is not None:
            memo[key] = cached
    result, indices, grades = cached
    start = None
    if insp is not None:
        start = insp.get("inspected_on")
    elif kind == "manhole":
        start = facility.get("cover_replaced_on") or facility.get("last_inspected")
    if kind == "waterlogging_point" and events:
        start = max(e["event_on"] for e in events)
    if due_memo is None:
        due = next_due(kind, facility, {"grade": result.grade, "inspected_on": start}, as_of, cycles).isoformat()
    else:
        dkey = (result.grade, start, facility.get("bridge_class") or facility.get("road_class"))
        due = due_memo.get(dkey)
        if due is None:
            due = due_memo[dkey] = next_due(kind, facility, {"grade": result.grade, "inspected_on": start},
                                            as_of, cycles).isoformat()
    return {"facility_uid": uid, "facility_kind": kind, "standard": standard,
            "inspection_uid": real["uid"] if real else None, "indices": indices,
            "grades": grades, "grade": result.grade, "category": result.category,
            "action": result.action, "next_due": due, "options": _json(opts) if opts else None}


def _freeze(value: Any) -> Any:
    """A hashable, order-independent stand-in for a JSON-like value (memo keys)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("[",) + tuple(_freeze(v) for v in value)
    return (type(value).__name__, value)


def _uids() -> Iterator[str]:
    """Version 4 UUID strings, endlessly (os.urandom in blocks: a tenth of ``str(uuid.uuid4())``'s cost)."""
    while True:
        raw = bytearray(os.urandom(16 * 4096))
        for i in range(0, len(raw), 16):
            raw[i + 6] = raw[i + 6] & 0x0F | 0x40
            raw[i + 8] = raw[i + 8] & 0x3F | 0x80
            h = raw[i:i + 16].hex()
            yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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

    ``store``: a writable GpkgStore or PgStore. ``as_of``: date or ISO string (default today); inspections and
    events after it are ignored. ``options``: ``{standard: {option: value}}`` passed to the engine.
    ``cycles``: overrides of ``core.cycles.DEFAULT_CYCLES``.

    Returns ``{"assessed", "changed", "skipped", "updated", "by_kind": {kind: {"assessed", "changed",
    "skipped", "updated"}}, "by_grade": {kind: {grade: n}}, "skipped_facilities": {uid: reason},
    "as_of", "seconds": {"read", "grade", "write"}}``: ``changed`` = assessment rows written,
    ``updated`` = facility rows changed; ``seconds``: time spent reading, grading (the writer works
    alongside) and waiting for the writer to finish.
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
                 "skipped_facilities": {}, "as_of": as_of_s,
                 "seconds": {"read": 0.0, "grade": 0.0, "write": 0.0}}
    clock = out["seconds"]
    sizes = {k: store.count(k) for k in kinds}
    total, done = max(1, sum(sizes.values())), 0
    stamp = {"assessed_on": today, "assessed_by": store.user, "as_of": as_of_s}
    uids = _uids()
    row_values = operator.itemgetter(*ASSESSMENT_COLUMNS)
    postgis = store.backend == "postgis"
    if postgis:
        _check_pg_rights(store, kinds)
    derived_writes = _PgDerivedWrites if postgis else _DerivedWrites
    try:
        with store.transaction() as conn, (_PgAudit(store) if postgis else contextlib.nullcontext()), \
                (_InlineWriter(conn) if postgis else _Writer(conn)) as writer:
            for kind in kinds:
                _check(feedback)
                tick = time.perf_counter()
                read = read_kind(store, kind, as_of_s)
                gc.freeze()  # the rows just read live until this kind is done and hold no cycles: skip them in GC
                clock["read"] += time.perf_counter() - tick
                tick = time.perf_counter()
                stats = {"assessed": 0, "changed": 0, "skipped": 0, "updated": 0}
                grades: dict = {}
                memo: Optional[dict] = {} if kind in MEMO_KINDS else None
                due_memo: dict = {}
                new_rows: list = []
                updates: list = []
                with derived_writes(store, kind, writer) as sink:
                    for n, fac in enumerate(read["facilities"]):
                        if n % PROGRESS_EVERY == 0:
                            _check(feedback)
                            writer.check()
                            if feedback is not None:
                                feedback.setProgress(min(99.0, 100.0 * (done + n) / total))
                        if len(new_rows) >= CHUNK or len(updates) >= CHUNK:
                            writer.submit(sink.job(new_rows, updates))
                            stats["changed"] += len(new_rows)
                            stats["updated"] += len(updates)
                            new_rows, updates = [], []
                        try:
                            row = grade_facility(kind, fac, read, day, options, cycles, memo, due_memo)
                        except AI.Skip as e:
                            stats["skipped"] += 1
                            out["skipped_facilities"][fac["uid"]] = f"{kind}: {e}"
                            continue
                        stats["assessed"] += 1
                        grades[row["grade"]] = grades.get(row["grade"], 0) + 1
                        if not _same(read["last"].get(fac["uid"]), row):
                            row.update(stamp, uid=next(uids))
                            new_rows.append(row_values(row))
                        want = (row["grade"], row["standard"], row["next_due"], row["action"], row["category"])
                        if any(fac.get(k) != v for k, v in zip(FACILITY_FIELDS, want)):
                            updates.append([fac["uid"], *want])
                    writer.submit(sink.job(new_rows, updates))
                    stats["changed"] += len(new_rows)
                    stats["updated"] += len(updates)
                    done += len(read["facilities"])
                    _check(feedback)
                    inline = writer.spent()  # PostGIS: the writes ran in this thread, between the grading
                    clock["grade"] += time.perf_counter() - tick - inline
                    clock["write"] += inline
                    tick = time.perf_counter()
                    writer.wait()  # the connection is the main thread's again (triggers back, next reads)
                clock["write"] += time.perf_counter() - tick
                for key in stats:
                    out[key] += stats[key]
                out["by_kind"][kind] = stats
                out["by_grade"][kind] = dict(sorted(grades.items()))
                del read
                gc.unfreeze()
            _check(feedback)
    finally:
        gc.unfreeze()  # also when cancelled or failed mid-kind
    if feedback is not None:
        feedback.setProgress(100.0)
    return out


#: Facilities graded per write job: large enough that the writer thread runs SQLite for a long
#: stretch without the GIL, small enough to start writing early and keep memory flat.
CHUNK = 4000
#: The ``assessment`` columns a new row is written with, in order.
ASSESSMENT_COLUMNS = tuple(f.name for f in S.table("assessment").fields)


def _extract(columns: Iterable[str]) -> str:
    return ", ".join(f"json_extract(j.value, '$[{i}]')" for i, _ in enumerate(columns))


class _DerivedWrites:
    """The writes of one kind: assessment rows and the facilities' derived fields (FACILITY_FIELDS).

    Derived data only, so not audited (see the module's docstring): on entry, inside the store's
    transaction, auditing is suspended and the row triggers that would do nothing are dropped
    (``GpkgStore.triggers_suspended``, and the feature-count trigger, whose count is added once at
    the end); on exit everything is put back as it was. :meth:`job` turns a chunk into one SQL
    statement per table whose rows travel as one JSON array: the writer thread then runs SQLite for
    the whole chunk without needing Python's GIL, while the next chunk is graded.
    """

    def __init__(self, store, kind: str, writer: _Writer):
        self.store, self.kind, self.writer = store, kind, writer
        self.inserted = 0
        self.touched = False
        self.insert_sql = (f"INSERT INTO assessment ({', '.join(map(_q, ASSESSMENT_COLUMNS))}) "
                           f"SELECT {_extract(ASSESSMENT_COLUMNS)} FROM json_each(?) j")
        sets = ", ".join(f"{_q(c)} = json_extract(j.value, '$[{i + 1}]')" for i, c in enumerate(FACILITY_FIELDS))
        self.update_sql = (f"UPDATE {_q(kind)} SET {sets} FROM json_each(?) j "
                           f"WHERE {_q(kind)}.uid = json_extract(j.value, '$[0]')")
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> _DerivedWrites:
        conn = self.store._conn
        conn.execute(f"INSERT OR REPLACE INTO {S.META_TABLE} VALUES ('audit', 'off')")
        self._stack.callback(conn.execute, f"DELETE FROM {S.META_TABLE} WHERE key = 'audit'")
        self._stack.enter_context(self.store.triggers_suspended("assessment", "insert"))
        self._count = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                   ("trigger_insert_feature_count_assessment",)).fetchone()
        if self._count:
            conn.execute('DROP TRIGGER "trigger_insert_feature_count_assessment"')
            self._stack.callback(conn.execute, self._count[0])
        self._stack.enter_context(self.store.triggers_suspended(self.kind, "update"))
        return self

    def job(self, new_rows: list, updates: list):
        payload_rows = json.dumps(new_rows, ensure_ascii=False) if new_rows else None
        payload_updates = json.dumps(updates, ensure_ascii=False) if updates else None
        self.inserted += len(new_rows)
        self.touched = self.touched or bool(updates)

        def run(conn) -> None:
            if payload_rows is not None:
                conn.execute(self.insert_sql, (payload_rows,))
            if payload_updates is not None:
                conn.execute(self.update_sql, (payload_updates,))
        return run

    def __exit__(self, *exc) -> None:
        self.writer.jobs.join()  # also on an error: the connection is this thread's again before it is used
        conn = self.store._conn
        try:
            if exc[0] is None:
                if self.inserted:
                    conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? "
                                 "WHERE lower(table_name) = 'assessment'", (self.inserted,))
                    self.store._touch(conn, "assessment")
                if self.touched:
                    self.store._touch(conn, self.kind)
        finally:
            self._stack.close()


class _Writer:
    """One background thread running write jobs on the store's connection, in order.

    The main thread grades while the writer's SQLite statements run (they release the GIL); the
    two never use the connection at the same time: the main thread touches it again only after
    :meth:`wait`. A job's error is re-raised in the main thread (and the transaction rolls back).
    """

    def __init__(self, conn):
        self.conn = conn
        self.jobs: queue.Queue = queue.Queue(maxsize=4)
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._run, name="safe_municipal assess writer", daemon=True)

    def __enter__(self) -> _Writer:
        self.thread.start()
        return self

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:
                    job(self.conn)
            except BaseException as e:  # re-raised in the main thread
                self.error = e
            finally:
                self.jobs.task_done()

    def submit(self, job) -> None:
        self.check()
        self.jobs.put(job)

    def check(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def wait(self) -> None:
        self.jobs.join()
        self.check()

    def spent(self) -> float:
        """Seconds the calling thread spent writing since the last call: none (the thread writes)."""
        return 0.0

    def __exit__(self, *exc) -> None:
        self.jobs.put(None)
        self.thread.join()
        if exc[0] is None:
            self.check()


# --------------------------------------------------------------------------- PostGIS
def _tr(text: str) -> str:
    try:
        from ..i18n import tr
    except ImportError:  # no Qt
        return text
    return tr(text)


def _check_pg_rights(store, kinds: Iterable[str]) -> None:
    """Refuse, before reading anything, a login that may not write what the assessment writes:
    ``assessment`` rows (sm_inspector and up) and the facilities' derived fields (sm_editor and up)."""
    from .errors import StoreError
    from .pg_schema import EDITOR

    for table, privilege in (("assessment", "INSERT"), *((k, "UPDATE") for k in kinds)):
        qualified = f"{_q(store.schema)}.{_q(table)}"
        if not store.execute("SELECT has_table_privilege(session_user, ?, ?)", (qualified, privilege)).fetchone()[0]:
            raise StoreError(_tr("{where}: your role {user} ({role}) may not change {table}: assessing the network "
                                 "writes every facility's grade, next inspection date and recommended action, "
                                 "which needs the role {editor}")
                             .format(where=store.path, user=store.user, role=store.role() or "-", table=table,
                                     editor=EDITOR))


class _PgAudit:
    """For the transaction: ``safe_municipal.audit = 'derived'`` (the audit trigger skips the assessment's
    derived writes, see the module's docstring); put back as it was on exit, also inside a caller's
    longer transaction."""

    def __init__(self, store):
        from .pg_schema import AUDIT_DERIVED, AUDIT_SETTING

        self.store, self.setting, self.value = store, AUDIT_SETTING, AUDIT_DERIVED

    def __enter__(self) -> _PgAudit:
        self.before = self.store.execute("SELECT coalesce(current_setting(?, true), '')", (self.setting,)).fetchone()[0]
        self.store.execute("SELECT set_config(?, ?, true)", (self.setting, self.value))
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.store.execute("SELECT set_config(?, ?, true)", (self.setting, self.before))
            return
        # the transaction rolls back, and the setting with it; a caller catching the error inside a longer
        # transaction of its own gets the setting back too (when the transaction can still run statements)
        with contextlib.suppress(Exception):
            self.store.execute("SELECT set_config(?, ?, true)", (self.setting, self.before))


class _InlineWriter:
    """The writer of the PostGIS path: runs each job at once, in the calling thread (psycopg2 waits
    for the server; nothing to overlap on one connection). Same interface as :class:`_Writer`."""

    def __init__(self, conn):
        self.conn = conn
        self._spent = 0.0

    def __enter__(self) -> _InlineWriter:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def submit(self, job) -> None:
        tick = time.perf_counter()
        try:
            job(self.conn)
        finally:
            self._spent += time.perf_counter() - tick

    def spent(self) -> float:
        """Seconds spent writing since the last call."""
        spent, self._spent = self._spent, 0.0
        return spent

    def check(self) -> None:
        return None

    def wait(self) -> None:
        return None


class _PgDerivedWrites:
    """The writes of one kind on PostGIS: per chunk one ``INSERT INTO assessment … VALUES …`` and one
    ``UPDATE <kind> … FROM (VALUES …)`` of the derived fields, through ``execute_values`` (a page is the
    whole chunk). Database errors become the store's errors; the caller's transaction rolls back."""

    def __init__(self, store, kind: str, writer: _InlineWriter):
        from .pg_schema import column_type

        self.store, self.kind = store, kind
        # plain literals: INSERT … VALUES coerces each to its column's type (a third faster than a cast on
        # every value); in the UPDATE the VALUES columns are text, cast once per column where it matters
        self.insert_sql = f"INSERT INTO assessment ({', '.join(map(_q, ASSESSMENT_COLUMNS))}) VALUES %s"
        t = S.table(kind)

        def value(c: str) -> str:
            pg_type = column_type(t.field(c))
            return f"v.{_q(c)}" if pg_type == "text" or pg_type.startswith("varchar") else f"v.{_q(c)}::{pg_type}"

        sets = ", ".join(f"{_q(c)} = {value(c)}" for c in FACILITY_FIELDS)
        cols = ", ".join(map(_q, ("uid", *FACILITY_FIELDS)))
        self.update_sql = (f"UPDATE {_q(kind)} AS f SET {sets} FROM (VALUES %s) AS v ({cols}) "
                           f"WHERE f.uid = {value('uid')}")

    def __enter__(self) -> _PgDerivedWrites:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def job(self, new_rows: list, updates: list):
        def run(conn) -> None:
            from psycopg2.extras import execute_values

            if new_rows:
                with self.store._cursor("assessment", "insert") as cur:
                    execute_values(cur, self.insert_sql, new_rows, page_size=len(new_rows))
            if updates:
                with self.store._cursor(self.kind, "update") as cur:
                    execute_values(cur, self.update_sql, updates, page_size=len(updates))
        return run

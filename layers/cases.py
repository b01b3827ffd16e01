"""Cover cases (综合井盖案件) in a store: register, snap, dispatch in rotation, track, count.

    cases = CoverCases(store)                       # a writable GpkgStore
    reg = cases.register((x, y), "missing", source="hotline")   # snapped to the nearest cover
    plan = cases.dispatch()                          # every pending case, one transaction
    cases.mark_responded([uid]); cases.mark_fixed([uid]); cases.close([uid])
    rows, total = cases.statistics(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))

The rules (rotation, limits, overdue, statistics) are :mod:`safe_municipal.core.cases`; this module
reads and writes the ``cover_case`` and ``maintenance_unit`` tables. Every write is one transaction
through the store and validated first: a bad value raises
:class:`~safe_municipal.core.validation.ValidationError` naming the row and the field, and nothing is
written.

Settings kept in the store (``layers.store_settings``):

- ``cases.limits`` = ``{"respond_hours": 2, "fix_hours": 24}`` (the defaults when unset);
- ``cases.snapping`` = ``{"tolerance_m": 30, "required": true}`` (the defaults when unset).

Snapping: the reported point (store CRS) goes to the nearest manhole within the tolerance, found with
an envelope query — on the manhole layer's R-tree (``rtree_manhole_geom``) in a GeoPackage, on its
GiST index (``geom && ST_MakeEnvelope(…)``) on PostGIS — and then the exact distance; the case takes
the cover's position, uid and district. Either backend (``store.backend``). No QGIS import.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import uuid as _uuid
from dataclasses import dataclass
from typing import Iterable, Optional

from ..core import cases as C
from ..core import geometry as geo
from ..core.validation import QT_TRANSLATE_NOOP, P, ValidationError
from . import store_settings
from .archive import is_uid
from .gpkg_format import blob_wkb

CASE = C.TABLE
UNIT = C.UNIT_TABLE
CASE_COLUMNS = ("uid", "code", "reported_at", "source", "problem", "description", "manhole_uid", "district",
                "unit_uid", "status", "dispatched_at", "responded_at", "fixed_at")
#: The case list's filters.
FILTERS = ("open", "overdue", "all")
#: At most this many rows in the "all" list (newest first); open and overdue cases are always all listed.
ALL_LIMIT = 2000

#: Project variables holding the limits for the map (set by the dock from the store setting).
VAR_RESPOND = "sm_case_respond_hours"
VAR_FIX = "sm_case_fix_hours"
#: QGIS expression: the case is overdue now (``core.cases.timing(...).overdue``), with the limits from
#: the project variables (defaults 2 h / 24 h). The stored times are UTC; QGIS 3.22 reads them as local
#: wall-clock times, so the value is re-read as UTC from its text (right on newer QGIS too).
OVERDUE_EXPRESSION = (
    "with_variable('sm_waited_h', (epoch(now()) - epoch(to_datetime(format_date(\"dispatched_at\", "
    "'yyyy-MM-ddTHH:mm:ss.zzz') || 'Z'))) / 3600000.0, "
    "\"status\" IN ('dispatched', 'responded') AND \"dispatched_at\" IS NOT NULL AND "
    f"((\"status\" = 'dispatched' AND @sm_waited_h > coalesce(@{VAR_RESPOND}, 2)) "
    f"OR @sm_waited_h > coalesce(@{VAR_FIX}, 24)))")


def local_tz() -> _dt.tzinfo:
    """The computer's time zone (the office's days and the year of a case number)."""
    return _dt.datetime.now().astimezone().tzinfo


@dataclass(frozen=True)
class Cover:
    """The manhole a location snapped to."""

    uid: str
    code: str
    district: Optional[str]
    x: float
    y: float
    distance_m: float


@dataclass(frozen=True)
class Registered:
    row: dict  # the row written (validated values)
    cover: Optional[Cover]


@dataclass(frozen=True)
class CaseItem:
    """A case as the list shows it: its row, its unit's and cover's names, its timing at ``now``."""

    row: dict
    unit_name: Optional[str]
    cover_code: Optional[str]
    case: C.Case
    timing: C.Timing

    @property
    def overdue(self) -> bool:
        return self.timing.overdue


def _point(location, where) -> tuple:
    """(x, y) of a location: (x, y), ("Point", (x, y)) or point WKB. None or anything else is refused."""
    if location is None:
        raise ValidationError(CASE, where, "geom", P(QT_TRANSLATE_NOOP(
            "validation", "is required: a case needs a location (click the map at the cover)")))
    try:
        if isinstance(location, (bytes, bytearray, memoryview)):
            if geo.wkb_type(bytes(location)) != "Point":
                raise ValueError("not a point")
            pts = geo.wkb_points(bytes(location))
            x, y = pts[0]
        elif isinstance(location, tuple) and len(location) == 2 and location[0] == "Point":
            x, y = location[1]
        else:
            x, y = location
        x, y = float(x), float(y)
    except (TypeError, ValueError, IndexError):
        raise ValidationError(CASE, where, "geom", P(QT_TRANSLATE_NOOP(
            "validation", "is not a point: {value}"), value=repr(location)[:80])) from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValidationError(CASE, where, "geom", P(QT_TRANSLATE_NOOP(
            "validation", "is not a point: {value}"), value=repr(location)[:80]))
    return x, y


class CoverCases:
    """Cover cases and maintenance units of one store."""

    def __init__(self, store, clock=None, tz: Optional[_dt.tzinfo] = None):
        self.store = store
        self._clock = clock
        self.tz = tz or local_tz()
        self._geographic: Optional[bool] = None

    def now(self) -> _dt.datetime:
        return C.as_utc(self._clock() if self._clock is not None else _dt.datetime.now(C.UTC))

    # ------------------------------------------------------------------ settings
    def limits(self) -> C.Limits:
        return C.Limits.from_value(store_settings.get(self.store, C.LIMITS_KEY))

    def set_limits(self, limits: C.Limits) -> None:
        store_settings.set(self.store, C.LIMITS_KEY, limits.to_value())

    def snapping(self) -> C.Snapping:
        return C.Snapping.from_value(store_settings.get(self.store, C.SNAPPING_KEY))

    def set_snapping(self, snapping: C.Snapping) -> None:
        store_settings.set(self.store, C.SNAPPING_KEY, snapping.to_value())

    # ------------------------------------------------------------------ snapping
    @property
    def geographic(self) -> bool:
        """Whether the store's CRS is geographic (degrees): distances then by a local approximation."""
        if self._geographic is None:
            text = (self.store.crs_wkt() or "").lstrip().upper()
            self._geographic = text.startswith(("GEOGCS", "GEOGCRS", "GEODCRS"))
        return self._geographic

    def nearest_cover(self, x: float, y: float, tolerance_m: Optional[float] = None) -> Optional[Cover]:
        """The manhole nearest to (x, y) (store CRS) within ``tolerance_m`` (default: the setting), or None.

        One envelope query on the R-tree, then the exact distance of each candidate; equal distances
        go to the smaller code."""
        tol = self.snapping().tolerance_m if tolerance_m is None else float(tolerance_m)
        minx, miny, maxx, maxy = C.search_box(x, y, tol, self.geographic)
        if self.store.backend == "postgis":
            rows = self.store.execute(
                'SELECT uid::text, code, district, ST_AsBinary(geom) FROM "manhole" '
                f"WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, {int(self.store.epsg)})",
                (minx, miny, maxx, maxy)).fetchall()
            wkb = bytes
        else:
            rows = self.store.execute(
                'SELECT m.uid, m.code, m.district, m.geom FROM "rtree_manhole_geom" AS r JOIN "manhole" AS m '
                "ON m.fid = r.id WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?",
                (maxx, minx, maxy, miny)).fetchall()
            wkb = blob_wkb
        candidates = []
        for uid, code, district, blob in rows:
            pts = geo.wkb_points(wkb(blob)) if blob is not None else []
            if pts:
                candidates.append((code, pts[0][0], pts[0][1], uid, district))
        best = C.nearest(x, y, candidates, tol, self.geographic)
        if best is None:
            return None
        d, (code, cx, cy, uid, district) = best
        return Cover(uid, code, district, cx, cy, d)

    # ------------------------------------------------------------------ registering
    def register(self, location, problem: str, reported_at=None, source: Optional[str] = None,
                 description: Optional[str] = None, district: Optional[str] = None) -> Registered:
        """Register one case (see :meth:`register_many`)."""
        return self.register_many([dict(location=location, problem=problem, reported_at=reported_at,
                                        source=source, description=description, district=district)])[0]

    def register_many(self, items: Iterable[dict]) -> list:
        """Register cases in one transaction; each item: ``location`` (store CRS), ``problem``,
        optional ``reported_at`` (default now; not in the future), ``source``, ``description``,
        ``district`` (used only when no cover is near).

        The location snaps to the nearest cover within the tolerance; with snapping required, a
        location with no cover that near is refused. A refused item names its position (from 0):
        nothing is written."""
        items = list(items)
        now = self.now()
        snapping = self.snapping()
        out = []
        with self.store.transaction():
            self._lock_cases()
            numbers: dict = {}
            for i, item in enumerate(items):
                unknown = set(item) - {"location", "problem", "reported_at", "source", "description", "district"}
                if unknown:
                    raise ValidationError(CASE, i, sorted(unknown)[0], P(QT_TRANSLATE_NOOP(
                        "validation", "is not a field of this table")))
                x, y = _point(item.get("location"), i)
                reported = item.get("reported_at")
                reported = C.check_reported_at(now if reported in (None, "") else reported, now, i)
                cover = self.nearest_cover(x, y, snapping.tolerance_m)
                if cover is None and snapping.required:
                    raise ValidationError(CASE, i, "geom", P(QT_TRANSLATE_NOOP(
                        "validation", "is not within {tolerance} m of any cover (snapping is required)"),
                        tolerance=f"{snapping.tolerance_m:g}"))
                year = reported.astimezone(self.tz).year
                if year not in numbers:
                    numbers[year] = self._last_number(year)
                numbers[year] += 1
                row = {
                    "uid": str(_uuid.uuid4()), "code": C.case_code(year, numbers[year]), "reported_at": reported,
                    "source": item.get("source") or None, "problem": item.get("problem"),
                    "description": item.get("description") or None,
                    "manhole_uid": cover.uid if cover else None,
                    "district": cover.district if cover else (item.get("district") or None),
                    "status": "reported",
                    "geom": ("Point", (cover.x, cover.y) if cover else (x, y)),
                }
                try:
                    self.store.insert(CASE, [row])
                except ValidationError as e:
                    raise ValidationError(CASE, i, e.field, e.problem) from None
                out.append(Registered(self.store.get(CASE, row["uid"]), cover))
        return out

    def _lock_cases(self) -> None:
        """On PostGIS (several people at once): hold the case table against other writers until the
        transaction ends, so that two registrations cannot take the same case number and two
        dispatches cannot hand out the same case or break the rotation. Readers are not held.
        (A GeoPackage has one writer at a time anyway.)"""
        if self.store.backend == "postgis":
            self.store.execute('LOCK TABLE "cover_case" IN SHARE ROW EXCLUSIVE MODE')

    def _last_number(self, year: int) -> int:
        """The highest number of the year's case codes (``JG-2026-000123`` → 123; 0 when none).
        The same SQL on both backends (a prefix LIKE; no GLOB on PostgreSQL, and no range compare,
        which a database collation may order otherwise); the number is read in Python as SQLite's
        CAST reads it: the leading digits."""
        head = f"{C.CODE_PREFIX}-{year:04d}-"
        top = 0
        for (code,) in self.store.execute('SELECT code FROM "cover_case" WHERE code LIKE ?', (head + "%",)):
            if not code.startswith(head):
                continue
            digits = re.match(r"\d+", code[len(head):])
            if digits:
                top = max(top, int(digits.group()))
        return top

    # ------------------------------------------------------------------ reading
    def unit_rows(self) -> list:
        return list(self.store.rows(UNIT, order_by=("rotation_order", "name", "uid")))

    def units(self) -> list:
        return C.rotation(C.Unit.from_row(r) for r in self.unit_rows())

    def _case_rows(self, where: str = "", params=(), order_by=None, limit=None) -> list:
        return list(self.store.rows(CASE, where, params, columns=CASE_COLUMNS, order_by=order_by, limit=limit))

    def all_cases(self) -> list:
        return [C.Case.from_row(r) for r in self._case_rows()]

    def get_case(self, uid: str) -> C.Case:
        rows = self._case_rows("uid = ?", (uid,)) if is_uid(uid) else []
        if not rows:
            raise ValidationError(CASE, uid, "uid", P(QT_TRANSLATE_NOOP("validation", "names no row of this table")))
        return C.Case.from_row(rows[0])

    def case_list(self, which: str = "open", now=None) -> list:
        """Cases for the list: ``open`` (not fixed or closed, queued ones included), ``overdue`` (open and
        past a limit at ``now``) or ``all`` (newest first, at most :data:`ALL_LIMIT`). Oldest first
        otherwise."""
        if which not in FILTERS:
            raise ValueError(f"which: {which!r} is not one of {', '.join(FILTERS)}")
        now = C.as_utc(now) if now is not None else self.now()
        limits = self.limits()
        if which == "all":
            rows = self._case_rows(order_by=("-reported_at", "-code"), limit=ALL_LIMIT)
        else:
            rows = self._case_rows("status IN ('reported', 'dispatched', 'responded')",
                                   order_by=("reported_at", "code"))
        units = {r["uid"]: r["name"] for r in self.store.rows(UNIT, columns=("uid", "name"))}
        covers = self._cover_codes({r["manhole_uid"] for r in rows if r["manhole_uid"]})
        out = []
        for r in rows:
            case = C.Case.from_row(r)
            t = C.timing(case, now, limits)
            if which == "overdue" and not t.overdue:
                continue
            out.append(CaseItem(r, units.get(r["unit_uid"]), covers.get(r["manhole_uid"]), case, t))
        return out

    def _cover_codes(self, uids: set) -> dict:
        out: dict = {}
        uids = sorted(uids)
        for i in range(0, len(uids), 500):
            chunk = uids[i:i + 500]
            out.update(self.store.execute(f'SELECT uid, code FROM "manhole" WHERE uid IN ({", ".join("?" * len(chunk))})',
                                          chunk).fetchall())
        return out

    def count_by_status(self) -> dict:
        return dict(self.store.execute('SELECT status, count(*) FROM "cover_case" GROUP BY status').fetchall())

    # ------------------------------------------------------------------ dispatching
    def dispatch(self, now=None) -> C.DispatchPlan:
        """Dispatch every pending case reported by ``now`` (default: now) in rotation, in one
        transaction; cases no unit can take stay ``reported`` (``plan.queued`` says why)."""
        now = C.as_utc(now) if now is not None else self.now()
        with self.store.transaction():
            self._lock_cases()
            plan = C.plan_dispatch(self.units(), self.all_cases(), now)
            for a in plan.assignments:
                self.store.update(CASE, a.case_uid, {"status": "dispatched", "unit_uid": a.unit_uid,
                                                     "dispatched_at": now})
        return plan

    # ------------------------------------------------------------------ what happens to a case
    def _apply(self, uids: Iterable[str], changes_of) -> int:
        uids = list(dict.fromkeys(uids))
        with self.store.transaction():
            for uid in uids:
                case = self.get_case(uid)
                changes = changes_of(case)
                self.store.update(CASE, uid, changes)
        return len(uids)

    def mark_responded(self, uids: Iterable[str], at=None) -> int:
        """The unit responded (at ``at``, default now) to each case; one transaction."""
        now = self.now()
        return self._apply(uids, lambda c: C.respond_changes(c, now if at is None else at, now))

    def mark_fixed(self, uids: Iterable[str], at=None) -> int:
        """The cover of each case is fixed (at ``at``, default now); one transaction."""
        now = self.now()
        return self._apply(uids, lambda c: C.fix_changes(c, now if at is None else at, now))

    def close(self, uids: Iterable[str]) -> int:
        """Close fixed cases (checked) or withdraw queued ones; one transaction."""
        return self._apply(uids, C.close_changes)

    # ------------------------------------------------------------------ units
    def _unit(self, uid: str) -> dict:
        row = self.store.get(UNIT, uid) if is_uid(uid) else None
        if row is None:
            raise ValidationError(UNIT, uid, "uid", P(QT_TRANSLATE_NOOP("validation", "names no maintenance unit")))
        return row

    def _check_name(self, name, uid: Optional[str], where) -> None:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(UNIT, where, "name", P(QT_TRANSLATE_NOOP("validation", "is required")))
        other = self.store.execute('SELECT uid FROM "maintenance_unit" WHERE name = ? AND '
                                   + self.store.sql_is_not("uid", "?"), (name.strip(), uid)).fetchone()
        if other is not None:
            raise ValidationError(UNIT, where, "name", P(QT_TRANSLATE_NOOP(
                "validation", "is already the name of another unit: {name}"), name=name.strip()))

    def add_unit(self, name: str, open_case_limit: int = 10, rotation_order: Optional[int] = None,
                 district: Optional[str] = None, phone: Optional[str] = None, active: bool = True) -> str:
        """Add a unit (by default last in the rotation); returns its uid."""
        with self.store.transaction():
            self._check_name(name, None, "new")
            if rotation_order is None:
                top = self.store.execute('SELECT max(rotation_order) FROM "maintenance_unit"').fetchone()[0]
                rotation_order = 0 if top is None else int(top) + 1
            uid = str(_uuid.uuid4())
            row = dict(uid=uid, name=name.strip(), district=district or None, rotation_order=rotation_order,
                       open_case_limit=open_case_limit, active=active, phone=phone or None)
            try:
                self.store.insert(UNIT, [row])
            except ValidationError as e:
                raise ValidationError(UNIT, "new", e.field, e.problem) from None
        return uid

    def update_unit(self, uid: str, **changes) -> dict:
        """Change a unit's fields (name, district, rotation_order, open_case_limit, active, phone)."""
        allowed = {"name", "district", "rotation_order", "open_case_limit", "active", "phone"}
        for key in changes:
            if key not in allowed:
                raise ValidationError(UNIT, uid, key, P(QT_TRANSLATE_NOOP("validation", "cannot be changed here")))
        with self.store.transaction():
            self._unit(uid)
            if "name" in changes:
                self._check_name(changes["name"], uid, uid)
                changes["name"] = changes["name"].strip()
            for key in ("district", "phone"):
                if key in changes and not changes[key]:
                    changes[key] = None
            return self.store.update(UNIT, uid, changes)[1]

    def set_active(self, uid: str, active: bool) -> dict:
        """Take a unit out of the rotation (its open cases stay with it) or back in."""
        return self.update_unit(uid, active=bool(active))

    def move_unit(self, uid: str, step: int) -> bool:
        """Move a unit ``step`` places in the rotation (negative: earlier); the rotation is renumbered
        0, 1, 2 … in one transaction. False when it is already at that end."""
        with self.store.transaction():
            self._unit(uid)
            ring = self.units()
            i = next(k for k, u in enumerate(ring) if u.uid == uid)
            j = max(0, min(len(ring) - 1, i + int(step)))
            if i == j:
                return False
            ring.insert(j, ring.pop(i))
            for order, u in enumerate(ring):
                if u.rotation_order != order:
                    self.store.update(UNIT, u.uid, {"rotation_order": order})
        return True

    def delete_unit(self, uid: str) -> None:
        """Delete a unit that never had a case (one that had stays, deactivated, for the statistics)."""
        with self.store.transaction():
            self._unit(uid)
            n = self.store.execute('SELECT count(*) FROM "cover_case" WHERE unit_uid = ?', (uid,)).fetchone()[0]
            if n:
                raise ValidationError(UNIT, uid, "uid", P(QT_TRANSLATE_NOOP(
                    "validation", "has {n} cases: deactivate the unit instead of deleting it"), n=n))
            self.store.delete(UNIT, [uid])

    # ------------------------------------------------------------------ statistics
    def period(self, date_from: Optional[_dt.date], date_to: Optional[_dt.date]) -> tuple:
        """UTC bounds [start, end) of the local days ``date_from`` … ``date_to`` (either may be None)."""
        def start_of(d):
            return C.as_utc(_dt.datetime(d.year, d.month, d.day, tzinfo=self.tz))

        if date_from and date_to and date_to < date_from:
            raise ValidationError(CASE, "period", "to", P(QT_TRANSLATE_NOOP(
                "validation", "is {to}, before the start of the period ({start})"),
                to=date_to.isoformat(), start=date_from.isoformat()))
        return (start_of(date_from) if date_from else None,
                start_of(date_to + _dt.timedelta(days=1)) if date_to else None)

    def statistics(self, now=None, date_from: Optional[_dt.date] = None,
                   date_to: Optional[_dt.date] = None) -> tuple:
        """(rows per unit in rotation order, total row) for the cases *reported* in the period (local
        days, both ends included; None: open-ended), judged at ``now`` (default now)."""
        now = C.as_utc(now) if now is not None else self.now()
        start, end = self.period(date_from, date_to)
        cases = [c for c in self.all_cases()
                 if (start is None or c.reported_at >= start) and (end is None or c.reported_at < end)]
        limits = self.limits()
        return C.unit_statistics(self.units(), cases, now, limits), C.overall_statistics(cases, now, limits)

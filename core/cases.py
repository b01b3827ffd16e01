"""Cover case rotation dispatch (综合井盖案件轮派): the rules, in pure Python.

A *case* is a reported problem with a manhole cover (missing, broken, sunken …). The office sends
each case to one of its maintenance units **in rotation**:

- Units take turns in ``rotation_order`` (ties by name, then uid). The next case goes to the unit
  *after* the one that got the last dispatched case; the first case ever to the first unit.
- Inactive units are skipped, and so are units at their ``open_case_limit`` — *open* means
  dispatched or responded, not yet fixed or closed.
- When every active unit is at its limit the case stays ``reported`` (queued) with a reason, and the
  next dispatch tries again; cases are taken oldest first (reported time, then case number).
- Fairness: with no unit at its limit, N cases over K active units give counts that differ by at most
  one — the rotation continues across dispatches, so this holds for the running total as well.

"The last dispatched case" is the case with the latest ``dispatched_at``; cases dispatched together
share one time and are ordered by reported time and case number, the order dispatch takes them. So
the rotation is derived from the cases themselves (no hidden pointer): dispatching ten cases at once
or one at a time gives the same units.

Times (``dispatched_at`` → ``responded_at``, ``dispatched_at`` → ``fixed_at``) are judged against
:class:`Limits` — **defaults: respond within 2 hours, fix within 24 hours**; each city sets its own
(store setting :data:`LIMITS_KEY`). A case is *overdue* at a given ``now`` when it is still waiting
for what a limit covers and more than the limit has passed since dispatch (exactly the limit is still
on time); *late* when a limit was broken (overdue now, or responded/fixed after the limit).

Times are timezone-aware UTC inside (a naive value is read as UTC, as the store's validation does)
and kept to the millisecond, the store's precision. No QGIS or Qt import here.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

from .validation import QT_TRANSLATE_NOOP, P, ValidationError

TABLE = "cover_case"
UNIT_TABLE = "maintenance_unit"
UTC = _dt.timezone.utc

STATUSES = ("reported", "dispatched", "responded", "fixed", "closed")
OPEN_STATUSES = ("dispatched", "responded")
DONE_STATUSES = ("fixed", "closed")

#: Store setting (``layers.store_settings``) of the time limits: ``{"respond_hours": 2, "fix_hours": 24}``.
LIMITS_KEY = "cases.limits"
#: Store setting of snapping a reported location to a cover: ``{"tolerance_m": 30, "required": true}``.
SNAPPING_KEY = "cases.snapping"

#: How far in the future a time may lie (clocks of two computers differ a little).
FUTURE_SLACK = _dt.timedelta(minutes=1)
#: Case numbers: JG-<year>-<six digits>, numbered per year.
CODE_PREFIX = "JG"
CODE_DIGITS = 6
#: Metres per degree of latitude (stores in a geographic CRS: distances by a local approximation).
METRES_PER_DEGREE = 111_320.0

#: Translation context of the queue reasons (``i18n.translate("cases", reason.template)``).
TR_CONTEXT = "cases"
REASON_NO_UNIT = QT_TRANSLATE_NOOP("cases", "no active maintenance unit: add or activate a unit")
REASON_ALL_FULL = QT_TRANSLATE_NOOP("cases", "every active unit is at its open-case limit ({units}); the case "
                                             "waits for the next dispatch")


# --------------------------------------------------------------------------- settings
def _number(value, key: str, name: str, minimum: float, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError("setting", key, name, P(QT_TRANSLATE_NOOP("validation", "must be a number, got {value}"),
                                                      value=repr(value)))
    if not minimum < value <= maximum:
        raise ValidationError("setting", key, name, P(QT_TRANSLATE_NOOP(
            "validation", "is {value}, outside {min} … {max}"), value=value, min=f"{minimum:g}", max=f"{maximum:g}"))
    return float(value)


@dataclass(frozen=True)
class Limits:
    """Response and fix time limits in hours from dispatch. The defaults (2 h, 24 h) are defaults only:
    each city sets its own under :data:`LIMITS_KEY`."""

    respond_hours: float = 2.0
    fix_hours: float = 24.0

    def __post_init__(self):
        _number(self.respond_hours, LIMITS_KEY, "respond_hours", 0, 24 * 365)
        _number(self.fix_hours, LIMITS_KEY, "fix_hours", 0, 24 * 365)
        if self.fix_hours < self.respond_hours:
            raise ValidationError("setting", LIMITS_KEY, "fix_hours", P(QT_TRANSLATE_NOOP(
                "validation", "is {fix} h, shorter than the response limit ({respond} h)"),
                fix=f"{self.fix_hours:g}", respond=f"{self.respond_hours:g}"))

    @classmethod
    def from_value(cls, value) -> Limits:
        """From the stored JSON value (a dict; missing keys take the defaults)."""
        if value is None:
            return cls()
        if not isinstance(value, Mapping):
            raise ValidationError("setting", LIMITS_KEY, "value", P(QT_TRANSLATE_NOOP(
                "validation", "must be an object such as {example}"), example='{"respond_hours": 2, "fix_hours": 24}'))
        d = cls()
        return cls(value.get("respond_hours", d.respond_hours), value.get("fix_hours", d.fix_hours))

    def to_value(self) -> dict:
        return {"respond_hours": self.respond_hours, "fix_hours": self.fix_hours}


@dataclass(frozen=True)
class Snapping:
    """Snapping a reported location to the nearest cover: within ``tolerance_m`` metres; when
    ``required``, a location with no cover that near is refused. Defaults: 30 m, required."""

    tolerance_m: float = 30.0
    required: bool = True

    def __post_init__(self):
        _number(self.tolerance_m, SNAPPING_KEY, "tolerance_m", 0, 10_000)
        if not isinstance(self.required, bool):
            raise ValidationError("setting", SNAPPING_KEY, "required", P(QT_TRANSLATE_NOOP(
                "validation", "must be true or false, got {value}"), value=repr(self.required)))

    @classmethod
    def from_value(cls, value) -> Snapping:
        if value is None:
            return cls()
        if not isinstance(value, Mapping):
            raise ValidationError("setting", SNAPPING_KEY, "value", P(QT_TRANSLATE_NOOP(
                "validation", "must be an object such as {example}"), example='{"tolerance_m": 30, "required": true}'))
        d = cls()
        return cls(value.get("tolerance_m", d.tolerance_m), value.get("required", d.required))

    def to_value(self) -> dict:
        return {"tolerance_m": self.tolerance_m, "required": self.required}


# --------------------------------------------------------------------------- times
def as_utc(value) -> Optional[_dt.datetime]:
    """A time (datetime or ISO text, e.g. the store's ``2026-05-01T08:00:00.000Z``) as aware UTC to the
    millisecond; None for None or "". A naive value is taken as UTC. ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, _dt.datetime):
        raise ValueError(f"not a date-time: {value!r}")
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def hours_between(start: _dt.datetime, end: _dt.datetime) -> float:
    return (end - start).total_seconds() / 3600.0


def _iso(t: Optional[_dt.datetime]) -> str:
    """A time for a message: the computer's local time, to the second."""
    return t.astimezone().strftime("%Y-%m-%d %H:%M:%S") if t is not None else "—"


# --------------------------------------------------------------------------- units and cases
@dataclass(frozen=True)
class Unit:
    uid: str
    name: str
    rotation_order: int = 0
    open_case_limit: int = 10
    active: bool = True
    district: Optional[str] = None

    @classmethod
    def from_row(cls, row: Mapping) -> Unit:
        return cls(uid=row["uid"], name=row["name"], rotation_order=int(row["rotation_order"]),
                   open_case_limit=int(row["open_case_limit"]), active=bool(row["active"]),
                   district=row.get("district"))


@dataclass(frozen=True)
class Case:
    uid: str
    code: str
    reported_at: _dt.datetime
    status: str = "reported"
    unit_uid: Optional[str] = None
    dispatched_at: Optional[_dt.datetime] = None
    responded_at: Optional[_dt.datetime] = None
    fixed_at: Optional[_dt.datetime] = None
    district: Optional[str] = None

    @classmethod
    def from_row(cls, row: Mapping) -> Case:
        """From a ``cover_case`` row; a stored time that is no time raises ValidationError naming it."""
        times = {}
        for name in ("reported_at", "dispatched_at", "responded_at", "fixed_at"):
            try:
                times[name] = as_utc(row.get(name))
            except ValueError:
                raise ValidationError(TABLE, row.get("code") or row.get("uid"), name, P(QT_TRANSLATE_NOOP(
                    "validation", "is not a valid date-time: {value}"), value=repr(row.get(name)))) from None
        return cls(uid=row["uid"], code=row["code"], status=row["status"], unit_uid=row.get("unit_uid"),
                   district=row.get("district"), **times)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def response_hours(self) -> Optional[float]:
        if self.dispatched_at is None or self.responded_at is None:
            return None
        return hours_between(self.dispatched_at, self.responded_at)

    @property
    def fix_hours(self) -> Optional[float]:
        if self.dispatched_at is None or self.fixed_at is None:
            return None
        return hours_between(self.dispatched_at, self.fixed_at)


def rotation(units: Iterable[Unit]) -> list:
    """Units in turn order: ``rotation_order``, then name, then uid (inactive ones included)."""
    return sorted(units, key=lambda u: (u.rotation_order, u.name, u.uid))


def open_counts(cases: Iterable[Case]) -> dict:
    """Open cases (dispatched or responded) per unit uid."""
    out: dict = {}
    for c in cases:
        if c.is_open and c.unit_uid:
            out[c.unit_uid] = out.get(c.unit_uid, 0) + 1
    return out


def _dispatch_key(c: Case) -> tuple:
    return (c.dispatched_at, c.reported_at, c.code, c.uid)


def last_dispatched(cases: Iterable[Case]) -> Optional[Case]:
    """The case dispatched last (latest ``dispatched_at``; one batch in reported/number order), or None."""
    done = [c for c in cases if c.unit_uid and c.dispatched_at is not None]
    return max(done, key=_dispatch_key) if done else None


def pending(cases: Iterable[Case], now: _dt.datetime) -> list:
    """Cases waiting for a unit (status ``reported``) reported by ``now``, oldest first."""
    now = as_utc(now)
    return sorted((c for c in cases if c.status == "reported" and c.reported_at <= now),
                  key=lambda c: (c.reported_at, c.code, c.uid))


@dataclass(frozen=True)
class Assignment:
    case_uid: str
    code: str
    unit_uid: str
    unit_name: str


@dataclass(frozen=True)
class Queued:
    case_uid: str
    code: str
    reason: P


@dataclass(frozen=True)
class DispatchPlan:
    """What a dispatch at ``now`` does: ``assignments`` in dispatch order, ``queued`` cases with why."""

    now: _dt.datetime
    assignments: tuple = ()
    queued: tuple = ()

    def counts(self) -> dict:
        """Cases assigned per unit uid."""
        out: dict = {}
        for a in self.assignments:
            out[a.unit_uid] = out.get(a.unit_uid, 0) + 1
        return out


def plan_dispatch(units: Iterable[Unit], cases: Iterable[Case], now) -> DispatchPlan:
    """Assign every pending case (see :func:`pending`) to a unit by the rotation rule.

    ``cases`` must include the open cases (for the limits) and the last dispatched case (for whose
    turn it is); passing every case is always right. The result does not depend on the order of
    ``units`` or ``cases``.
    """
    now = as_utc(now)
    cases = list(cases)
    ring = rotation(units)
    n = len(ring)
    load = open_counts(cases)
    last = last_dispatched(cases)
    position = {u.uid: i for i, u in enumerate(ring)}
    turn = (position[last.unit_uid] + 1) % n if last is not None and last.unit_uid in position else 0
    assignments, queued = [], []
    active = [u for u in ring if u.active]
    for case in pending(cases, now):
        chosen = None
        for k in range(n):
            i = (turn + k) % n
            unit = ring[i]
            if unit.active and load.get(unit.uid, 0) < unit.open_case_limit:
                chosen = unit
                turn = (i + 1) % n
                break
        if chosen is None:
            if not active:
                reason = P(REASON_NO_UNIT)
            else:
                reason = P(REASON_ALL_FULL, units=", ".join(f"{u.name} {load.get(u.uid, 0)}/{u.open_case_limit}"
                                                            for u in active))
            queued.append(Queued(case.uid, case.code, reason))
            continue
        load[chosen.uid] = load.get(chosen.uid, 0) + 1
        assignments.append(Assignment(case.uid, case.code, chosen.uid, chosen.name))
    return DispatchPlan(now=now, assignments=tuple(assignments), queued=tuple(queued))


# --------------------------------------------------------------------------- time limits
@dataclass(frozen=True)
class Timing:
    """A case's times against the limits at ``now``.

    ``respond_overdue``: dispatched, not responded, more than the response limit since dispatch;
    ``fix_overdue``: open, not fixed, more than the fix limit since dispatch; ``late_response`` /
    ``late_fix``: the limit was broken (overdue now, or the recorded time came after the limit);
    ``on_time``: done (fixed or closed after a fix) with neither limit broken. Cases never dispatched
    have no timing (all False, hours None).
    """

    response_hours: Optional[float] = None
    fix_hours: Optional[float] = None
    respond_overdue: bool = False
    fix_overdue: bool = False
    late_response: bool = False
    late_fix: bool = False
    on_time: bool = False

    @property
    def overdue(self) -> bool:
        return self.respond_overdue or self.fix_overdue

    @property
    def late(self) -> bool:
        return self.late_response or self.late_fix


def timing(case: Case, now, limits: Limits = Limits()) -> Timing:
    """The case's response and fix hours and whether it is overdue or late at ``now`` (exactly the
    limit is on time). Recorded times count as recorded; ``now`` only judges what is still awaited."""
    if case.dispatched_at is None:
        return Timing()
    now = as_utc(now)
    waited = hours_between(case.dispatched_at, now)
    rh, fh = case.response_hours, case.fix_hours
    respond_overdue = case.status == "dispatched" and case.responded_at is None and waited > limits.respond_hours
    fix_overdue = case.is_open and case.fixed_at is None and waited > limits.fix_hours
    late_response = respond_overdue or (rh is not None and rh > limits.respond_hours)
    late_fix = fix_overdue or (fh is not None and fh > limits.fix_hours)
    on_time = case.status in DONE_STATUSES and fh is not None and not (late_response or late_fix)
    return Timing(rh, fh, respond_overdue, fix_overdue, late_response, late_fix, on_time)


def is_overdue(case: Case, now, limits: Limits = Limits()) -> bool:
    return timing(case, now, limits).overdue


# --------------------------------------------------------------------------- statistics
@dataclass(frozen=True)
class UnitStats:
    """One unit's figures (``unit_uid`` None: every case together).

    ``cases`` dispatched to it; ``open`` of them now; ``responded`` / ``fixed`` with their mean and
    maximum hours from dispatch; ``overdue`` open cases past a limit at ``now``; ``late`` cases that
    broke a limit (overdue ones included); ``on_time`` done within both limits; ``on_time_rate`` =
    on_time / (on_time + late), None while nothing is decided.
    """

    unit_uid: Optional[str]
    unit_name: str
    district: Optional[str] = None
    active: bool = True
    cases: int = 0
    open: int = 0
    responded: int = 0
    mean_response_h: Optional[float] = None
    max_response_h: Optional[float] = None
    fixed: int = 0
    mean_fix_h: Optional[float] = None
    max_fix_h: Optional[float] = None
    overdue: int = 0
    late: int = 0
    on_time: int = 0
    on_time_rate: Optional[float] = None

    FIELDS = ("unit_name", "district", "active", "cases", "open", "responded", "mean_response_h", "max_response_h",
              "fixed", "mean_fix_h", "max_fix_h", "overdue", "late", "on_time", "on_time_rate")

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in ("unit_uid",) + self.FIELDS}


def _mean(values: Sequence) -> Optional[float]:
    return math.fsum(values) / len(values) if values else None  # fsum: the same whatever the order


def _stats(unit_uid, name, district, active, cases: Sequence, now, limits) -> UnitStats:
    dispatched = [c for c in cases if c.dispatched_at is not None]
    times = [timing(c, now, limits) for c in dispatched]
    responses = [t.response_hours for t in times if t.response_hours is not None]
    fixes = [t.fix_hours for t in times if t.fix_hours is not None]
    late = sum(t.late for t in times)
    on_time = sum(t.on_time for t in times)
    return UnitStats(
        unit_uid=unit_uid, unit_name=name, district=district, active=active, cases=len(dispatched),
        open=sum(c.is_open for c in dispatched), responded=len(responses), mean_response_h=_mean(responses),
        max_response_h=max(responses) if responses else None, fixed=len(fixes), mean_fix_h=_mean(fixes),
        max_fix_h=max(fixes) if fixes else None, overdue=sum(t.overdue for t in times), late=late,
        on_time=on_time, on_time_rate=on_time / (on_time + late) if on_time + late else None)


def unit_statistics(units: Iterable[Unit], cases: Iterable[Case], now, limits: Limits = Limits()) -> list:
    """Figures per unit, in rotation order (every unit, with or without cases). Cases of a unit that is
    no longer in the list come last, one row per unknown uid (named by the uid)."""
    now = as_utc(now)
    by_unit: dict = {}
    for c in cases:
        if c.unit_uid and c.dispatched_at is not None:
            by_unit.setdefault(c.unit_uid, []).append(c)
    out = []
    ring = rotation(units)
    for u in ring:
        out.append(_stats(u.uid, u.name, u.district, u.active, by_unit.pop(u.uid, []), now, limits))
    for uid in sorted(by_unit):
        out.append(_stats(uid, uid, None, False, by_unit[uid], now, limits))
    return out


def overall_statistics(cases: Iterable[Case], now, limits: Limits = Limits()) -> UnitStats:
    """Every dispatched case together (the table's total row)."""
    return _stats(None, "", None, True, [c for c in cases if c.dispatched_at is not None], as_utc(now), limits)


# --------------------------------------------------------------------------- what may happen to a case
def _future(t: _dt.datetime, now: _dt.datetime) -> bool:
    return t > now + FUTURE_SLACK


def check_reported_at(reported_at, now, where="new") -> _dt.datetime:
    """The reported time as UTC; refused when missing or in the future."""
    try:
        t = as_utc(reported_at)
    except ValueError:
        raise ValidationError(TABLE, where, "reported_at", P(QT_TRANSLATE_NOOP(
            "validation", "is not a valid date-time: {value}"), value=repr(reported_at))) from None
    if t is None:
        raise ValidationError(TABLE, where, "reported_at", P(QT_TRANSLATE_NOOP("validation", "is required")))
    if _future(t, as_utc(now)):
        raise ValidationError(TABLE, where, "reported_at", P(QT_TRANSLATE_NOOP(
            "validation", "is {time}, in the future"), time=_iso(t)))
    return t


def _at(case: Case, field: str, at, now) -> _dt.datetime:
    try:
        t = as_utc(at)
    except ValueError:
        raise ValidationError(TABLE, case.code, field, P(QT_TRANSLATE_NOOP(
            "validation", "is not a valid date-time: {value}"), value=repr(at))) from None
    if t is None:
        raise ValidationError(TABLE, case.code, field, P(QT_TRANSLATE_NOOP("validation", "is required")))
    if _future(t, as_utc(now)):
        raise ValidationError(TABLE, case.code, field, P(QT_TRANSLATE_NOOP(
            "validation", "is {time}, in the future"), time=_iso(t)))
    return t


_BEFORE_DISPATCH = QT_TRANSLATE_NOOP("validation", "is {time}, before the case was dispatched ({earlier})")
_BEFORE_RESPONSE = QT_TRANSLATE_NOOP("validation", "is {time}, before the case was responded to ({earlier})")


def _not_before(case: Case, field: str, t: _dt.datetime, earlier: Optional[_dt.datetime], template: str) -> None:
    if earlier is not None and t < earlier:
        raise ValidationError(TABLE, case.code, field, P(template, time=_iso(t), earlier=_iso(earlier)))


def _wrong_status(case: Case, template: str) -> ValidationError:
    return ValidationError(TABLE, case.code, "status", P(template, status=case.status))


def respond_changes(case: Case, at, now) -> dict:
    """The fields that mark ``case`` responded at ``at``: it must be dispatched and not responded yet,
    and ``at`` may be neither before dispatch nor in the future."""
    if case.status != "dispatched":
        raise _wrong_status(case, QT_TRANSLATE_NOOP(
            "validation", "is {status}: only a dispatched case can be marked responded"))
    t = _at(case, "responded_at", at, now)
    _not_before(case, "responded_at", t, case.dispatched_at, _BEFORE_DISPATCH)
    return {"status": "responded", "responded_at": t}


def fix_changes(case: Case, at, now) -> dict:
    """The fields that mark ``case`` fixed at ``at`` (dispatched or responded; not before either). A case
    fixed without a recorded response is taken as responded when fixed."""
    if case.status not in OPEN_STATUSES:
        raise _wrong_status(case, QT_TRANSLATE_NOOP(
            "validation", "is {status}: only a dispatched or responded case can be marked fixed"))
    t = _at(case, "fixed_at", at, now)
    _not_before(case, "fixed_at", t, case.dispatched_at, _BEFORE_DISPATCH)
    _not_before(case, "fixed_at", t, case.responded_at, _BEFORE_RESPONSE)
    changes = {"status": "fixed", "fixed_at": t}
    if case.responded_at is None:
        changes["responded_at"] = t
    return changes


def close_changes(case: Case) -> dict:
    """Close a fixed case (checked) or a queued one (withdrawn: a duplicate, a false report)."""
    if case.status not in ("fixed", "reported"):
        raise _wrong_status(case, QT_TRANSLATE_NOOP(
            "validation", "is {status}: a case is closed once fixed (or, never dispatched, withdrawn)"))
    return {"status": "closed"}


# --------------------------------------------------------------------------- case numbers
def case_code(year: int, number: int) -> str:
    """``JG-2026-000123``."""
    return f"{CODE_PREFIX}-{year:04d}-{number:0{CODE_DIGITS}d}"


def code_number(code: str, year: int) -> Optional[int]:
    """The number of a case code of ``year``, or None for any other code."""
    head = f"{CODE_PREFIX}-{year:04d}-"
    if not isinstance(code, str) or not code.startswith(head) or not code[len(head):].isdigit():
        return None
    return int(code[len(head):])


def next_code(existing: Iterable[str], year: int) -> str:
    """The next free number of ``year`` after the highest one in ``existing``."""
    numbers = [n for n in (code_number(c, year) for c in existing) if n is not None]
    return case_code(year, max(numbers, default=0) + 1)


# --------------------------------------------------------------------------- snapping
def search_box(x: float, y: float, tolerance_m: float, geographic: bool = False) -> tuple:
    """(minx, miny, maxx, maxy) around a point holding everything within ``tolerance_m`` metres, in the
    store's units (degrees in a geographic CRS)."""
    if not geographic:
        return x - tolerance_m, y - tolerance_m, x + tolerance_m, y + tolerance_m
    dy = tolerance_m / METRES_PER_DEGREE
    dx = tolerance_m / (METRES_PER_DEGREE * max(math.cos(math.radians(y)), 1e-6))
    return x - dx, y - dy, x + dx, y + dy


def distance_m(x1: float, y1: float, x2: float, y2: float, geographic: bool = False) -> float:
    """Distance in metres (a projected CRS in metres; geographic: equirectangular, fine at snapping range)."""
    if not geographic:
        return math.hypot(x2 - x1, y2 - y1)
    k = math.cos(math.radians((y1 + y2) / 2.0))
    return math.hypot((x2 - x1) * k, y2 - y1) * METRES_PER_DEGREE


def nearest(x: float, y: float, candidates: Iterable[tuple], tolerance_m: float, geographic: bool = False):
    """The nearest of ``candidates`` ``(key, cx, cy, …)`` within ``tolerance_m`` as ``(distance, candidate)``,
    or None. Equal distances: the smallest key (a cover's code) wins, whatever the input order."""
    best = None
    for cand in candidates:
        d = distance_m(x, y, cand[1], cand[2], geographic)
        if d <= tolerance_m and (best is None or (d, cand[0]) < (best[0], best[1][0])):
            best = (d, cand)
    return best

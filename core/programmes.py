"""The office's programmes, figured from store rows (pure: no QGIS, no Qt, no SQL).

The seed's figures and what computes them (docs/programmes.md has the rules in full):

- **Flood-season pipe cleaning** (汛期前完成460公里管网清疏): :func:`cleaning_progress` — km cleaned
  against the programme's target (km), overall and by district, what remains and what is overdue.
- **New covers and grates / anti-settlement covers** (更换新型井盖、雨篦; 宽边防沉降井盖8562个，提前5个月完成
  年度计划): :func:`cover_progress` — replacements counted against the target (covers), by district,
  the anti-settlement count and the date the plan was met ("met five months early").
- **Rain inlets added** (增设雨水口1300余个): :func:`inlets_added` — inlets whose ``built_year`` is the year.
- **Waterlogging points, one plan per point** (内涝治理"一点一策"): :func:`points_without_plan`,
  :func:`overdue_plans`, :func:`repeat_event_points`, and the GB 51222 check of every event
  (:func:`judge_event`, the engine exactly as the network assessment calls it).
- **Storage** (可调蓄空间40万立方米): :func:`storage_totals`.
- **District statistics** (城市综合管理评估): :func:`programme_table` and :func:`year_table`, rows =
  districts and counties, then the total.

Which work counts for a programme (one rule for every kind): a record **linked** to the programme
(``programme_uid``) counts whatever its date; an **unlinked** record counts when its date lies in the
programme's window ``starts_on … deadline`` (both included). A record linked to *another* programme
of the same kind never counts. Each facility counts **once** per programme, from its earliest
counted record (its length for a pipe, one for a cover).

Cleaning: a ``maintenance`` row with ``work_type`` ``cleaning``, ``status`` ``done`` and a
``finished_on`` date, on a ``drain_pipe``. A pipe without ``length_m`` counts with the length of its
geometry when the reader supplies it (``length_m`` filled in by the store layer), else 0 km.

Column headers and list titles are English, marked with ``QT_TRANSLATE_NOOP("SafeMunicipal", …)``
so the catalogue holds them; the QGIS side translates them with ``tr()``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Optional, Sequence

from . import assessment_inputs as AI
from .schema import QT_TRANSLATE_NOOP, VALUE_LISTS

CLEANING = "pipe_cleaning"
COVERS = "cover_replacement"
ANTI_SETTLEMENT = "anti_settlement_covers"
COVER_KINDS = (COVERS, ANTI_SETTLEMENT)
PROGRAMME_KINDS = (CLEANING, COVERS, ANTI_SETTLEMENT)
ANTI_SETTLEMENT_TYPE = "wide_rim_anti_settlement"
#: The facility kinds a cover programme counts: manhole covers and inlet grates; anti-settlement
#: covers are manhole covers only.
COVER_FACILITIES = {COVERS: ("manhole", "rain_inlet"), ANTI_SETTLEMENT: ("manhole",)}
#: Plan statuses that close a plan (never overdue).
CLOSED_PLAN = ("done", "cancelled")
#: Repeat events: at least this many events of one point within the window (days, up to ``today``).
REPEAT_MIN_EVENTS = 2
REPEAT_WINDOW_DAYS = 365
GB51222 = "GB51222-2017"

#: District order in every table: the city's districts as the schema lists them, then any other
#: name (counties …) alphabetically, then facilities without a district.
DISTRICT_ORDER = tuple(c.value for c in VALUE_LISTS["district"])


# --------------------------------------------------------------------------- dates
def as_date(value) -> Optional[_dt.date]:
    """A stored date (ISO text, date or datetime) as a ``date``; None for empty."""
    if value in (None, ""):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def months_between(earlier: _dt.date, later: _dt.date) -> int:
    """Whole months from ``earlier`` to ``later`` (negative when ``later`` comes first).

    2024-07-20 → 2024-12-31 is 5 (five months and eleven days): "met five months early".
    """
    if later < earlier:
        return -months_between(later, earlier)
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


def in_window(day: Optional[_dt.date], programme: Mapping) -> bool:
    return day is not None and as_date(programme["starts_on"]) <= day <= as_date(programme["deadline"])


def counts_for(programme: Mapping, linked_uid: Optional[str], day, same_kind_uids: Iterable = ()) -> bool:
    """Whether a record (linked to ``linked_uid``, dated ``day``) counts for ``programme``.

    Linked to it: yes. Linked to another programme of the same kind (``same_kind_uids``): no.
    Otherwise: when ``day`` lies within ``starts_on … deadline``.
    """
    if linked_uid and linked_uid == programme["uid"]:
        return True
    if linked_uid and linked_uid in set(same_kind_uids):
        return False
    return in_window(as_date(day), programme)


def district_sort_key(district: Optional[str]) -> tuple:
    if district is None or district == "":
        return (2, "")
    if district in DISTRICT_ORDER:
        return (0, DISTRICT_ORDER.index(district))
    return (1, district)


def _districts(*groups: Iterable) -> list:
    names: set = set()
    for g in groups:
        names.update(d or None for d in g)
    return sorted(names, key=district_sort_key)


def _percent(done: float, target: Optional[float]) -> Optional[float]:
    if target is None or target <= 0:
        return None
    return 100.0 * done / target


def _met_on(dated: Iterable, target: Optional[float]) -> Optional[_dt.date]:
    """The date the cumulative amount of ``dated`` ((date, amount) pairs) first reached ``target``."""
    if target is None or target <= 0:
        return None
    total = 0.0
    for day, amount in sorted(dated, key=lambda p: p[0]):
        total += amount
        if total >= target - 1e-9:
            return day
    return None


# --------------------------------------------------------------------------- results
@dataclass
class DistrictProgress:
    """One district's line of a programme: ``done`` is km (cleaning) or covers (cover programmes)."""

    district: Optional[str]
    target: Optional[float]
    done: float = 0.0
    count: int = 0  # pipes cleaned / covers replaced
    anti_settlement: int = 0  # cover programmes: how many of them anti-settlement
    network: float = 0.0  # cleaning: km of pipe in the district
    pipes: int = 0  # cleaning: pipes in the district
    overdue: int = 0  # cleaning: pipes not cleaned after the deadline while the district is short
    met_on: Optional[_dt.date] = None

    @property
    def percent(self) -> Optional[float]:
        return _percent(self.done, self.target)

    @property
    def remaining(self) -> Optional[float]:
        """What is still missing to the target (0 once met); None without a target."""
        return None if self.target is None else max(0.0, self.target - self.done)


@dataclass
class CleaningProgress:
    programme: dict
    today: _dt.date
    target_km: float
    cleaned_km: float
    network_km: float
    cleaned_pipes: int
    total_pipes: int
    overdue_pipes: int
    late_pipes: int  # cleaned, but after the deadline
    met_on: Optional[_dt.date]
    by_district: list
    remaining: list  # pipe rows not cleaned (uid, code, name, district, length_m, overdue)
    cleaned_on: dict  # pipe uid -> date it was cleaned (the earliest counted record)
    short_districts: tuple = ()  # districts (None: without one) still short of their target
    overdue_uids: set = field(default_factory=set)  # pipes overdue (see cleaning_progress)

    @property
    def percent(self) -> Optional[float]:
        return _percent(self.cleaned_km, self.target_km)

    @property
    def deadline(self) -> _dt.date:
        return as_date(self.programme["deadline"])

    @property
    def days_left(self) -> int:
        """Days from today to the deadline (negative once it has passed)."""
        return (self.deadline - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.deadline

    def state(self, uid: str) -> str:
        """``cleaned``, ``overdue`` (deadline passed, its district short of target) or ``not_yet``."""
        if uid in self.cleaned_on:
            return "cleaned"
        return "overdue" if uid in self.overdue_uids else "not_yet"


@dataclass
class CoverProgress:
    programme: dict
    today: _dt.date
    target: float
    replaced: int
    anti_settlement: int
    met_on: Optional[_dt.date]
    by_district: list
    replaced_on: dict  # facility uid -> date counted
    inlets_added: int = 0
    inlets_by_district: dict = field(default_factory=dict)

    @property
    def percent(self) -> Optional[float]:
        return _percent(self.replaced, self.target)

    @property
    def deadline(self) -> _dt.date:
        return as_date(self.programme["deadline"])

    @property
    def months_early(self) -> Optional[int]:
        """Whole months between the date the plan was met and the deadline (negative: late)."""
        return None if self.met_on is None else months_between(self.met_on, self.deadline)

    @property
    def days_early(self) -> Optional[int]:
        return None if self.met_on is None else (self.deadline - self.met_on).days


# --------------------------------------------------------------------------- cleaning
def cleaning_progress(programme: Mapping, targets: Mapping, pipes: Iterable[Mapping], cleanings: Iterable[Mapping],
                      today: Optional[_dt.date] = None, same_kind_uids: Iterable = ()) -> CleaningProgress:
    """Progress of a pipe-cleaning programme.

    ``programme``: its row (``uid``, ``starts_on``, ``deadline``, ``target`` in km). ``targets``:
    ``{district: km}``. ``pipes``: rows with ``uid``, ``district``, ``length_m`` (and ``code``,
    ``name`` for the remaining list). ``cleanings``: maintenance rows (``facility_uid``,
    ``finished_on``, ``programme_uid``; rows with another ``work_type`` or ``status`` than a done
    cleaning are ignored). ``same_kind_uids``: the uids of the other pipe-cleaning programmes.
    """
    today = today or _dt.date.today()
    others = set(same_kind_uids) - {programme["uid"]}
    deadline = as_date(programme["deadline"])
    overdue_now = today > deadline
    cleaned_on: dict = {}
    for c in cleanings:
        if c.get("work_type", "cleaning") != "cleaning" or c.get("status", "done") != "done":
            continue
        day = as_date(c.get("finished_on"))
        if day is None or not counts_for(programme, c.get("programme_uid"), day, others):
            continue
        uid = c["facility_uid"]
        if uid not in cleaned_on or day < cleaned_on[uid]:
            cleaned_on[uid] = day
    pipes = list(pipes)
    known = {p["uid"] for p in pipes}
    cleaned_on = {u: d for u, d in cleaned_on.items() if u in known}  # a deleted pipe no longer counts
    targets = {(k or None): float(v) for k, v in (targets or {}).items()}
    rows = {d: DistrictProgress(d, targets.get(d)) for d in _districts(targets, (p.get("district") for p in pipes))}
    remaining, dated, by_district_dated = [], [], {}
    late = 0
    for p in pipes:
        d = p.get("district") or None
        km = float(p.get("length_m") or 0.0) / 1000.0
        row = rows[d]
        row.pipes += 1
        row.network += km
        day = cleaned_on.get(p["uid"])
        if day is not None:
            row.done += km
            row.count += 1
            dated.append((day, km))
            by_district_dated.setdefault(d, []).append((day, km))
            late += day > deadline
        else:
            remaining.append({"uid": p["uid"], "code": p.get("code"), "name": p.get("name"), "district": d,
                              "length_m": p.get("length_m"), "overdue": False})
    for d, row in rows.items():
        row.met_on = _met_on(by_district_dated.get(d, ()), row.target)
    # Overdue: after the deadline, the pipes not cleaned in a district still short of its target (a
    # district without a target of its own: while the programme as a whole is short). The programme
    # cleans a share of the network, so in a district that met its target the rest is not "late".
    target = float(programme.get("target") or 0.0)
    city_short = sum(r.done for r in rows.values()) < target - 1e-9
    short = tuple(d for d, r in rows.items()
                  if (r.done < r.target - 1e-9 if r.target is not None else city_short))
    overdue_uids = set()
    if overdue_now:
        for r in remaining:
            if r["district"] in short:
                r["overdue"] = True
                rows[r["district"]].overdue += 1
                overdue_uids.add(r["uid"])
    remaining.sort(key=lambda r: (district_sort_key(r["district"]), str(r.get("code") or "")))
    by_district = list(rows.values())
    return CleaningProgress(
        programme=dict(programme), today=today, target_km=target,
        cleaned_km=sum(r.done for r in by_district), network_km=sum(r.network for r in by_district),
        cleaned_pipes=len(cleaned_on), total_pipes=len(pipes), overdue_pipes=sum(r.overdue for r in by_district),
        late_pipes=late, met_on=_met_on(dated, target), by_district=by_district, remaining=remaining,
        cleaned_on=cleaned_on, short_districts=short, overdue_uids=overdue_uids)


# --------------------------------------------------------------------------- covers
def is_anti_settlement(replacement: Mapping) -> bool:
    """A replacement with an anti-settlement cover: flagged so, or of the wide-rim anti-settlement type."""
    return bool(replacement.get("anti_settlement")) or replacement.get("new_cover_type") == ANTI_SETTLEMENT_TYPE


def cover_progress(programme: Mapping, targets: Mapping, replacements: Iterable[Mapping],
                   today: Optional[_dt.date] = None, same_kind_uids: Iterable = (),
                   inlets: Iterable[Mapping] = ()) -> CoverProgress:
    """Progress of a cover programme (``cover_replacement`` or ``anti_settlement_covers``).

    ``replacements``: ``cover_replacement`` rows with ``district`` (of their facility),
    ``facility_uid``, ``facility_kind``, ``replaced_on``, ``anti_settlement``, ``new_cover_type``,
    ``programme_uid``. An anti-settlement programme counts anti-settlement manhole covers only; a
    cover programme every manhole cover and inlet grate. ``inlets``: rain inlet rows (``district``,
    ``built_year``): those built in the programme's year are counted as added.
    """
    today = today or _dt.date.today()
    kind = programme.get("kind", COVERS)
    others = set(same_kind_uids) - {programme["uid"]}
    facility_kinds = COVER_FACILITIES.get(kind, COVER_FACILITIES[COVERS])
    first: dict = {}  # facility uid -> (date, replacement)
    for r in replacements:
        if r.get("facility_kind", "manhole") not in facility_kinds:
            continue
        if kind == ANTI_SETTLEMENT and not is_anti_settlement(r):
            continue
        day = as_date(r.get("replaced_on"))
        if day is None or not counts_for(programme, r.get("programme_uid"), day, others):
            continue
        uid = r["facility_uid"]
        if uid not in first or day < first[uid][0]:
            first[uid] = (day, r)
    targets = {(k or None): float(v) for k, v in (targets or {}).items()}
    rows = {d: DistrictProgress(d, targets.get(d))
            for d in _districts(targets, (r.get("district") for _, r in first.values()))}
    dated, by_district_dated = [], {}
    for day, r in first.values():
        d = r.get("district") or None
        row = rows[d]
        row.done += 1
        row.count += 1
        row.anti_settlement += is_anti_settlement(r)
        dated.append((day, 1))
        by_district_dated.setdefault(d, []).append((day, 1))
    for d, row in rows.items():
        row.met_on = _met_on(by_district_dated.get(d, ()), row.target)
    target = float(programme.get("target") or 0.0)
    added, added_by = inlets_added(inlets, int(programme["year"]))
    return CoverProgress(programme=dict(programme), today=today, target=target, replaced=len(first),
                         anti_settlement=sum(r.anti_settlement for r in rows.values()),
                         met_on=_met_on(dated, target), by_district=list(rows.values()),
                         replaced_on={u: d for u, (d, _) in first.items()}, inlets_added=added,
                         inlets_by_district=added_by)


def inlets_added(inlets: Iterable[Mapping], year: int) -> tuple:
    """(count, {district: count}) of rain inlets whose ``built_year`` is ``year``."""
    by: dict = {}
    for i in inlets:
        if i.get("built_year") is not None and int(i["built_year"]) == int(year):
            d = i.get("district") or None
            by[d] = by.get(d, 0) + 1
    return sum(by.values()), by


# --------------------------------------------------------------------------- waterlogging
@dataclass(frozen=True)
class EventJudgement:
    """The GB 51222 check of one event: ``grade`` ``compliant``/``waterlogged`` or None with ``problem``."""

    event_uid: Optional[str]
    grade: Optional[str]
    reasons: tuple = ()
    within_design: Optional[bool] = None
    problem: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.grade is not None


def judge_event(point: Mapping, event: Mapping, options: Optional[Mapping] = None) -> EventJudgement:
    """Judge one waterlogging event by GB 51222 exactly as the network assessment does
    (``core.assessment_inputs`` builds the data, the point's design return period is its option).
    ``options``: ``{standard: {option: value}}`` as ``assess_network`` takes them."""
    from .standards import assess

    try:
        standard, data = AI.build("waterlogging_point", point, events=[event])
    except AI.Skip as e:
        return EventJudgement(event.get("uid"), None, problem=str(e))
    opts = {**((options or {}).get(standard) or {}), **AI.facility_options("waterlogging_point", point)}
    try:
        result = assess(standard, data, opts or None)
    except ValueError as e:
        return EventJudgement(event.get("uid"), None, problem=str(e))
    details = result.details or {}
    return EventJudgement(event.get("uid"), result.grade, tuple(details.get("reasons") or ()),
                          details.get("within_design"))


def points_without_plan(points: Iterable[Mapping], plans: Iterable[Mapping]) -> list:
    """Waterlogging points with no plan, or only cancelled ones (一点一策: every point needs one)."""
    planned = {p["facility_uid"] for p in plans if p.get("status") != "cancelled"}
    out = [dict(p) for p in points if p["uid"] not in planned]
    out.sort(key=lambda p: (district_sort_key(p.get("district")), str(p.get("code") or "")))
    return out


def plan_overdue(plan: Mapping, today: _dt.date) -> bool:
    deadline = as_date(plan.get("deadline"))
    return deadline is not None and today > deadline and plan.get("status") not in CLOSED_PLAN


def overdue_plans(plans: Iterable[Mapping], points: Mapping, today: Optional[_dt.date] = None) -> list:
    """Plans whose deadline has passed and whose status is not done or cancelled, most overdue first.

    ``points``: ``{uid: point row}`` (code, name, district are copied onto each plan as ``point_*``).
    """
    today = today or _dt.date.today()
    out = []
    for plan in plans:
        if not plan_overdue(plan, today):
            continue
        p = points.get(plan["facility_uid"]) or {}
        out.append({**plan, "point_code": p.get("code"), "point_name": p.get("name"), "district": p.get("district"),
                    "days_overdue": (today - as_date(plan["deadline"])).days})
    out.sort(key=lambda r: (-r["days_overdue"], str(r.get("point_code") or "")))
    return out


def repeat_event_points(points: Iterable[Mapping], events: Iterable[Mapping], today: Optional[_dt.date] = None,
                        min_events: int = REPEAT_MIN_EVENTS, window_days: Optional[int] = REPEAT_WINDOW_DAYS,
                        options: Optional[Mapping] = None) -> list:
    """Points with at least ``min_events`` events dated within the last ``window_days`` days up to
    ``today`` (None: all events up to today), each with ``events`` (the count), ``waterlogged``
    (how many of them GB 51222 judges waterlogged), ``last_event`` and ``judgements``. Most events first.
    """
    today = today or _dt.date.today()
    if min_events < 1:
        raise ValueError(f"min_events: {min_events} is below 1")
    if window_days is not None and window_days < 0:
        raise ValueError(f"window_days: {window_days} is negative")
    since = None if window_days is None else today - _dt.timedelta(days=window_days)
    by_point: dict = {}
    for e in events:
        day = as_date(e.get("event_on"))
        if day is None or day > today or (since is not None and day <= since):
            continue
        by_point.setdefault(e["facility_uid"], []).append(e)
    out = []
    for p in points:
        evs = by_point.get(p["uid"], [])
        if len(evs) < min_events:
            continue
        evs.sort(key=lambda e: (str(e["event_on"]), str(e.get("uid") or "")))
        judgements = [judge_event(p, e, options) for e in evs]
        out.append({**p, "events": len(evs), "waterlogged": sum(j.grade == "waterlogged" for j in judgements),
                    "last_event": as_date(evs[-1]["event_on"]), "judgements": judgements})
    out.sort(key=lambda r: (-r["events"], -r["waterlogged"], str(r.get("code") or "")))
    return out


# --------------------------------------------------------------------------- storage
def storage_totals(facilities: Iterable[Mapping]) -> tuple:
    """(rows by district, total row) of storage: ``district``, ``facilities``, ``capacity_m3``, ``with_pre_lowering``
    (how many have a pre-lowering level set)."""
    rows: dict = {}
    for f in facilities:
        d = f.get("district") or None
        row = rows.setdefault(d, {"district": d, "facilities": 0, "capacity_m3": 0.0, "with_pre_lowering": 0})
        row["facilities"] += 1
        row["capacity_m3"] += float(f.get("capacity_m3") or 0.0)
        row["with_pre_lowering"] += f.get("pre_lowering_level_m") is not None
    ordered = [rows[d] for d in sorted(rows, key=district_sort_key)]
    total = {"district": None, "facilities": sum(r["facilities"] for r in ordered),
             "capacity_m3": sum(r["capacity_m3"] for r in ordered),
             "with_pre_lowering": sum(r["with_pre_lowering"] for r in ordered)}
    return ordered, total


# --------------------------------------------------------------------------- statistics tables
@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English; translate with tr()
    type: str = "real"  # 'text', 'integer', 'real', 'percent', 'date'
    decimals: int = 0


@dataclass
class StatTable:
    """A statistics table: one row per district or county, then ``total``."""

    title: str  # English template, e.g. "{name}: by district"; the caller translates and formats
    title_args: dict
    columns: tuple
    rows: list
    total: dict

    def matrix(self, district_label: Callable[[Optional[str]], str], total_label: str) -> list:
        """Every row (the total last) as a list of cell values in column order, rounded as the columns say."""
        out = []
        for row, is_total in [(r, False) for r in self.rows] + [(self.total, True)]:
            cells = []
            for c in self.columns:
                v = row.get(c.key)
                if c.key == "district":
                    v = total_label if is_total else district_label(v)
                elif v is not None and c.type in ("real", "percent"):
                    v = round(float(v), c.decimals)
                elif v is not None and c.type == "date":
                    v = v.isoformat() if hasattr(v, "isoformat") else str(v)
                cells.append(v)
            out.append(cells)
        return out


DISTRICT_COLUMN = Column("district", QT_TRANSLATE_NOOP("SafeMunicipal", "District or county"), "text")

CLEANING_COLUMNS = (
    DISTRICT_COLUMN,
    Column("target_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Target (km)"), "real", 3),
    Column("cleaned_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Cleaned (km)"), "real", 3),
    Column("percent", QT_TRANSLATE_NOOP("SafeMunicipal", "Done (%)"), "percent", 1),
    Column("remaining_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Still to clean (km)"), "real", 3),
    Column("cleaned_pipes", QT_TRANSLATE_NOOP("SafeMunicipal", "Pipes cleaned"), "integer"),
    Column("network_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Network (km)"), "real", 3),
    Column("overdue_pipes", QT_TRANSLATE_NOOP("SafeMunicipal", "Pipes overdue"), "integer"),
    Column("met_on", QT_TRANSLATE_NOOP("SafeMunicipal", "Target met on"), "date"),
)
COVER_COLUMNS = (
    DISTRICT_COLUMN,
    Column("target", QT_TRANSLATE_NOOP("SafeMunicipal", "Target (covers)"), "real", 0),
    Column("replaced", QT_TRANSLATE_NOOP("SafeMunicipal", "Replaced"), "integer"),
    Column("percent", QT_TRANSLATE_NOOP("SafeMunicipal", "Done (%)"), "percent", 1),
    Column("anti_settlement", QT_TRANSLATE_NOOP("SafeMunicipal", "Anti-settlement"), "integer"),
    Column("met_on", QT_TRANSLATE_NOOP("SafeMunicipal", "Target met on"), "date"),
    Column("inlets_added", QT_TRANSLATE_NOOP("SafeMunicipal", "Rain inlets added"), "integer"),
)
STORAGE_COLUMNS = (
    DISTRICT_COLUMN,
    Column("facilities", QT_TRANSLATE_NOOP("SafeMunicipal", "Storage facilities"), "integer"),
    Column("capacity_m3", QT_TRANSLATE_NOOP("SafeMunicipal", "Adjustable capacity (m³)"), "real", 0),
    Column("with_pre_lowering", QT_TRANSLATE_NOOP("SafeMunicipal", "With a pre-lowering level"), "integer"),
)
#: Year table: (programme kind, key prefix, columns taken from its programme table)
YEAR_PARTS = (
    (CLEANING, "cleaning_", (("target_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Cleaning target (km)")),
                             ("cleaned_km", QT_TRANSLATE_NOOP("SafeMunicipal", "Cleaned (km)")),
                             ("percent", QT_TRANSLATE_NOOP("SafeMunicipal", "Cleaning done (%)")))),
    (COVERS, "covers_", (("target", QT_TRANSLATE_NOOP("SafeMunicipal", "New covers and grates: target")),
                         ("replaced", QT_TRANSLATE_NOOP("SafeMunicipal", "New covers and grates: replaced")),
                         ("percent", QT_TRANSLATE_NOOP("SafeMunicipal", "New covers and grates: done (%)")))),
    (ANTI_SETTLEMENT, "anti_", (("target", QT_TRANSLATE_NOOP("SafeMunicipal", "Anti-settlement covers: target")),
                                ("replaced", QT_TRANSLATE_NOOP("SafeMunicipal", "Anti-settlement covers: replaced")),
                                ("percent", QT_TRANSLATE_NOOP("SafeMunicipal", "Anti-settlement covers: done (%)")))),
)
YEAR_TAIL = (
    Column("inlets_added", QT_TRANSLATE_NOOP("SafeMunicipal", "Rain inlets added"), "integer"),
    Column("waterlogging_points", QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging points"), "integer"),
    Column("points_with_plan", QT_TRANSLATE_NOOP("SafeMunicipal", "Points with a plan"), "integer"),
    Column("plans_overdue", QT_TRANSLATE_NOOP("SafeMunicipal", "Plans overdue"), "integer"),
    Column("storage_m3", QT_TRANSLATE_NOOP("SafeMunicipal", "Adjustable storage (m³)"), "real", 0),
)
PROGRAMME_TITLE = QT_TRANSLATE_NOOP("SafeMunicipal", "{programme} {year}: by district")
YEAR_TITLE = QT_TRANSLATE_NOOP("SafeMunicipal", "Programmes {year}: by district")
STORAGE_TITLE = QT_TRANSLATE_NOOP("SafeMunicipal", "Adjustable storage by district")


def _progress_row(p: DistrictProgress, cleaning: bool, inlets: Optional[int] = None) -> dict:
    if cleaning:
        return {"district": p.district, "target_km": p.target, "cleaned_km": p.done, "percent": p.percent,
                "remaining_km": p.remaining, "cleaned_pipes": p.count, "network_km": p.network,
                "overdue_pipes": p.overdue, "met_on": p.met_on}
    return {"district": p.district, "target": p.target, "replaced": p.count, "percent": p.percent,
            "anti_settlement": p.anti_settlement, "met_on": p.met_on, "inlets_added": inlets or 0}


def programme_table(progress) -> StatTable:
    """The district table of one programme's progress (:class:`CleaningProgress` or :class:`CoverProgress`)."""
    prog = progress.programme
    args = {"kind": prog.get("kind"), "year": prog.get("year"), "name": prog.get("name")}
    if isinstance(progress, CleaningProgress):
        rows = [_progress_row(p, True) for p in progress.by_district]
        total = {"district": None, "target_km": progress.target_km, "cleaned_km": progress.cleaned_km,
                 "percent": progress.percent,
                 "remaining_km": max(0.0, progress.target_km - progress.cleaned_km),
                 "cleaned_pipes": progress.cleaned_pipes, "network_km": progress.network_km,
                 "overdue_pipes": progress.overdue_pipes, "met_on": progress.met_on}
        return StatTable(PROGRAMME_TITLE, args, CLEANING_COLUMNS, rows, total)
    by_inlets = dict(progress.inlets_by_district)
    districts = {p.district for p in progress.by_district}
    rows = [_progress_row(p, False, by_inlets.get(p.district)) for p in progress.by_district]
    for d in sorted(set(by_inlets) - districts, key=district_sort_key):  # inlets added where nothing was replaced
        rows.append(_progress_row(DistrictProgress(d, None), False, by_inlets[d]))
    rows.sort(key=lambda r: district_sort_key(r["district"]))
    total = {"district": None, "target": progress.target, "replaced": progress.replaced, "percent": progress.percent,
             "anti_settlement": progress.anti_settlement, "met_on": progress.met_on,
             "inlets_added": progress.inlets_added}
    return StatTable(PROGRAMME_TITLE, args, COVER_COLUMNS, rows, total)


def storage_table(facilities: Iterable[Mapping]) -> StatTable:
    rows, total = storage_totals(facilities)
    return StatTable(STORAGE_TITLE, {}, STORAGE_COLUMNS, rows, total)


def year_table(year: int, progresses: Sequence, inlets: Iterable[Mapping] = (), points: Iterable[Mapping] = (),
               plans: Iterable[Mapping] = (), storage: Iterable[Mapping] = (),
               today: Optional[_dt.date] = None) -> StatTable:
    """The 城市综合管理评估 table of a year: every programme of the year side by side (one column
    group per programme kind present), rain inlets added in the year, waterlogging points, points
    with a plan and plans overdue (as of ``today``), and adjustable storage; by district, then the total.
    """
    today = today or _dt.date.today()
    columns: list = [DISTRICT_COLUMN]
    data: dict = {}  # district -> {key: value}
    total: dict = {"district": None}
    by_kind = {p.programme.get("kind"): p for p in progresses}

    def put(d, key, value):
        data.setdefault(d or None, {"district": d or None})[key] = value

    for kind, prefix, cols in YEAR_PARTS:
        progress = by_kind.get(kind)
        if progress is None:
            continue
        table = programme_table(progress)
        types = {c.key: c for c in table.columns}
        for key, header in cols:
            c = types[key]
            columns.append(Column(prefix + key, header, c.type, c.decimals))
            for row in table.rows:
                put(row["district"], prefix + key, row.get(key))
            total[prefix + key] = table.total.get(key)
    columns.extend(YEAR_TAIL)
    count, by = inlets_added(inlets, year)
    for d, n in by.items():
        put(d, "inlets_added", n)
    total["inlets_added"] = count
    points = list(points)
    plans = list(plans)
    planned = {p["facility_uid"] for p in plans if p.get("status") != "cancelled"}
    point_district = {p["uid"]: p.get("district") or None for p in points}
    for p in points:
        row = data.setdefault(p.get("district") or None, {"district": p.get("district") or None})
        row["waterlogging_points"] = row.get("waterlogging_points", 0) + 1
        row["points_with_plan"] = row.get("points_with_plan", 0) + (p["uid"] in planned)
    for plan in plans:
        if plan_overdue(plan, today):
            row = data.setdefault(point_district.get(plan["facility_uid"]),
                                  {"district": point_district.get(plan["facility_uid"])})
            row["plans_overdue"] = row.get("plans_overdue", 0) + 1
    srows, stotal = storage_totals(storage)
    for r in srows:
        put(r["district"], "storage_m3", r["capacity_m3"])
    total.update(waterlogging_points=len(points), points_with_plan=sum(p["uid"] in planned for p in points),
                 plans_overdue=sum(plan_overdue(p, today) for p in plans), storage_m3=stotal["capacity_m3"])
    for row in data.values():  # counts default to 0 (nothing there), amounts stay empty
        for c in YEAR_TAIL:
            if c.type == "integer":
                row.setdefault(c.key, 0)
        row.setdefault("storage_m3", 0.0)
    rows = [data[d] for d in sorted(data, key=district_sort_key)]
    return StatTable(YEAR_TITLE, {"year": year}, tuple(columns), rows, total)

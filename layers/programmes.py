"""The office's programmes in a store: set-based reads for ``core.programmes`` and validated writes.

:class:`Programmes` wraps an open store (the :class:`~.gpkg.GpkgStore` API). Reads are a handful of
whole-table queries (a city store's 100,000 pipes are one ``SELECT``), the figures are computed by
:mod:`..core.programmes`. Writes each run in **one transaction**; bad input raises
:class:`~..core.validation.ValidationError` naming the table, the row (a position in the list
given, or ``new``, or the uid) and the field, and writes nothing:

- :meth:`Programmes.create_programme`: a programme and its district targets. One programme per
  kind and year; ``starts_on`` ≤ ``deadline``; targets ≥ 0; each district once.
- :meth:`Programmes.record_cleaning`: one ``maintenance`` row per pipe (``work_type`` ``cleaning``,
  ``status`` ``done``, linked to the programme). Pipes already cleaned **for this programme** (a
  linked cleaning, or an unlinked one in its window) are **skipped**, not refused — marking today's
  40 segments again must not double their kilometres — and returned as ``skipped``; a pipe listed
  twice is written once. An unknown pipe, a date in the future or before the programme starts is
  refused (nothing written).
- :meth:`Programmes.record_cover_replacement`: the ``cover_replacement`` row, a done
  ``maintenance`` row (``work_type`` ``cover_replacement``) for the facility's archive, and the
  facility's current cover fields (a manhole's ``cover_type``, ``load_class``, ``anti_settlement``,
  ``cover_replaced_on``; an inlet's grate ``load_class``) — these only when the replacement is not
  older than the one the facility shows.
- :meth:`Programmes.save_plan` / :meth:`Programmes.delete_plan`: a waterlogging point's plan (一点一策);
  one open plan per point (cancelled plans do not count), a done plan needs its completion date.

Reads go through ``store.rows`` (values in one form on both backends: dates as ISO text, booleans
truthy, geometry as WKB), so the figures are the same on a GeoPackage and on PostGIS. No QGIS import.
"""
from __future__ import annotations

import datetime as _dt
import uuid as _uuid
from typing import Iterable, Optional

from ..core import geometry as geo
from ..core import programmes as PG
from ..core import schema as S
from ..core.records import check_record
from ..core.validation import QT_TRANSLATE_NOOP, P, ValidationError, validate_row
from . import store_settings
from .archive import is_uid

#: Store setting: what counts as repeat events (``{"min_events": 2, "window_days": 365}``;
#: ``window_days`` null = every event up to today).
REPEAT_SETTING = "programmes.repeat_events"
REPEAT_DEFAULT = {"min_events": PG.REPEAT_MIN_EVENTS, "window_days": PG.REPEAT_WINDOW_DAYS}
CHUNK = 500  # uids per IN (…) list


def new_uid() -> str:
    return str(_uuid.uuid4())


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Programmes:
    """Programme figures and writes of one open store. ``today`` fixes the date (tests)."""

    def __init__(self, store, today: Optional[_dt.date] = None):
        self.store = store
        self._today = today

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    # ------------------------------------------------------------------ small reads
    def _select(self, table: str, columns, where: str = "", params: Iterable = (), order_by=None) -> list:
        """Rows (dicts of ``columns``) of one table, in the store's backend-neutral form."""
        return list(self.store.rows(table, where, tuple(params), columns=list(columns), order_by=order_by))

    PROGRAMME_COLUMNS = ("uid", "kind", "year", "name", "starts_on", "deadline", "target", "notes")

    def programmes(self, kind: Optional[str] = None, year: Optional[int] = None) -> list:
        """Programme rows, newest year first, then by kind."""
        where, params = [], []
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if year is not None:
            where.append("year = ?")
            params.append(int(year))
        rows = self._select("programme", self.PROGRAMME_COLUMNS, " AND ".join(where), params,
                            ("-year", "kind", "starts_on"))
        order = {k: i for i, k in enumerate(PG.PROGRAMME_KINDS)}
        rows.sort(key=lambda r: (-r["year"], order.get(r["kind"], 99), r["starts_on"]))
        return rows

    def programme(self, uid: str) -> dict:
        rows = self._select("programme", self.PROGRAMME_COLUMNS, "uid = ?", (uid,)) if is_uid(uid) else []
        if not rows:
            raise KeyError(f"no programme with uid {uid}")
        return rows[0]

    def targets(self, programme_uid: str) -> dict:
        """``{district: target}`` of a programme."""
        return {r["district"]: r["target"] for r in self._select("programme_target", ("district", "target"),
                                                                 "programme_uid = ?", (programme_uid,), ("fid",))}

    def years(self) -> list:
        """Years that have a programme, newest first."""
        return [r[0] for r in self.store.execute("SELECT DISTINCT year FROM programme ORDER BY year DESC")]

    def resolve(self, ref, kind: Optional[str] = None) -> dict:
        """A programme from its uid or its year (with ``kind``, or the only programme of that year).

        ValueError naming what is wrong (nothing found, several of the year)."""
        text = str(ref).strip() if ref is not None else ""
        if not text:
            raise ValueError("PROGRAMME: give a programme uid or a year")
        if text.isdigit() and len(text) == 4:
            rows = self.programmes(kind=kind, year=int(text))
            if not rows:
                raise ValueError(f"PROGRAMME: no {kind or 'programme'} for {text}")
            if len(rows) > 1:
                raise ValueError(f"PROGRAMME: {len(rows)} programmes in {text}; give the uid of one")
            return rows[0]
        try:
            row = self.programme(text)
        except KeyError:
            raise ValueError(f"PROGRAMME: {text} is neither a year nor a programme uid") from None
        if kind is not None and row["kind"] != kind:
            raise ValueError(f"PROGRAMME: {text} is a {row['kind']} programme, not {kind}")
        return row

    def _same_kind(self, kind: str) -> list:
        return [r["uid"] for r in self._select("programme", ("uid",), "kind = ?", (kind,))]

    # ------------------------------------------------------------------ facility reads
    def pipes(self) -> list:
        """Every pipe: uid, code, name, district, length_m (from the geometry where not recorded)."""
        rows = self._select("drain_pipe", ("uid", "code", "name", "district", "length_m"), order_by=("fid",))
        missing = {r["uid"]: r for r in rows if r["length_m"] is None}
        if missing:
            for r in self._select("drain_pipe", ("uid", "geom"), "length_m IS NULL"):
                uid, wkb = r["uid"], r["geom"]
                if wkb is not None and uid in missing:
                    try:
                        missing[uid]["length_m"] = geo.line_length(geo.wkb_points(wkb))
                    except (ValueError, IndexError):
                        pass
        return rows

    def _cleanings(self, programme: dict) -> list:
        return self._select(
            "maintenance", ("facility_uid", "finished_on", "programme_uid", "work_type", "status"),
            "facility_kind = 'drain_pipe' AND work_type = 'cleaning' AND status = 'done' "
            "AND finished_on IS NOT NULL AND (programme_uid = ? OR finished_on BETWEEN ? AND ?)",
            (programme["uid"], programme["starts_on"], programme["deadline"]))

    def _replacements(self, programme: dict) -> list:
        """The programme's replacements (linked, or in its window) with their facility's district."""
        rows = self._select(
            "cover_replacement", ("facility_uid", "facility_kind", "replaced_on", "anti_settlement",
                                  "new_cover_type", "programme_uid"),
            "programme_uid = ? OR replaced_on BETWEEN ? AND ?",
            (programme["uid"], programme["starts_on"], programme["deadline"]))
        uids = list(dict.fromkeys(r["facility_uid"] for r in rows))
        district = {u: f["district"] for u, f in self._existing("rain_inlet", uids).items()}
        district.update({u: f["district"] for u, f in self._existing("manhole", uids).items()
                         if f["district"] is not None or u not in district})
        for r in rows:
            r["district"] = district.get(r["facility_uid"])
        return rows

    def inlets(self, year: Optional[int] = None) -> list:
        if year is None:
            return self._select("rain_inlet", ("uid", "district", "built_year"))
        return self._select("rain_inlet", ("uid", "district", "built_year"), "built_year = ?", (int(year),))

    def points(self) -> list:
        return self._select("waterlogging_point", ("uid", "code", "name", "district", "status", "sponge_city",
                                                   "design_return_period_yr", "location_desc"), order_by=("fid",))

    def plans(self) -> list:
        return self._select("waterlogging_plan", S.table("waterlogging_plan").field_names, order_by=("fid",))

    def plan_of(self, point_uid: str) -> Optional[dict]:
        """The point's open plan (else its latest cancelled one), or None."""
        rows = [p for p in self.plans() if p["facility_uid"] == point_uid]
        rows.sort(key=lambda p: (p["status"] == "cancelled", -(p.get("deadline") is not None)))
        return rows[0] if rows else None

    def events(self) -> list:
        return self._select("waterlogging_event", S.table("waterlogging_event").field_names,
                            order_by=("event_on", "fid"))

    def storage(self) -> list:
        return self._select("storage_facility", ("uid", "code", "name", "district", "capacity_m3",
                                                 "pre_lowering_level_m"), order_by=("fid",))

    # ------------------------------------------------------------------ figures
    def cleaning_progress(self, programme_uid: str) -> PG.CleaningProgress:
        prog = self.programme(programme_uid)
        if prog["kind"] != PG.CLEANING:
            raise ValueError(f"programme {programme_uid} is a {prog['kind']} programme, not pipe cleaning")
        return PG.cleaning_progress(prog, self.targets(prog["uid"]), self.pipes(), self._cleanings(prog),
                                    self.today, self._same_kind(PG.CLEANING))

    def cover_progress(self, programme_uid: str) -> PG.CoverProgress:
        prog = self.programme(programme_uid)
        if prog["kind"] not in PG.COVER_KINDS:
            raise ValueError(f"programme {programme_uid} is a {prog['kind']} programme, not a cover programme")
        return PG.cover_progress(prog, self.targets(prog["uid"]), self._replacements(prog), self.today,
                                 self._same_kind(prog["kind"]), self.inlets(prog["year"]))

    def progress(self, programme_uid: str):
        prog = self.programme(programme_uid)
        if prog["kind"] == PG.CLEANING:
            return self.cleaning_progress(programme_uid)
        return self.cover_progress(programme_uid)

    def programme_table(self, programme_uid: str) -> PG.StatTable:
        return PG.programme_table(self.progress(programme_uid))

    def year_table(self, year: int) -> PG.StatTable:
        progresses = []
        for kind in PG.PROGRAMME_KINDS:
            rows = self.programmes(kind=kind, year=year)
            if rows:  # one per kind and year (create_programme refuses a second)
                progresses.append(self.progress(rows[0]["uid"]))
        return PG.year_table(year, progresses, self.inlets(year), self.points(), self.plans(), self.storage(),
                             self.today)

    def storage_table(self) -> PG.StatTable:
        return PG.storage_table(self.storage())

    def repeat_settings(self) -> dict:
        value = store_settings.get(self.store, REPEAT_SETTING, None) or {}
        out = dict(REPEAT_DEFAULT)
        out.update({k: v for k, v in value.items() if k in REPEAT_DEFAULT})
        return out

    def waterlogging_lists(self, min_events: Optional[int] = None, window_days="setting",
                           options: Optional[dict] = None) -> dict:
        """``{"without_plan": [...], "overdue": [...], "repeat": [...]}`` (see core.programmes).

        ``min_events`` / ``window_days`` default to the store setting :data:`REPEAT_SETTING`."""
        settings = self.repeat_settings()
        min_events = settings["min_events"] if min_events is None else min_events
        window_days = settings["window_days"] if window_days == "setting" else window_days
        points = self.points()
        plans = self.plans()
        return {"without_plan": PG.points_without_plan(points, plans),
                "overdue": PG.overdue_plans(plans, {p["uid"]: p for p in points}, self.today),
                "repeat": PG.repeat_event_points(points, self.events(), self.today, int(min_events),
                                                 None if window_days is None else int(window_days), options)}

    def event_judgements(self, point_uid: str, options: Optional[dict] = None) -> list:
        """(event row, GB 51222 judgement) of every event of a point, oldest first."""
        point = self.facility_row("waterlogging_point", point_uid)
        if point is None:
            raise KeyError(f"no waterlogging point with uid {point_uid}")
        events = [e for e in self.events() if e["facility_uid"] == point_uid]
        return [(e, PG.judge_event(point, e, options)) for e in events]

    def facility_row(self, kind: str, uid: str) -> Optional[dict]:
        rows = self._select(kind, S.table(kind).field_names, "uid = ?", (uid,)) if is_uid(uid) else []
        return rows[0] if rows else None

    # ------------------------------------------------------------------ writes: programmes
    def create_programme(self, kind: str, year: int, starts_on, deadline, target: float,
                         district_targets: Optional[dict] = None, name: Optional[str] = None,
                         notes: Optional[str] = None) -> str:
        """Create a programme with its district targets (``{district: target}``) in one transaction."""
        row = {"uid": new_uid(), "kind": kind, "year": year, "name": name or None, "starts_on": starts_on,
               "deadline": deadline, "target": target, "notes": notes or None}
        norm = validate_row(S.table("programme"), row, "new")
        start, end = PG.as_date(norm["starts_on"]), PG.as_date(norm["deadline"])
        if end < start:
            raise ValidationError("programme", "new", "deadline", P(QT_TRANSLATE_NOOP(
                "validation", "is {end}, before the start {start}"), end=end.isoformat(), start=start.isoformat()))
        if norm["year"] not in (start.year, end.year):
            raise ValidationError("programme", "new", "starts_on", P(QT_TRANSLATE_NOOP(
                "validation", "is {start} and the deadline {end}: neither falls in the programme year {year}"),
                start=start.isoformat(), end=end.isoformat(), year=norm["year"]))
        targets = []
        seen: dict = {}
        for i, (district, value) in enumerate((district_targets or {}).items()):
            t = validate_row(S.table("programme_target"), {"uid": new_uid(), "programme_uid": row["uid"],
                                                           "district": (district or "").strip(), "target": value}, i)
            if t["district"] in seen:
                raise ValidationError("programme_target", i, "district", P(QT_TRANSLATE_NOOP(
                    "validation", "{district} appears twice"), district=t["district"]))
            seen[t["district"]] = i
            targets.append(t)
        with self.store.transaction():
            if self.programmes(kind=norm["kind"], year=norm["year"]):
                raise ValidationError("programme", "new", "year", P(QT_TRANSLATE_NOOP(
                    "validation", "has a {kind} programme already"), kind=norm["kind"]))
            self.store.insert("programme", [norm])
            if targets:
                self.store.insert("programme_target", targets)
        return row["uid"]

    def delete_programme(self, uid: str) -> None:
        """Delete a programme and its targets; records linked to it keep their rows, unlinked."""
        self.programme(uid)
        with self.store.transaction():
            targets = [r[0] for r in self.store.execute("SELECT uid FROM programme_target WHERE programme_uid = ?",
                                                        (uid,))]
            if targets:
                self.store.delete("programme_target", targets)
            for table in ("maintenance", "cover_replacement"):
                for (ruid,) in self.store.execute(f"SELECT uid FROM {table} WHERE programme_uid = ?",
                                                  (uid,)).fetchall():
                    self.store.update(table, ruid, {"programme_uid": None})
            self.store.delete("programme", [uid])

    # ------------------------------------------------------------------ writes: cleaning
    def _programme_for(self, table: str, programme_uid, kinds: tuple, label: str) -> dict:
        try:
            prog = self.programme(programme_uid) if programme_uid else None
        except KeyError:
            prog = None
        if prog is None or prog["kind"] not in kinds:
            raise ValidationError(table, "new", "programme_uid", P(QT_TRANSLATE_NOOP(
                "validation", "names no {what} programme"), what=label))
        return prog

    def _existing(self, table: str, uids: list) -> dict:
        """``{uid: row}`` of those of ``uids`` in facility ``table`` (uid, district)."""
        found: dict = {}
        uids = [u for u in uids if is_uid(u)]
        for i in range(0, len(uids), CHUNK):
            part = uids[i:i + CHUNK]
            for uid, district in self.store.execute(
                    f"SELECT uid, district FROM {_q(table)} WHERE uid IN ({', '.join('?' * len(part))})", part):
                found[uid] = {"uid": uid, "district": district}
        return found

    def record_cleaning(self, programme_uid: str, pipe_uids: Iterable[str], finished_on, started_on=None,
                        contractor: Optional[str] = None, description: Optional[str] = None,
                        category: str = "preventive", cost_yuan: Optional[float] = None) -> dict:
        """Record ``pipe_uids`` as cleaned on ``finished_on`` for the programme, one maintenance row each.

        Returns ``{"written": [maintenance uids], "skipped": [pipe uids already cleaned for it]}``."""
        prog = self._programme_for("maintenance", programme_uid, (PG.CLEANING,), "pipe-cleaning")
        uids = list(pipe_uids)
        for i, u in enumerate(uids):
            if not isinstance(u, str) or not u:
                raise ValidationError("maintenance", i, "facility_uid", P(QT_TRANSLATE_NOOP("validation", "is required")))
        template = {"facility_kind": "drain_pipe", "category": category, "status": "done",
                    "started_on": started_on, "finished_on": finished_on, "work_type": "cleaning",
                    "programme_uid": prog["uid"], "contractor": contractor or None,
                    "description": description or None, "cost_yuan": cost_yuan}
        probe = validate_row(S.table("maintenance"), {**template, "uid": new_uid(), "facility_uid": new_uid()}, "new")
        probe["started_on"] = probe["started_on"] or probe["finished_on"]  # a day's work unless told otherwise
        check_record("maintenance", probe, self.today, "new")
        finished = PG.as_date(probe["finished_on"])
        start = PG.as_date(prog["starts_on"])
        if finished < start:
            raise ValidationError("maintenance", "new", "finished_on", P(QT_TRANSLATE_NOOP(
                "validation", "is {date}, before the programme starts ({start})"),
                date=finished.isoformat(), start=start.isoformat()))
        with self.store.transaction():
            known = self._existing("drain_pipe", list(dict.fromkeys(uids)))
            for i, u in enumerate(uids):
                if u not in known:
                    raise ValidationError("maintenance", i, "facility_uid", P(QT_TRANSLATE_NOOP(
                        "validation", "{uid} names no drainage pipe"), uid=u))
            others = self._same_kind(PG.CLEANING)
            done = {c["facility_uid"] for c in self._cleanings(prog)
                    if PG.counts_for(prog, c["programme_uid"], c["finished_on"], others)}
            rows, skipped, seen = [], [], set()
            for u in uids:
                if u in done or u in seen:
                    if u not in seen:
                        skipped.append(u)
                    seen.add(u)
                    continue
                seen.add(u)
                rows.append({**probe, "uid": new_uid(), "facility_uid": u})
            if rows:
                self.store.insert("maintenance", rows)
        return {"written": [r["uid"] for r in rows], "skipped": skipped}

    # ------------------------------------------------------------------ writes: covers
    def record_cover_replacement(self, facility_uid: str, replaced_on, new_cover_type: Optional[str] = None,
                                 new_load_class: Optional[str] = None, anti_settlement: Optional[bool] = None,
                                 programme_uid: Optional[str] = None, contractor: Optional[str] = None,
                                 cost_yuan: Optional[float] = None, description: Optional[str] = None,
                                 with_maintenance: bool = True) -> str:
        """Record that a manhole cover (or an inlet's grate) was replaced; returns the replacement's uid.

        The old type and load class are taken from the facility. ``anti_settlement`` defaults to
        whether the new type is the wide-rim anti-settlement cover."""
        kind, facility = None, None
        for k in ("manhole", "rain_inlet"):
            facility = self.facility_row(k, facility_uid) if isinstance(facility_uid, str) else None
            if facility is not None:
                kind = k
                break
        if facility is None:
            raise ValidationError("cover_replacement", "new", "facility_uid", P(QT_TRANSLATE_NOOP(
                "validation", "names no manhole or rain inlet")))
        if anti_settlement is None:
            anti_settlement = new_cover_type == PG.ANTI_SETTLEMENT_TYPE
        row = {"uid": new_uid(), "facility_uid": facility_uid, "facility_kind": kind, "replaced_on": replaced_on,
               "old_cover_type": facility.get("cover_type"), "new_cover_type": new_cover_type or None,
               "old_load_class": facility.get("load_class"), "new_load_class": new_load_class or None,
               "anti_settlement": bool(anti_settlement), "programme_uid": programme_uid or None,
               "maintenance_uid": None}
        norm = validate_row(S.table("cover_replacement"), row, "new")
        day = PG.as_date(norm["replaced_on"])
        if day > self.today:
            raise ValidationError("cover_replacement", "new", "replaced_on", P(QT_TRANSLATE_NOOP(
                "validation", "is {date}, in the future"), date=day.isoformat()))
        if programme_uid:
            prog = self._programme_for("cover_replacement", programme_uid, PG.COVER_KINDS, "cover")
            start = PG.as_date(prog["starts_on"])
            if day < start:
                raise ValidationError("cover_replacement", "new", "replaced_on", P(QT_TRANSLATE_NOOP(
                    "validation", "is {date}, before the programme starts ({start})"),
                    date=day.isoformat(), start=start.isoformat()))
            if prog["kind"] == PG.ANTI_SETTLEMENT and (kind != "manhole" or not PG.is_anti_settlement(norm)):
                raise ValidationError("cover_replacement", "new", "anti_settlement", P(QT_TRANSLATE_NOOP(
                    "validation", "must be an anti-settlement manhole cover for this programme")))
        maintenance = None
        if with_maintenance:
            maintenance = validate_row(S.table("maintenance"), {
                "uid": new_uid(), "facility_uid": facility_uid, "facility_kind": kind, "category": "minor",
                "status": "done", "started_on": norm["replaced_on"], "finished_on": norm["replaced_on"],
                "work_type": "cover_replacement", "programme_uid": norm["programme_uid"],
                "contractor": contractor or None, "cost_yuan": cost_yuan, "description": description or None}, "new")
            check_record("maintenance", maintenance, self.today, "new")
            norm["maintenance_uid"] = maintenance["uid"]
        current = PG.as_date(facility.get("cover_replaced_on")) if kind == "manhole" else None
        changes: dict = {}
        if current is None or day >= current:
            if kind == "manhole":
                changes = {"anti_settlement": norm["anti_settlement"], "cover_replaced_on": norm["replaced_on"]}
                if norm["new_cover_type"]:
                    changes["cover_type"] = norm["new_cover_type"]
            if norm["new_load_class"]:
                changes["load_class"] = norm["new_load_class"]
        with self.store.transaction():
            if maintenance is not None:
                self.store.insert("maintenance", [maintenance])
            self.store.insert("cover_replacement", [norm])
            if changes:
                self.store.update(kind, facility_uid, changes)
        return norm["uid"]

    # ------------------------------------------------------------------ writes: waterlogging plans
    PLAN_FIELDS = ("facility_uid", "cause", "measures", "responsible_unit", "deadline", "status", "sponge_city",
                   "project", "completed_on")

    def save_plan(self, values: dict, uid: Optional[str] = None) -> str:
        """Add (``uid`` None) or change a waterlogging point's plan; returns its uid."""
        where = uid or "new"
        unknown = [k for k in values if k not in self.PLAN_FIELDS]
        if unknown:
            raise ValidationError("waterlogging_plan", where, unknown[0], P(QT_TRANSLATE_NOOP(
                "validation", "is not a field of this table")))
        old = None
        if uid is not None:
            old = self.store.get("waterlogging_plan", uid) if is_uid(uid) else None
            if old is None:
                raise ValidationError("waterlogging_plan", uid, "uid", P(QT_TRANSLATE_NOOP(
                    "validation", "names no row of this table")))
        merged = {**(old or {"uid": new_uid(), "status": "draft"}), **values, "facility_kind": "waterlogging_point"}
        norm = validate_row(S.table("waterlogging_plan"), merged, where)
        if self.facility_row("waterlogging_point", norm["facility_uid"]) is None:
            raise ValidationError("waterlogging_plan", where, "facility_uid", P(QT_TRANSLATE_NOOP(
                "validation", "names no waterlogging point")))
        completed = PG.as_date(norm["completed_on"])
        if norm["status"] == "done" and completed is None:
            raise ValidationError("waterlogging_plan", where, "completed_on", P(QT_TRANSLATE_NOOP(
                "validation", "is required for a done plan")))
        if completed is not None and completed > self.today:
            raise ValidationError("waterlogging_plan", where, "completed_on", P(QT_TRANSLATE_NOOP(
                "validation", "is {date}, in the future"), date=completed.isoformat()))
        with self.store.transaction():
            if norm["status"] != "cancelled":
                other = self.store.execute(
                    "SELECT uid FROM waterlogging_plan WHERE facility_uid = ? AND status != 'cancelled' AND uid != ?",
                    (norm["facility_uid"], norm["uid"])).fetchone()
                if other is not None:
                    raise ValidationError("waterlogging_plan", where, "facility_uid", P(QT_TRANSLATE_NOOP(
                        "validation", "has an open plan already: edit that one")))
            if old is None:
                self.store.insert("waterlogging_plan", [norm])
            else:
                changes = {k: norm[k] for k in self.PLAN_FIELDS if norm[k] != old.get(k)}
                if changes:
                    self.store.update("waterlogging_plan", uid, changes)
        return norm["uid"]

    def delete_plan(self, uid: str) -> None:
        self.store.delete("waterlogging_plan", [uid])

    def set_repeat_settings(self, min_events: int, window_days: Optional[int]) -> None:
        if int(min_events) < 1:
            raise ValidationError("setting", REPEAT_SETTING, "value", P(QT_TRANSLATE_NOOP(
                "validation", "is {value}, below the minimum {min}"), value=min_events, min="1"))
        if window_days is not None and int(window_days) < 0:
            raise ValidationError("setting", REPEAT_SETTING, "value", P(QT_TRANSLATE_NOOP(
                "validation", "is {value}, negative"), value=window_days))
        store_settings.set(self.store, REPEAT_SETTING, {"min_events": int(min_events),
                                                        "window_days": None if window_days is None
                                                        else int(window_days)})

"""The facility archive (一路一桥一隧一档): everything the office keeps about one facility.

A thin service over a store (any backend with the :class:`~.gpkg.GpkgStore` API): the facility's
attributes, its health records and maintenance works (paged, newest first), materials, attachments,
grade history, connected facilities and change history; and every write the archive dialog makes,
each validated (schema, then :mod:`..core.records` rules) and done in one transaction, so a bad
value leaves the store exactly as it was. The store's audit triggers log every change.

Detail records: an inspection of a pipe, road, bridge or tunnel carries its facility kind's detail
rows (CCTV defects, pavement distresses, bridge element deductions, tunnel item values), read with
:meth:`Archive.details` and replaced with :meth:`Archive.set_details`; a waterlogging point carries
its ``waterlogging_event`` rows as records of its own (:meth:`Archive.records` and the other record
methods). :meth:`Archive.live_grade` grades what is being entered (``core.details.live_grade``)
without writing anything.

Attachments live **inside the store** (``attachment.content``): a store is one file that field
crews copy to a tablet or a colleague's machine, and a managed folder beside it would be lost or
mismatched on the first copy; photos are a few MB, well within what SQLite and PostgreSQL hold
comfortably. A size limit (default 25 MB) keeps stores manageable. The archive exports an
attachment to a temporary file for the system viewer.

Reads are indexed lookups by uid and ``facility_uid``: opening an archive costs the same in a
small store and a city store. No QGIS import.

Both backends (``store.backend`` "gpkg" | "postgis"): the SQL here is either shared or branches on
the backend (the spatial filter: the R-tree table in a GeoPackage, ``geom && envelope`` on
PostGIS). **No lost updates** on PostGIS: an editor reads a record with :meth:`Archive.versioned`
(the row and its ``row_version`` in one query) and hands the version back to
:meth:`~Archive.update_record` / :meth:`~Archive.update_facility` / :meth:`~Archive.set_details` /
:meth:`~Archive.set_materials` / :meth:`~Archive.delete_record` (``expected_version``); when
somebody else changed the row since, the write raises ``ConflictError`` (``layers.pg_store``,
naming who and when) and nothing is written. A GeoPackage has no row versions: there the version
is None and ignored.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import mimetypes
import uuid as _uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ..core import assessment_inputs as AI
from ..core import details as D
from ..core import geometry as geo
from ..core import schema as S
from ..core.records import DEFAULT_STANDARD, check_record, grade_rank
from ..core.validation import QT_TRANSLATE_NOOP, P, ValidationError, validate_row
from .audit_sql import audit_values

#: Newest first, per record table.
RECORD_ORDER = {"inspection": ("-inspected_on", "-fid"), "maintenance": ("-started_on", "-fid"),
                "attachment": ("-taken_on", "-fid"), "waterlogging_event": ("-event_on", "-fid")}
RECORD_TABLES = tuple(RECORD_ORDER)
#: Record tables that belong to one kind of facility only.
RECORD_KINDS = {"waterlogging_event": ("waterlogging_point",)}
#: Detail rows of an inspection: CCTV defects along the pipe (by chainage), the others as entered.
DETAIL_ORDER = {"pipe_defect": ("start_m", "end_m", "fid"), "pavement_distress": ("fid",),
                "bridge_element": ("fid",), "tunnel_item": ("fid",)}
DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
NEAR_METRES = 60.0  # waterlogging points this close to a road are "near" it


@dataclass(frozen=True)
class FacilityRef:
    kind: str
    uid: str
    code: str
    name: Optional[str]
    district: Optional[str] = None

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}" if self.name else self.code


@dataclass(frozen=True)
class Connection:
    relation: str  # 'upstream_manhole', 'downstream_manhole', 'pipe_in', 'pipe_out', 'road', 'carried_bridge', …
    facility: FacilityRef


def _size(n: int) -> str:
    """A file size for messages: KB below a megabyte, so a small file never reads as 0.0 MB."""
    return f"{n / 1024:.1f} KB" if n < 1048576 else f"{n / 1048576:.1f} MB"


def new_uid() -> str:
    return str(_uuid.uuid4())


def is_uid(value) -> bool:
    """Whether ``value`` reads as a UUID: other text names no row (PostgreSQL would refuse to compare
    it with a uuid column; SQLite finds nothing)."""
    try:
        _uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return False
    return True


def _same_value(f: S.Field, old, new) -> bool:
    """Whether a stored value and a validated one are the same (JSON by content, booleans as 0/1)."""
    if old is None or new is None:
        return old is None and new is None
    if f.type == "json":
        try:
            return json.loads(old) == json.loads(new)
        except (TypeError, ValueError):
            return old == new
    if f.type == "boolean":
        return bool(old) == bool(new)
    return old == new


class Archive:
    """Read and write one store's facility archives."""

    def __init__(self, store, today: Optional[_dt.date] = None,
                 max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES):
        self.store = store
        self._today = today
        self.max_attachment_bytes = max_attachment_bytes

    @property
    def today(self) -> _dt.date:
        return self._today or _dt.date.today()

    # ------------------------------------------------------------------ facilities
    def facility(self, kind: str, uid: str) -> dict:
        t = S.table(kind)
        if t.kind != "facility":
            raise KeyError(f"{kind} is not a facility table")
        row = self.store.get(kind, uid) if is_uid(uid) else None
        if row is None:
            raise KeyError(f"no {kind} with uid {uid}")
        return row

    def ref(self, kind: str, row: dict) -> FacilityRef:
        return FacilityRef(kind, row["uid"], row["code"], row.get("name"), row.get("district"))

    def locate(self, uid: str) -> FacilityRef:
        """Which facility table holds ``uid``."""
        for t in S.FACILITY_TABLES if is_uid(uid) else ():
            r = next(self.store.rows(t.name, "uid = ?", (uid,), columns=("uid", "code", "name", "district")), None)
            if r:
                return self.ref(t.name, r)
        raise KeyError(f"no facility with uid {uid}")

    def find(self, text: str, limit: int = 30, kinds: Optional[Iterable[str]] = None) -> list:
        """Facilities whose code starts with ``text`` or whose name contains it (codes first)."""
        text = (text or "").strip()
        if not text:
            return []
        esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = "%" + esc + "%"
        out, seen = [], set()
        cols = ("uid", "code", "name", "district")
        kinds = list(kinds) if kinds else list(S.FACILITY_KINDS)
        for where, params in (("code = ?", (text,)), ("code LIKE ? ESCAPE '\\'", (esc + "%",)),
                              ("name LIKE ? ESCAPE '\\'", (like,))):
            for kind in kinds:
                for r in self.store.rows(kind, where, params, columns=cols, order_by=("code",), limit=limit):
                    if r["uid"] not in seen:
                        seen.add(r["uid"])
                        out.append(self.ref(kind, r))
                    if len(out) >= limit:
                        return out
        return out

    def update_facility(self, kind: str, uid: str, changes: dict, expected_version: Optional[int] = None) -> tuple:
        """Change a facility's fields; ``expected_version``: the row version read (PostGIS)."""
        self.facility(kind, uid)
        return self._update(kind, uid, changes, expected_version)

    # ------------------------------------------------------------------ row versions (PostGIS)
    @property
    def versioned_store(self) -> bool:
        """Whether the store keeps row versions (PostGIS): writes can then refuse lost updates."""
        return getattr(self.store, "backend", "gpkg") == "postgis"

    def row_version(self, table: str, uid: str) -> Optional[int]:
        """The row's version now (PostGIS), None in a GeoPackage or for a missing row."""
        return self.store.row_version(table, uid) if self.versioned_store else None

    def versioned(self, table: str, uid: str) -> tuple:
        """(row, row version) of a facility or record read in one query, for an editor that hands the
        version back when it saves (version None in a GeoPackage). KeyError for a missing row."""
        t = S.table(table)
        if t.kind != "facility":
            self._record_table(table)
        if not is_uid(uid):
            row = version = None
        elif not self.versioned_store:
            row = self.store.get(table, uid)
            version = None
        else:
            cols = list(t.field_names) + (["geom"] if t.is_spatial else []) + ["row_version"]
            row = next(self.store.rows(table, "uid = ?", (uid,), columns=cols), None)
            version = row.pop("row_version") if row is not None else None
        if row is None:
            raise KeyError(f"no {table} with uid {uid}")
        return row, version

    def _update(self, table: str, uid: str, changes: dict, expected_version: Optional[int]) -> tuple:
        """store.update, checked against the version read where the store keeps versions. With a
        version and no changes the row is still claimed (its version moves on), so that an edit
        of what belongs to it (details, materials) cannot overwrite somebody else's."""
        if expected_version is not None and self.versioned_store:
            return self.store.update(table, uid, changes, expected_version=expected_version)
        if not changes:
            row = self.store.get(table, uid)
            return row, row
        return self.store.update(table, uid, changes)

    def check_version(self, table: str, uid: str, expected_version: Optional[int]) -> None:
        """Refuse (ConflictError, naming who changed it and when) when the row moved on since
        ``expected_version`` was read; inside the caller's transaction the row stays locked until it
        ends. Nothing to check in a GeoPackage or without a version."""
        if expected_version is None or not self.versioned_store:
            return
        row = self.store.execute(f'SELECT row_version FROM "{table}" WHERE uid = ? FOR UPDATE', (uid,)).fetchone()
        if row is None or int(row[0]) != int(expected_version):
            from .pg_store import ConflictError, tr

            last = next(self.store.rows("audit_log", "table_name = ? AND row_uid = ?", (table, uid),
                                        columns=("user_name", "changed_at"), order_by=("-changed_at", "-fid"),
                                        limit=1), None)
            who, when = (last["user_name"], last["changed_at"]) if last else ("someone else", "")
            raise ConflictError(tr("{table} {uid} was changed by {who} at {when} since you read it; reload it and "
                                   "save again").format(table=table, uid=uid, who=who, when=when or "?"),
                                table, uid, who, when)

    # ------------------------------------------------------------------ records
    def records(self, table: str, facility_uid: str, offset: int = 0, limit: Optional[int] = 50,
                columns: Optional[Iterable[str]] = None, with_version: bool = False) -> list:
        """A page of a facility's records, newest first (attachment content is not read here);
        ``with_version``: each with its ``row_version`` too (PostGIS), for a later delete."""
        self._record_table(table)
        if columns is None:
            columns = [f for f in S.table(table).field_names if f != "content"]
        if with_version and self.versioned_store:
            columns = [*columns, "row_version"]
        return list(self.store.rows(table, "facility_uid = ?", (facility_uid,), columns=columns,
                                    order_by=RECORD_ORDER[table], limit=limit, offset=offset))

    def record_count(self, table: str, facility_uid: str) -> int:
        self._record_table(table)
        return self.store.execute(f'SELECT count(*) FROM "{table}" WHERE facility_uid = ?',
                                  (facility_uid,)).fetchone()[0]

    def record(self, table: str, uid: str) -> dict:
        self._record_table(table)
        row = self.store.get(table, uid) if is_uid(uid) else None
        if row is None:
            raise KeyError(f"no {table} record with uid {uid}")
        return row

    def add_record(self, table: str, facility_kind: str, facility_uid: str, values: dict,
                   materials: Iterable[dict] = ()) -> str:
        """Add one record to one facility; returns its uid. Materials go with a maintenance record."""
        return self.add_record_to_many(table, [(facility_kind, facility_uid)], values, materials)[0]

    def add_record_to_many(self, table: str, facilities: Iterable[tuple], values: dict,
                           materials: Iterable[dict] = ()) -> list:
        """The same record on many facilities (a day's cleaning on 40 pipes), in one transaction.

        Every facility must exist; the first bad value raises and nothing is written.
        """
        self._record_table(table)
        facilities = list(facilities)
        materials = [dict(m) for m in materials]
        if materials and table != "maintenance":
            raise ValidationError(table, "new", "materials", P(QT_TRANSLATE_NOOP("validation", "belong to maintenance records only")))
        if not facilities:
            raise ValidationError(table, "new", "facility_uid", P(QT_TRANSLATE_NOOP("validation", "is required: select at least one facility")))
        for kind, fuid in facilities:
            if table in RECORD_KINDS and kind not in RECORD_KINDS[table]:
                raise ValidationError(table, "new", "facility_uid", P(QT_TRANSLATE_NOOP("validation", "is a {kind}: these records belong to {kinds} only"), kind=kind, kinds=", ".join(RECORD_KINDS[table])))
            try:
                self.facility(kind, fuid)
            except KeyError:
                raise ValidationError(table, "new", "facility_uid", P(QT_TRANSLATE_NOOP("validation", "names no {kind}: {uid}"), kind=kind, uid=fuid)) from None
        base = {k: v for k, v in values.items() if k not in ("uid", "facility_uid", "facility_kind")}
        keyed_by_kind = "facility_kind" in S.table(table).field_names
        rows, material_rows = [], []
        for kind, fuid in facilities:
            row = {**base, "uid": new_uid(), "facility_uid": fuid}
            if keyed_by_kind:
                row["facility_kind"] = kind
            check_record(table, row, self.today)
            rows.append(row)
            for i, m in enumerate(materials):
                mrow = {**m, "uid": new_uid(), "maintenance_uid": row["uid"]}
                check_record("maintenance_material", mrow, where=i)
                material_rows.append(mrow)
        with self.store.transaction():
            self.store.insert(table, rows)
            if material_rows:
                self.store.insert("maintenance_material", material_rows)
        return [r["uid"] for r in rows]

    def update_record(self, table: str, uid: str, changes: dict, expected_version: Optional[int] = None) -> tuple:
        """Change a record's fields (checked by the record rules); ``expected_version``: the row
        version read (PostGIS; a record changed since raises ConflictError, nothing written)."""
        self._record_table(table)
        if "facility_uid" in changes or "facility_kind" in changes:
            raise ValidationError(table, uid, "facility_uid", P(QT_TRANSLATE_NOOP("validation", "cannot be changed: a record stays with its facility")))
        old = self.record(table, uid)
        check_record(table, {**old, **changes}, self.today, where=uid)
        return self._update(table, uid, changes, expected_version)

    def delete_record(self, table: str, uid: str, expected_version: Optional[int] = None) -> None:
        """Delete a record, in one transaction: a maintenance record with its materials, an inspection
        with its detail rows (the waterlogging events it recorded stay with their point, unlinked).
        ``expected_version``: the row version read (PostGIS): a record changed since is not deleted."""
        self.record(table, uid)
        with self.store.transaction():
            self.check_version(table, uid, expected_version)
            if table == "maintenance":
                mats = [m["uid"] for m in self.materials(uid)]
                if mats:
                    self.store.delete("maintenance_material", mats)
            if table == "inspection":
                for detail in D.INSPECTION_DETAIL_TABLES:
                    rows = [r["uid"] for r in self.store.rows(detail, "inspection_uid = ?", (uid,), columns=("uid",))]
                    if rows:
                        self.store.delete(detail, rows)
                for e in list(self.store.rows("waterlogging_event", "inspection_uid = ?", (uid,), columns=("uid",))):
                    self.store.update("waterlogging_event", e["uid"], {"inspection_uid": None})
            self.store.delete(table, [uid])

    def detail_count(self, inspection_uid: str) -> int:
        """How many detail rows an inspection has (0 for kinds without details)."""
        table = self.detail_table_of(inspection_uid)
        if table is None:
            return 0
        return self.store.execute(f'SELECT count(*) FROM "{table}" WHERE inspection_uid = ?',
                                  (inspection_uid,)).fetchone()[0]

    def materials(self, maintenance_uid: str) -> list:
        return list(self.store.rows("maintenance_material", "maintenance_uid = ?", (maintenance_uid,),
                                    order_by=("fid",)))

    def set_materials(self, maintenance_uid: str, materials: Iterable[dict],
                      expected_version: Optional[int] = None) -> None:
        """Replace a work's materials (one transaction); ``expected_version``: the work's row version
        read (PostGIS): the work is claimed first, a work changed since raises ConflictError."""
        self.record("maintenance", maintenance_uid)
        rows = []
        for i, m in enumerate(materials):
            row = {**{k: v for k, v in m.items() if k not in ("uid", "maintenance_uid")},
                   "uid": new_uid(), "maintenance_uid": maintenance_uid}
            check_record("maintenance_material", row, where=i)
            rows.append(row)
        with self.store.transaction():
            if expected_version is not None and self.versioned_store:
                self._update("maintenance", maintenance_uid, {}, expected_version)
            old = [m["uid"] for m in self.materials(maintenance_uid)]
            if old:
                self.store.delete("maintenance_material", old)
            if rows:
                self.store.insert("maintenance_material", rows)

    def _record_table(self, table: str) -> None:
        if table not in RECORD_TABLES:
            raise KeyError(f"{table} is not a record table of the archive")

    # ------------------------------------------------------------------ detail records
    @staticmethod
    def detail_table(kind: str) -> Optional[str]:
        """The detail table of ``kind``'s inspections (``pipe_defect`` for a drain pipe …), or None."""
        return D.DETAIL_TABLE.get(kind)

    def detail_table_of(self, inspection_uid: str) -> Optional[str]:
        return self.detail_table(self.record("inspection", inspection_uid)["facility_kind"])

    def details(self, inspection_uid: str) -> list:
        """The detail rows of an inspection, from its facility kind's detail table: CCTV defects by
        chainage, the others in the order they were entered. [] for kinds without details."""
        table = self.detail_table_of(inspection_uid)
        if table is None:
            return []
        return list(self.store.rows(table, "inspection_uid = ?", (inspection_uid,), order_by=DETAIL_ORDER[table]))

    def set_details(self, inspection_uid: str, rows: Iterable[dict], expected_version: Optional[int] = None) -> dict:
        """Make ``rows`` the detail rows of an inspection, in one transaction; returns the counts
        ``{"inserted", "updated", "deleted"}``.

        A row with the ``uid`` of one of the inspection's detail rows updates it (when something
        changed: the audit log shows only real changes); a row without ``uid`` is added; the
        inspection's rows not given are deleted. Every row is checked first — schema, the rules of
        :func:`core.details.check_detail`, then the grading engine by the kind's standard (when the
        inspection is by that standard and the facility has what grading needs), so that a defect
        grade the code does not have or an element the standard does not know is refused — and the
        first problem raises :class:`ValidationError` naming the detail table, the row (its
        position in ``rows``, from 0) and the field. Nothing is written then.
        ``expected_version``: the inspection's row version read (PostGIS): the inspection is
        claimed first; one changed since raises ConflictError and nothing is written.
        """
        insp = self.record("inspection", inspection_uid)
        kind = insp["facility_kind"]
        table = self.detail_table(kind)
        if table is None:
            raise ValidationError("inspection", inspection_uid, "facility_kind",
                                  P(QT_TRANSLATE_NOOP("validation", "is {kind}: its health records have no detail records"), kind=kind))
        t = S.table(table)
        old = {r["uid"]: r for r in self.store.rows(table, "inspection_uid = ?", (inspection_uid,))}
        new_rows, seen = [], set()
        for i, given in enumerate(rows):
            row = {k: v for k, v in dict(given).items() if k != "inspection_uid"}
            uid = row.get("uid") or None
            if uid is not None and (uid not in old or uid in seen):
                raise ValidationError(table, i, "uid", P(QT_TRANSLATE_NOOP("validation", "names no row of this health record, or one given twice: {uid}"), uid=uid))
            row["uid"] = uid or new_uid()
            row["inspection_uid"] = inspection_uid
            norm = validate_row(t, row, i)
            check_record(table, norm, self.today, where=i)
            seen.add(row["uid"])
            new_rows.append(norm)
        if insp.get("standard") in (None, "", AI.STANDARD_BY_KIND.get(kind)):
            live = D.live_grade(kind, self.facility(kind, insp["facility_uid"]), insp, new_rows)
            if live.table == table and live.row is not None:
                raise ValidationError(table, live.row, live.field, live.problem)
        inserts = [r for r in new_rows if r["uid"] not in old]
        updates = []
        for r in new_rows:
            if r["uid"] in old:
                changes = {k: r[k] for k in t.field_names if not _same_value(t.field(k), old[r["uid"]].get(k), r[k])}
                if changes:
                    updates.append((r["uid"], changes))
        deletes = [u for u in old if u not in seen]
        with self.store.transaction():
            if expected_version is not None and self.versioned_store:
                self._update("inspection", inspection_uid, {}, expected_version)
            if deletes:
                self.store.delete(table, deletes)
            for uid, changes in updates:
                self.store.update(table, uid, changes)
            if inserts:
                self.store.insert(table, inserts)
        return {"inserted": len(inserts), "updated": len(updates), "deleted": len(deletes)}

    def live_grade(self, kind: str, facility_uid: str, inspection_values: Optional[dict] = None,
                   detail_rows: Iterable[dict] = (), events: Optional[Iterable[dict]] = None,
                   options: Optional[dict] = None) -> D.LiveGrade:
        """What the facility would be graded now from an inspection being entered and its detail rows
        (or, for a waterlogging point, from ``events``; None = its latest stored event), by the kind's
        standard, without writing: a :class:`core.details.LiveGrade` with the engine's result, or
        with the reason it is not gradable yet (``.reason``, and where: ``.table``, ``.row``,
        ``.field``). ``options``: ``{standard: {option: value}}`` for the engine."""
        facility = self.facility(kind, facility_uid)
        if kind == "waterlogging_point" and events is None:
            events = self.records("waterlogging_event", facility_uid, limit=1)
        return D.live_grade(kind, facility, inspection_values, detail_rows or (), events, options)

    def event_judgements(self, facility_uid: str, events: Iterable[dict]) -> list:
        """The GB 51222 judgement of each waterlogging event of a point (one LiveGrade each)."""
        facility = self.facility("waterlogging_point", facility_uid)
        return [D.live_grade("waterlogging_point", facility, events=[e]) for e in events]

    # ------------------------------------------------------------------ attachments
    def add_attachment(self, facility_kind: str, facility_uid: str, file_path: str, title: Optional[str] = None,
                       taken_on: Optional[str] = None, record_uid: Optional[str] = None) -> str:
        p = Path(file_path)
        if not p.is_file():
            raise ValidationError("attachment", "new", "file_name", P(QT_TRANSLATE_NOOP("validation", "{path} does not exist or is not a file"), path=str(p)))
        size = p.stat().st_size
        if size > self.max_attachment_bytes:
            raise ValidationError("attachment", "new", "size_bytes",
                                  P(QT_TRANSLATE_NOOP("validation", "{name} is {size}, over the limit of {limit}"),
                                    name=p.name, size=_size(size), limit=_size(self.max_attachment_bytes)))
        content = p.read_bytes()
        values = {"file_name": p.name, "title": title or p.stem, "taken_on": taken_on, "record_uid": record_uid,
                  "mime_type": mimetypes.guess_type(p.name)[0] or "application/octet-stream",
                  "size_bytes": size, "sha256": hashlib.sha256(content).hexdigest(), "content": content}
        return self.add_record("attachment", facility_kind, facility_uid, values)

    def attachment_content(self, uid: str) -> bytes:
        row = self.store.execute("SELECT content FROM attachment WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            raise KeyError(f"no attachment with uid {uid}")
        return bytes(row[0]) if row[0] is not None else b""

    def export_attachment(self, uid: str, folder: str) -> Path:
        """Write an attachment to ``folder`` (for the system viewer); returns the file's path."""
        rec = self.record("attachment", uid)
        name = Path(rec["file_name"]).name or f"{uid}.bin"
        out = Path(folder) / f"{uid[:8]}_{name}"
        out.write_bytes(self.attachment_content(uid))
        return out

    # ------------------------------------------------------------------ grades
    def grade_history(self, facility_uid: str) -> list:
        """[(date, standard, grade, indices dict)] of graded inspections, oldest first."""
        out = []
        for r in self.store.rows("inspection", "facility_uid = ? AND grade IS NOT NULL", (facility_uid,),
                                 columns=("inspected_on", "standard", "grade", "indices"),
                                 order_by=("inspected_on", "fid")):
            try:
                indices = json.loads(r["indices"]) if r["indices"] else {}
            except ValueError:
                indices = {}
            out.append((r["inspected_on"], r["standard"], r["grade"], indices))
        return out

    def current_state(self, kind: str, facility: dict) -> dict:
        """Grade, its standard and severity rank, and the next due date — what the archive header shows."""
        standard = facility.get("grade_standard") or DEFAULT_STANDARD.get(kind)
        grade = facility.get("grade")
        rank = None
        if grade and standard:
            try:
                rank = grade_rank(standard, grade)
            except ValueError:
                rank = None
        due = facility.get("next_due")
        overdue = bool(due) and _dt.date.fromisoformat(due) < self.today
        return {"grade": grade, "standard": standard, "rank": rank, "next_due": due, "overdue": overdue,
                "last_inspected": facility.get("last_inspected")}

    # ------------------------------------------------------------------ connections
    def connections(self, kind: str, uid: str) -> list:
        """Facilities one step away: a pipe's manholes, a manhole's pipes and inlets, the road a bridge
        or tunnel carries, a road's bridges, tunnels and waterlogging points (on it or within
        :data:`NEAR_METRES`)."""
        f = self.facility(kind, uid)
        out: list = []

        def add(relation: str, table: str, where: str, params: tuple) -> None:
            for r in self.store.rows(table, where, params, columns=("uid", "code", "name", "district"),
                                     order_by=("code",), limit=200):
                out.append(Connection(relation, self.ref(table, r)))

        if kind == "drain_pipe":
            if f.get("up_manhole_uid"):
                add("upstream_manhole", "manhole", "uid = ?", (f["up_manhole_uid"],))
            if f.get("down_manhole_uid"):
                add("downstream_manhole", "manhole", "uid = ?", (f["down_manhole_uid"],))
        elif kind == "manhole":
            add("pipe_out", "drain_pipe", "up_manhole_uid = ?", (uid,))
            add("pipe_in", "drain_pipe", "down_manhole_uid = ?", (uid,))
            add("rain_inlet", "rain_inlet", "manhole_uid = ?", (uid,))
        elif kind == "rain_inlet" and f.get("manhole_uid"):
            add("manhole", "manhole", "uid = ?", (f["manhole_uid"],))
        if kind == "road":
            add("bridge", "bridge", "road_uid = ?", (uid,))
            add("tunnel", "tunnel", "road_uid = ?", (uid,))
            add("waterlogging_point", "waterlogging_point", "road_uid = ?", (uid,))
            self._near_points(f, out)
        elif f.get("road_uid"):
            add("road", "road", "uid = ?", (f["road_uid"],))
        return out

    def _near_points(self, road: dict, out: list) -> None:
        if not road.get("geom"):
            return
        line = geo.wkb_points(road["geom"])
        minx, miny, maxx, maxy = geo.wkb_bbox(road["geom"])
        d = NEAR_METRES
        have = {c.facility.uid for c in out}
        if self.store.backend == "postgis":  # the GiST index: bounding boxes overlapping the road's, widened
            cand = self.store.execute(
                "SELECT uid::text, code, name, district, ST_AsBinary(geom) FROM waterlogging_point "
                f"WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, {int(self.store.epsg)})",
                (minx - d, miny - d, maxx + d, maxy + d)).fetchall()
            wkb = bytes
        else:  # the GeoPackage's R-tree
            cand = self.store.execute(
                "SELECT w.uid, w.code, w.name, w.district, w.geom FROM waterlogging_point w JOIN "
                "rtree_waterlogging_point_geom r ON r.id = w.fid WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? "
                "AND r.maxy >= ?", (maxx + d, minx - d, maxy + d, miny - d)).fetchall()
            from .gpkg import blob_wkb as wkb

        for wuid, code, name, district, blob in cand:
            if wuid in have or blob is None:
                continue
            (px, py), = geo.wkb_points(wkb(blob))
            if geo.point_line_distance((px, py), line) <= d:
                out.append(Connection("waterlogging_point_near", FacilityRef("waterlogging_point", wuid, code, name,
                                                                             district)))

    # ------------------------------------------------------------------ history
    def facility_history(self, facility_uid: str, limit: int = 200) -> list:
        """Every audit entry of a facility and of its records (deleted ones too), newest first."""
        return self._history("row_uid = ? OR facility_uid = ?", (facility_uid, facility_uid), limit)

    def change_history(self, uids: Iterable[str], limit: int = 200) -> list:
        """Audit entries for these rows (a facility and, typically, its records), newest first."""
        uids = list(uids)
        if not uids:
            return []
        return self._history(f"row_uid IN ({', '.join('?' * len(uids))})", uids, limit)

    def _history(self, where: str, params, limit: int) -> list:
        rows = list(self.store.rows("audit_log", where, params, order_by=("-changed_at", "-fid"), limit=limit))
        for r in rows:
            for k in ("old_values", "new_values"):
                r[k] = audit_values(r.get("table_name"), json.loads(r[k]) if r[k] else None)
        return rows

"""Import CCTV defect sheets (CJJ 181) into a store: inspections with their defects, matched to pipes.

:func:`import_cctv` reads a CSV (UTF-8 with or without BOM, or GBK/GB18030: ``core.field_mapping.
detect_encoding``) or an XLSX sheet (GDAL's XLSX driver, every cell as text, the sheet's own row
numbers), parses it with :mod:`..core.cctv_sheet` (one group of rows per pipe and date), matches each
group to a ``drain_pipe``:

- by the pipe's code (case-insensitive);
- else by its manholes: ``up_manhole_uid``/``down_manhole_uid`` whose ``manhole.code`` are the sheet's
  start and end manholes. A pipe found the other way round was surveyed against the flow: it matches,
  and every distance is turned round (start → L − end, end → L − start, L the pipe's length) with a
  warning. Two pipes between the same manholes are ambiguous (give the pipe code);

checks the distances against the pipe's length (``length_m``, else its geometry's; up to
``core.cctv_sheet.tolerance`` beyond the end is taken as the end, with a warning) and the defects
against the grading engine (as the archive's detail editor does), and writes one ``inspection``
(``inspection_type`` cctv, standard CJJ181-2012, the live CJJ 181 grade and indices when the pipe has
what grading needs) with its ``pipe_defect`` rows per group through
:func:`.importer.write_candidates`, in one transaction.

A CCTV inspection of the same pipe on the same date already in the store: ``mode="append"`` rejects
the group; ``mode="update"`` replaces that inspection's defects (and its inspector, summary, grade)
in the same transaction. ``strict``: any rejected row and nothing is written. A group with a bad row
is rejected as a whole (an inspection missing a defect would grade too well), every row named.

``assess=True`` runs :func:`.assess.assess_network` on the drain pipes after the import (it grades
every pipe whose latest inputs changed — the imported ones among them — and writes nothing for the
others; it has no per-pipe subset); the report lists the touched pipes' grades.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..core import cctv_sheet as C
from ..core import details as D
from ..core import schema as S
from ..core.field_mapping import detect_encoding
from ..core.geometry import line_length, wkb_points
from ..core.records import check_record
from ..core.validation import ValidationError, validate_row
from ..i18n import problem_text, tr
from .importer import Candidate, ImportCancelled, ImportReport, ImportSourceError, Rejection, write_candidates

SUFFIXES = (".csv", ".txt", ".xlsx")
MODES = ("append", "update")
_PIPE_COLUMNS = ("uid", "code", "length_m", "diameter_mm", "area_class", "soil_class", "up_manhole_uid",
                 "down_manhole_uid")


@dataclass
class CctvImportReport(ImportReport):
    """An :class:`.importer.ImportReport` with the inspections written (``inspections``: pipe code,
    date, uid, defects, live grade, replaced) and, with ``assess``, the assessment's figures and the
    touched pipes' grades (``assessment``)."""

    inspections: list = field(default_factory=list)
    assessment: Optional[dict] = None

    def as_dict(self) -> dict:
        out = super().as_dict()
        out["inspections"] = list(self.inspections)
        out["assessment"] = self.assessment
        return out

    def write(self, path) -> str:
        out = super().write(path)
        if Path(path).suffix.lower() == ".csv":
            with open(path, "a", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                for i in self.inspections:
                    w.writerow(["inspection", i["row"], "inspection", i["pipe"],
                                f"{i['date']}: {i['defects']} defects, grade {i['grade'] or '-'}"
                                + (" (replaced)" if i["replaced"] else ""), i["uid"]])
                for code, grade in sorted(((self.assessment or {}).get("grades") or {}).items()):
                    w.writerow(["assessment", "", "drain_pipe", code, "", grade or ""])
        return out


# --------------------------------------------------------------------------- reading
def read_csv(path, encoding: Optional[str] = None) -> tuple:
    """``([(row number, [cell, ...]), ...], encoding)`` of a CSV file (comma, semicolon or tab)."""
    raw = Path(path).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, raw = "UTF-8", raw[3:]
    encoding = encoding or detect_encoding([raw])
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as e:
        raise ImportSourceError(tr("{path}: cannot be read as {encoding} text ({error})").format(
            path=path, encoding=encoding, error=e)) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    rows = [(n, cells) for n, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    return rows, encoding


def xlsx_sheets(path) -> list:
    """The sheet names of an XLSX workbook, in order."""
    with _xlsx_options():
        ds = _open_xlsx(path)
        return [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]


@contextlib.contextmanager
def _xlsx_options():
    """Every row as data (no header row), every cell as text — for as long as GDAL reads the workbook
    (it reads a sheet when it is first used). GDAL < 3.8 takes these as configuration options only;
    they are set for this thread and put back afterwards."""
    from osgeo import gdal

    saved = {k: gdal.GetThreadLocalConfigOption(k, None) for k in _XLSX_OPTIONS}
    try:
        for k, v in _XLSX_OPTIONS.items():
            gdal.SetThreadLocalConfigOption(k, v)
        yield
    finally:
        for k, v in saved.items():
            gdal.SetThreadLocalConfigOption(k, v)


_XLSX_OPTIONS = {"OGR_XLSX_HEADERS": "DISABLE", "OGR_XLSX_FIELD_TYPES": "STRING"}


def _open_xlsx(path):
    from osgeo import gdal

    listed = gdal.GetDriverByName("XLSX").GetMetadataItem("DMD_OPENOPTIONLIST") or ""
    open_options = [f"{k[9:]}={v}" for k, v in _XLSX_OPTIONS.items()
                    if re.search(rf"name=['\"]{k[9:]}['\"]", listed)]
    gdal.ErrorReset()
    try:
        ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["XLSX"],
                         open_options=open_options)
    except RuntimeError as e:  # GDAL exceptions on (a caller's gdal.UseExceptions())
        ds, error = None, str(e)
    else:
        error = gdal.GetLastErrorMsg()
    if ds is None:
        raise ImportSourceError(tr("{path}: cannot be read as an XLSX workbook ({error})").format(
            path=path, error=error or "GDAL"))
    if ds.GetLayerCount() == 0:
        raise ImportSourceError(tr("{path}: the workbook has no sheet").format(path=path))
    return ds


def read_xlsx(path, sheet: Any = None) -> tuple:
    """``([(row number, [cell, ...]), ...], sheet name)`` of an XLSX sheet: ``sheet`` by name (or its
    position from 0); the first sheet when None. Cells as text, row numbers as the workbook's."""
    with _xlsx_options():
        ds = _open_xlsx(path)
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        if sheet in (None, ""):
            layer = ds.GetLayer(0)
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
            if not 0 <= int(sheet) < len(names):
                raise ImportSourceError(tr("{path}: no sheet {sheet} (sheets: {names})").format(
                    path=path, sheet=sheet, names=", ".join(names)))
            layer = ds.GetLayer(int(sheet))
        else:
            layer = ds.GetLayerByName(str(sheet))
            if layer is None:
                raise ImportSourceError(tr("{path}: no sheet {sheet} (sheets: {names})").format(
                    path=path, sheet=sheet, names=", ".join(names)))
        n = layer.GetLayerDefn().GetFieldCount()
        rows = [(int(f.GetFID()), [f.GetField(i) if f.IsFieldSetAndNotNull(i) else None for i in range(n)])
                for f in layer]
        return rows, layer.GetName()


def read_sheet(path, sheet: Any = None, encoding: Optional[str] = None) -> tuple:
    """``(rows, encoding or None, sheet name or None)`` of a CSV or XLSX file."""
    p = Path(path)
    if not p.is_file():
        raise ImportSourceError(tr("{path}: no such file").format(path=path))
    if p.suffix.lower() == ".xlsx":
        rows, name = read_xlsx(p, sheet)
        return rows, None, name
    if p.suffix.lower() in (".csv", ".txt"):
        rows, enc = read_csv(p, encoding)
        return rows, enc, None
    raise ImportSourceError(tr("{path}: a CCTV sheet is a .csv or .xlsx file").format(path=path))


# --------------------------------------------------------------------------- matching
@dataclass
class Match:
    """One sheet group matched to a pipe, its defects on the pipe's chainage."""
    group: C.Group
    pipe: dict
    length: Optional[float]
    reversed: bool = False
    defects: list = field(default_factory=list)


def _in(store, table: str, where: str, values: list, columns: tuple, chunk: int = 500) -> list:
    """Rows (dicts, as ``store.rows`` gives them on either backend) of ``table`` matching ``where``,
    whose ``{marks}`` is filled with one placeholder per value, a chunk of values at a time."""
    out = []
    for i in range(0, len(values), chunk):
        part = values[i:i + chunk]
        out += store.rows(table, where.format(marks=", ".join("?" * len(part))), part, columns=columns)
    return out


def _geographic(store) -> bool:
    """Whether the store's CRS is geographic (its WKT, from either backend)."""
    return (store.crs_wkt() or "").lstrip().upper().startswith(("GEOGCS", "GEOGCRS", "GEODCRS"))


class _Pipes:
    """The store's pipes and manholes the sheet names, read in a few queries."""

    def __init__(self, store, groups: list):
        self.store = store
        cols = (*_PIPE_COLUMNS, "geom")
        codes = sorted({g.pipe_code.upper() for g in groups if g.pipe_code})
        self.by_code: dict = {}
        for r in _in(store, "drain_pipe", "upper(code) IN ({marks})", codes, cols):
            self.by_code.setdefault(r["code"].upper(), []).append(self._row(r))
        mh_codes = sorted({c.upper() for g in groups for c in (g.up_manhole, g.down_manhole) if c})
        self.manhole: dict = {}  # upper code -> [uid]
        self.manhole_code: dict = {}  # uid -> code
        for r in _in(store, "manhole", "upper(code) IN ({marks})", mh_codes, ("uid", "code")):
            self.manhole.setdefault(r["code"].upper(), []).append(r["uid"])
            self.manhole_code[r["uid"]] = r["code"]
        self.by_pair: dict = {}
        for r in _in(store, "drain_pipe", "up_manhole_uid IN ({marks})", sorted(self.manhole_code), cols):
            row = self._row(r)
            self.by_pair.setdefault((row["up_manhole_uid"], row["down_manhole_uid"]), []).append(row)
        self.geographic = _geographic(store) if self.by_code or self.by_pair else False

    @staticmethod
    def _row(r: dict) -> dict:
        row = {c: r[c] for c in _PIPE_COLUMNS}
        row["_geom"] = r["geom"]  # WKB
        return row

    def length(self, pipe: dict) -> Optional[float]:
        if pipe.get("length_m") is not None:
            return float(pipe["length_m"])
        wkb = pipe.get("_geom")
        if wkb is None or self.geographic:
            return None
        return line_length(wkb_points(wkb)) or None

    def manhole_uid(self, code: str) -> Optional[str]:
        uids = self.manhole.get(code.upper(), [])
        return uids[0] if len(uids) == 1 else None


def _match(pipes: _Pipes, g: C.Group, warnings: list) -> Match:
    """The pipe of a group, or ValueError(reason text) naming what was not found."""
    up = pipes.manhole_uid(g.up_manhole) if g.up_manhole else None
    down = pipes.manhole_uid(g.down_manhole) if g.down_manhole else None
    if g.pipe_code:
        found = pipes.by_code.get(g.pipe_code.upper(), [])
        if len(found) > 1:
            found = [p for p in found if p["code"] == g.pipe_code] or found
        if len(found) == 1:
            pipe = found[0]
            flip = False
            if g.up_manhole and g.down_manhole:
                ends = (pipe.get("up_manhole_uid"), pipe.get("down_manhole_uid"))
                if (up, down) == ends[::-1] and up != down:
                    flip = True
                elif (up, down) != ends:
                    warnings.append(tr("{pipe} on {date}: the manholes {up}→{down} of the sheet are not the pipe's; "
                                       "matched by the pipe code").format(pipe=g.pipe_code, date=g.date,
                                                                         up=g.up_manhole, down=g.down_manhole))
            return Match(g, pipe, pipes.length(pipe), flip)
        if not (g.up_manhole and g.down_manhole):
            raise ValueError(tr("no pipe with code {code}").format(code=g.pipe_code))
    if not (up and down):
        missing = [c for c, u in ((g.up_manhole, up), (g.down_manhole, down)) if not u]
        raise ValueError(tr("no pipe from {up} to {down}: no manhole with code {codes}").format(
            up=g.up_manhole, down=g.down_manhole, codes=", ".join(missing)))
    forward, backward = pipes.by_pair.get((up, down), []), pipes.by_pair.get((down, up), [])
    found, flip = (forward, False) if forward else (backward, True)
    if len(found) > 1:
        raise ValueError(tr("{n} pipes from {up} to {down} ({codes}): give the pipe code").format(
            n=len(found), up=g.up_manhole, down=g.down_manhole, codes=", ".join(p["code"] for p in found)))
    if not found:
        raise ValueError(tr("no pipe from {up} to {down}").format(up=g.up_manhole, down=g.down_manhole))
    if g.pipe_code:
        warnings.append(tr("{code} on {date}: no pipe with this code; matched by the manholes to {pipe}").format(
            code=g.pipe_code, date=g.date, pipe=found[0]["code"]))
    return Match(g, found[0], pipes.length(found[0]), flip)


def _place(m: Match, warnings: list) -> dict:
    """Put the group's defects on the pipe's chainage (length check, survey against the flow); returns
    {row: reason text} of the defects that do not fit."""
    bad: dict = {}
    pipe = m.pipe["code"]
    if m.reversed:
        warnings.append(tr("{pipe} on {date}: surveyed against the flow ({up}→{down}); distances measured from "
                           "the pipe's other end").format(pipe=pipe, date=m.group.date, up=m.group.up_manhole,
                                                          down=m.group.down_manhole))
    for d in m.group.defects:
        if m.length is not None:
            try:
                start, end, clamped = C.fit_to_length(d, m.length)
            except ValueError as e:
                bad[d.row] = problem_text(e.args[0])
                continue
            if clamped:
                warnings.append(tr("row {row}: a distance beyond {pipe}'s length {length} m was taken as its end").format(
                    row=d.row, pipe=pipe, length=f"{m.length:g}"))
            d = C.Defect(d.row, d.code, d.grade, start, end, d.orientation, d.clock)
        if m.reversed:
            if m.length is None:
                bad[d.row] = tr("{pipe} was surveyed against the flow and its length is unknown: the distances "
                                "cannot be turned round").format(pipe=pipe)
                continue
            d = C.reversed_on(d, m.length)
        m.defects.append(d)
    return bad


# --------------------------------------------------------------------------- the import
def import_cctv(store, path, sheet: Any = None, mode: str = "append", strict: bool = False, assess: bool = False,
                feedback=None, encoding: Optional[str] = None, today: Optional[_dt.date] = None) -> CctvImportReport:
    """Import a CCTV defect sheet (see the module's docstring). ``sheet``: an XLSX sheet's name (or
    position); ``encoding``: a CSV's encoding when the guess is wrong; ``today``: the date before which
    inspections must lie (default: today). Raises :class:`.importer.ImportSourceError` for a file
    that cannot be read at all."""
    if mode not in MODES:
        raise ValueError(tr("mode: {mode!r} is not append or update").format(mode=mode))
    today = today or _dt.date.today()
    report = CctvImportReport(source=str(path), strict=bool(strict), mode=mode)
    rows, report.encoding, report.layer = read_sheet(path, sheet, encoding)
    try:
        parsed = C.parse_sheet(rows, today)
    except C.SheetError as e:
        raise ImportSourceError(tr("{path}: {problem}").format(path=path, problem=problem_text(e.problem))) from None
    report.read = parsed.rows_read
    report.field_map = {role: ", ".join(names) for role, names in parsed.columns.items()}
    if parsed.ignored:
        report.warnings.append(tr("Columns not read: {columns}").format(columns=", ".join(parsed.ignored)))
    _check(feedback)
    plan = _Plan(store, parsed, report, mode, today)
    plan.build()
    _check(feedback)
    if report.rejected and strict:
        report.written = False
        return report
    plan.write(strict, feedback)
    if assess and report.written:
        report.assessment = _assess(store, plan.touched())
    return report


def _check(feedback) -> None:
    if feedback is not None and feedback.isCanceled():
        raise ImportCancelled(tr("The import was cancelled; nothing was written."))


class _Plan:
    """The matched groups of a sheet and what writing them takes."""

    def __init__(self, store, sheet: C.Sheet, report: CctvImportReport, mode: str, today: _dt.date):
        self.store, self.sheet, self.report, self.mode, self.today = store, sheet, report, mode, today
        self.items: list = []  # one dict per inspection to write (see _prepare)
        self._defect_rows: set = set()

    # ---- rejections
    def reject_rows(self, rows, table: str, column: str, reason: str, value: Any = None) -> None:
        for r in rows:
            self.report.rejected.append(Rejection(r, table, column, reason, value))

    def reject_group(self, rows: list, bad: dict, column: str, label: str, date: str) -> None:
        """Reject every row of a group: ``bad`` {row: reason} those at fault, the others with them."""
        for r, reason in bad.items():
            self.reject_rows([r], "pipe_defect" if r in self._defect_rows else "inspection", column, reason)
        others = [r for r in rows if r not in bad]
        if others and bad:
            self.reject_rows(others, "inspection", "", tr("rejected with the inspection of {pipe} on {date}: "
                                                           "row {rows} cannot be imported").format(
                pipe=label, date=date, rows=", ".join(str(r) for r in sorted(bad))))

    # ---- building
    def build(self) -> None:
        sheet, warnings = self.sheet, self.report.warnings
        self._defect_rows = {d.row for g in sheet.groups for d in g.defects}
        cell_bad = {}
        for p in sheet.problems:
            cell_bad.setdefault(p.row, p)
            table = "inspection" if p.column in (sheet.column("date"), sheet.column("pipe_code"),
                                                 sheet.column("up_manhole"), sheet.column("down_manhole")) \
                else "pipe_defect"
            self.report.rejected.append(Rejection(p.row, table, p.column, problem_text(p.reason), p.value))
        pipes = _Pipes(self.store, sheet.groups)
        pipe_column = sheet.column("pipe_code") or sheet.column("up_manhole")
        merged: dict = {}
        failed: dict = {}  # (pipe uid, date) -> rows at fault: that pipe's inspection of that day is not imported
        for g in sheet.groups:
            bad_rows = [r for r in g.rows if r in cell_bad]
            if bad_rows:
                self.reject_rows([r for r in g.rows if r not in cell_bad], "inspection", "", tr(
                    "rejected with the inspection of {pipe} on {date}: row {rows} cannot be imported").format(
                    pipe=g.pipe_label, date=g.date, rows=", ".join(map(str, bad_rows))))
                try:  # rows of the same pipe and day elsewhere in the sheet go with them
                    failed.setdefault((_match(pipes, g, []).pipe["uid"], g.date), []).extend(bad_rows)
                except ValueError:
                    pass
                continue
            try:
                m = _match(pipes, g, warnings)
            except ValueError as e:
                self.reject_rows(g.rows, "inspection", pipe_column, str(e.args[0]), g.pipe_label)
                continue
            bad = _place(m, warnings)
            if bad:
                self.reject_group(g.rows, bad, sheet.column("start"), m.pipe["code"], g.date)
                failed.setdefault((m.pipe["uid"], g.date), []).extend(bad)
                continue
            key = (m.pipe["uid"], g.date)
            if key in merged:
                merged[key]["groups"].append(m)
            else:
                merged[key] = {"pipe": m.pipe, "date": g.date, "groups": [m]}
        for key in [k for k in merged if k in failed]:
            item = merged.pop(key)
            self.reject_rows(sorted(r for m in item["groups"] for r in m.group.rows), "inspection", "", tr(
                "rejected with the inspection of {pipe} on {date}: row {rows} cannot be imported").format(
                pipe=item["pipe"]["code"], date=item["date"], rows=", ".join(map(str, sorted(failed[key])))))
        existing = self._existing(merged)
        for (uid, date), item in merged.items():
            self._prepare(item, existing.get((uid, date), []))

    def _column_of(self, field: str) -> str:
        """The sheet's column a pipe_defect field came from."""
        roles = {"code": ("code", "defect_name"), "grade": ("grade",), "start_m": ("start",),
                 "end_m": ("end", "start"), "orientation": ("orientation", "clock")}.get(field, ())
        return next((self.sheet.column(r) for r in roles if self.sheet.column(r)), "")

    def _existing(self, merged: dict) -> dict:
        out: dict = {}
        uids = sorted({uid for uid, _ in merged})
        where = "facility_kind = 'drain_pipe' AND inspection_type = 'cctv' AND facility_uid IN ({marks})"
        for r in _in(self.store, "inspection", where, uids, ("uid", "facility_uid", "inspected_on")):
            out.setdefault((r["facility_uid"], r["inspected_on"]), []).append(r["uid"])
        return out

    def _prepare(self, item: dict, existing: list) -> None:
        pipe, date, groups = item["pipe"], item["date"], item["groups"]
        rows = sorted(r for m in groups for r in m.group.rows)
        defects = sorted((d for m in groups for d in m.defects), key=lambda d: (d.start_m, d.row))
        label, column = pipe["code"], self.sheet.column("date")
        if existing and self.mode == "append":
            self.reject_rows(rows, "inspection", column, tr(
                "a CCTV inspection of {pipe} on {date} is in the store already (import in update mode to replace "
                "its defects)").format(pipe=label, date=date), date)
            return
        if len(existing) > 1:
            self.reject_rows(rows, "inspection", column, tr(
                "{n} CCTV inspections of {pipe} on {date} are in the store: which one to replace is unclear").format(
                n=len(existing), pipe=label, date=date), date)
            return
        inspectors = [i for m in groups for i in m.group.inspectors]
        summaries = [s for s in (m.group.summary() for m in groups) if s]
        uid = existing[0] if existing else str(uuid.uuid4())
        values = {"uid": uid, "facility_uid": pipe["uid"], "facility_kind": "drain_pipe", "inspected_on": date,
                  "inspection_type": "cctv", "inspector": "、".join(dict.fromkeys(inspectors)) or None,
                  "standard": C.STANDARD, "summary": "; ".join(summaries) or None, "grade": None, "indices": None}
        records = [dict(d.as_record(), uid=str(uuid.uuid4()), inspection_uid=uid) for d in defects]
        facility = {k: v for k, v in pipe.items() if not k.startswith("_")}
        live = D.live_grade("drain_pipe", facility, values, records)
        if live.table == "pipe_defect" and live.row is not None:
            self.reject_group(rows, {defects[live.row].row: tr("{field} {problem}").format(
                field=live.field, problem=problem_text(live.problem))}, self._column_of(live.field), label, date)
            return
        values = D.fill_from_live("drain_pipe", values, live, records)
        try:
            values = validate_row(S.table("inspection"), values, rows[0])
            check_record("inspection", values, self.today, rows[0])
            for d, rec in zip(defects, records):
                validate_row(S.table("pipe_defect"), rec, d.row)
                check_record("pipe_defect", rec, self.today, d.row)
        except ValidationError as e:
            self.reject_group(rows, {e.row if e.row in rows else rows[0]: tr("{field} {problem}").format(
                field=e.field, problem=problem_text(e.problem))}, self._column_of(e.field), label, date)
            return
        self.items.append({"pipe": pipe, "date": date, "rows": rows, "uid": uid, "replace": bool(existing),
                           "inspection": values, "defects": list(zip(defects, records)),
                           "grade": values.get("grade")})

    # ---- writing
    def write(self, strict: bool, feedback) -> None:
        """Write the prepared inspections in one transaction. A row that write_candidates still rejects
        rolls everything back; in strict mode that is the end (nothing written), otherwise its whole
        inspection is taken out and the rest written again."""
        items = list(self.items)
        rep = self.report
        while True:
            if not items:
                rep.written = False
                return
            attempt = ImportReport(source=rep.source, read=rep.read)
            try:
                replaced = self._write_items(items, attempt, strict, feedback)
            except _Rollback as r:
                rep.rejected += r.rejections
                if strict or not r.items:  # nothing to take out: nothing is written
                    rep.written = False
                    return
                for i in items:
                    if id(i) in r.items:
                        done = {x.source_row for x in r.rejections}
                        self.reject_rows([x for x in i["rows"] if x not in done], "inspection", "", tr(
                            "rejected with the inspection of {pipe} on {date}: row {rows} cannot be imported").format(
                            pipe=i["pipe"]["code"], date=i["date"], rows=", ".join(str(x) for x in sorted(done)
                                                                                   if x in i["rows"])))
                items = [i for i in items if id(i) not in r.items]
                continue
            break
        rep.warnings += attempt.warnings
        rep.written = attempt.written
        if not rep.written:
            return
        rep.inserted = dict(attempt.inserted)
        if replaced[0]:
            rep.updated = {"inspection": replaced[0]}
            rep.warnings.append(tr("Replaced the defects of {n} inspections ({old} old defects deleted)").format(
                n=replaced[0], old=replaced[1]))
        for i in items:
            rep.inspections.append({"row": i["rows"][0], "pipe": i["pipe"]["code"], "date": i["date"],
                                    "uid": i["uid"], "defects": len(i["defects"]), "grade": i["grade"],
                                    "replaced": i["replace"]})
        self.written_items = items

    def _write_items(self, items: list, attempt: ImportReport, strict: bool, feedback) -> tuple:
        cands = []
        row_item = {}
        for i in items:
            if not i["replace"]:
                cands.append(Candidate("inspection", i["rows"][0], i["inspection"]))
            for d, rec in i["defects"]:
                cands.append(Candidate("pipe_defect", d.row, rec))
            for r in i["rows"]:
                row_item[r] = i
        replaced = [0, 0]
        with self.store.transaction():
            for i in items:
                if i["replace"]:
                    replaced[1] += self._replace(i)
                    replaced[0] += 1
            if cands:
                write_candidates(self.store, cands, "append", strict, attempt, feedback, audit_inserts=True)
            else:
                attempt.written = True
            if attempt.rejected or not attempt.written:
                hit = {id(row_item[r.source_row]) for r in attempt.rejected if r.source_row in row_item}
                raise _Rollback(hit, attempt.rejected)
        return tuple(replaced)

    def _replace(self, item: dict) -> int:
        """Delete the defects of the inspection an update replaces and bring its fields up to date;
        returns how many defects were deleted."""
        uid = item["uid"]
        old = [r["uid"] for r in self.store.rows("pipe_defect", "inspection_uid = ?", (uid,), columns=("uid",))]
        if old:
            self.store.delete("pipe_defect", old)
        before = self.store.get("inspection", uid)
        changes = {k: item["inspection"][k] for k in ("inspector", "standard", "summary", "grade", "indices")
                   if before.get(k) != item["inspection"][k]}
        if changes:
            self.store.update("inspection", uid, changes)
        return len(old)

    def touched(self) -> list:
        """(uid, code) of the pipes whose inspections were written."""
        return [(i["pipe"]["uid"], i["pipe"]["code"]) for i in getattr(self, "written_items", [])]


class _Rollback(Exception):
    """Undo the transaction: write_candidates rejected rows (``rejections``) of the inspections ``items``
    (their ``id()``)."""

    def __init__(self, items: set, rejections: list):
        super().__init__("rollback")
        self.items = set(items)
        self.rejections = list(rejections)


def _assess(store, touched: list) -> dict:
    from .assess import assess_network

    result = assess_network(store, kinds=("drain_pipe",), feedback=None)
    grades = {}
    for uid, code in touched:
        row = store.get("drain_pipe", uid)
        grades[code] = row.get("grade") if row else None
    skipped = {code: result["skipped_facilities"].get(uid) for uid, code in touched
               if uid in result["skipped_facilities"]}
    return {"assessed": result["assessed"], "changed": result["changed"], "updated": result["updated"],
            "grades": grades, "skipped": skipped}

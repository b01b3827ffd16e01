"""The first rows of a facilities file as the import would write them, every problem named.

:func:`build_preview` reads the first :data:`PREVIEW_ROWS` features through the import's own reader
(:class:`layers.import_read.SourceReader`: the field map resolved as the import resolves it, values
converted by its :class:`~layers.import_columns.ColumnConverter`, geometries fitted by its
:class:`~layers.import_geometry.GeometryFitter`, undecodable DBF text found by
:func:`~layers.import_dbf.undecodable`) and checks each row with the import's
:func:`layers.importer.full_check` (``validate_row``). A row can have several problems: after one is
found the field is set aside (a required one replaced by a valid stand-in) and the row checked again,
so that every bad cell is marked, not only the first. Codes are checked against each other and, with
a store, against the store (``append`` refuses a code the store has).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Optional

from ...core import schema as S
from ...core.validation import ValidationError
from ...i18n import problem_text, tr, translate

PREVIEW_ROWS = 20


@dataclass
class Cell:
    text: str = ""
    problem: str = ""
    note: str = ""          # a remark that is no problem (a value list's label, "updates the row …")
    generated: bool = False


@dataclass
class Preview:
    kind: str
    columns: list = field(default_factory=list)      # schema fields shown, then "geom"
    rows: list = field(default_factory=list)         # [(source row, {column: Cell})]
    field_map: dict = field(default_factory=dict)    # as the import resolves it
    unused: list = field(default_factory=list)       # source fields no schema field takes
    warnings: list = field(default_factory=list)
    error: str = ""                                  # the import's refusal ("" when it would run)

    def problems(self) -> list:
        """[(source row, column, problem)] of every bad cell."""
        return [(n, c, cell.problem) for n, cells in self.rows for c, cell in cells.items() if cell.problem]


def _stand_in(f: S.Field) -> Any:
    """A valid value of ``f`` (a required field's place-holder while the rest of a row is checked)."""
    if f.values is not None:
        return S.VALUE_LISTS[f.values][0].value
    if f.type == "uuid":
        return str(uuid.uuid4())
    if f.type in ("integer", "real"):
        v = f.min if f.min is not None else (f.max if f.max is not None and f.max < 0 else 0)
        return int(v) if f.type == "integer" else float(v)
    if f.type == "boolean":
        return False
    if f.type == "date":
        return "2000-01-01"
    if f.type == "datetime":
        return "2000-01-01T00:00:00.000Z"
    if f.type == "json":
        return "{}"
    return "x"


def row_problems(t: S.Table, row: dict, where) -> dict:
    """{field: problem} of every field of ``row`` the import would refuse (``full_check``)."""
    from ...layers.importer import full_check

    work = {k: v for k, v in row.items() if k != "geom"}
    for name in ("uid", "code"):  # the import generates these when the file has none
        if work.get(name) is None and name in t.field_names:
            work[name] = _stand_in(t.field(name))
    out: dict = {}
    for _ in range(len(t.fields) + 1):
        try:
            full_check(t, work, where)
            break
        except ValidationError as e:
            if e.field in out:
                break
            out[e.field] = problem_text(e.problem)
            if e.field in t.field_names and t.field(e.field).required:
                work[e.field] = _stand_in(t.field(e.field))
            else:
                work.pop(e.field, None)
    return out


def display(f: S.Field, value: Any) -> tuple:
    """(text, note) of a converted value in the grid."""
    if value is None:
        return "", ""
    if isinstance(value, bool):
        return (tr("yes") if value else tr("no")), ""
    if isinstance(value, float):
        return f"{value:.15g}", ""
    if f.values is not None:
        for code in S.VALUE_LISTS[f.values]:
            if code.value == value:
                return str(value), translate(S.TR_CONTEXT, code.label)
    return str(value), ""


def _geometry_text(wkb) -> str:
    from osgeo import ogr

    try:
        g = ogr.CreateGeometryFromWkb(bytes(wkb))
    except (RuntimeError, TypeError):
        g = None
    if g is None:
        return ""
    text = g.ExportToWkt()
    return text if len(text) <= 60 else text[:57] + "…"


def build_preview(path, kind: str, field_map=None, source_crs=None, encoding: Optional[str] = None,
                  repair: bool = False, layer: Optional[str] = None, *, target_epsg: int = S.DEFAULT_EPSG,
                  mode: str = "append", store=None, crs_missing: bool = False,
                  rows: int = PREVIEW_ROWS) -> Preview:
    """The first ``rows`` features of ``path`` as rows of ``kind`` (see the module docstring).

    ``crs_missing``: the file has no CRS and ``source_crs`` is not chosen yet: the attributes are
    shown, each geometry cell says the CRS is missing. ``store``: an open store to check codes
    against. Never raises for a file problem: :attr:`Preview.error` holds the import's message."""
    from ...layers.import_dbf import undecodable
    from ...layers.import_read import SourceReader
    from ...layers.import_source import batches, gdal_errors
    from ...layers.import_write import code_in_store_reason, duplicate_reason
    from ...layers.importer import ImportSourceError

    t = S.table(kind)
    out = Preview(kind)
    no_crs = crs_missing and not source_crs
    try:
        reader = SourceReader(path, kind, field_map, source_crs or (f"EPSG:{target_epsg}" if no_crs else None),
                              encoding, repair, layer, target_epsg, code_optional=(mode == "append"),
                              use_arrow=False)
    except ImportSourceError as e:
        out.error = str(e)
        return out
    except (RuntimeError, OSError, ValueError) as e:
        out.error = str(e) or type(e).__name__
        return out
    src, report = reader.src, reader.report
    out.field_map = dict(report.field_map)
    out.warnings = list(report.warnings)
    used = set(out.field_map.values())
    out.unused = [s for s in src.fields if s not in used]
    out.columns = list(out.field_map) + ([] if "code" in out.field_map else ["code"]) + ["geom"]
    out.columns.sort(key=lambda c: t.field_names.index(c) if c in t.field_names else len(t.field_names))
    try:
        wanted = reader.conv.sources()
        first = None
        with gdal_errors():
            for batch in batches(src, wanted, rows, False):
                first = batch
                break
        if first is None:
            return out
        fids, cols, geoms = first
        n = len(geoms)
        values, undecoded = reader.conv.convert(cols, n)
        bad_cells: dict = {}
        if src.dbf_path is not None and src.encoding:
            found = _undecodable(undecodable, src.dbf_path, src.encoding, frozenset(wanted))
            bad_cells = {fid: found[fid] for fid in fids if fid in found}
        if no_crs:
            wkbs, problems = [None] * n, {}
        else:
            wkbs, _envs, problems = reader.fitter.fit_batch(geoms)
    finally:
        src.close()
    by_source = {s: f for f, s in out.field_map.items()}
    enc = report.encoding or "UTF-8"
    for j in range(n):
        row = {f: values[f][j] for f in out.field_map if values[f][j] is not None}
        probs = row_problems(t, row, j + 1)
        if j in undecoded:
            fld, _text = undecoded[j]
            probs[fld] = tr("holds bytes that are not valid {enc} text (set ENCODING?)").format(enc=enc)
        for src_field, _raw in bad_cells.get(fids[j], []):
            probs[by_source.get(src_field, src_field)] = tr(
                "holds bytes that are not valid {enc} text (set ENCODING?)").format(enc=enc)
        cells = {}
        for c in out.columns:
            if c == "geom":
                if no_crs:
                    cells[c] = Cell("?", tr("the file has no coordinate reference system: choose the source "
                                                "CRS"))
                elif j in problems:
                    cells[c] = Cell(_geometry_text(geoms[j]) if geoms[j] is not None else "", str(problems[j]))
                else:
                    cells[c] = Cell(_geometry_text(wkbs[j]))
                continue
            if c == "code" and c not in out.field_map:
                cells[c] = Cell(tr("(generated)") if mode == "append" else "", "" if mode == "append" else
                                tr("MODE update finds rows by code: map the code field"), generated=True)
                continue
            text, note = display(t.field(c), row.get(c))
            cells[c] = Cell(text, probs.get(c, ""), note)
        out.rows.append((j + 1, cells))
    _check_codes(out, store, mode, duplicate_reason, code_in_store_reason)
    return out


_UNDECODABLE: dict = {}


def _undecodable(fn, dbf_path, codec: str, fields: frozenset) -> dict:
    """:func:`layers.import_dbf.undecodable` of a DBF, remembered while the file is unchanged (it scans
    every record: the preview is rebuilt at each change of the mapping)."""
    st = dbf_path.stat()
    key = (str(dbf_path), st.st_mtime_ns, st.st_size, codec, fields)
    if key not in _UNDECODABLE:
        if len(_UNDECODABLE) > 8:
            _UNDECODABLE.clear()
        _UNDECODABLE[key] = fn(dbf_path, codec, set(fields))
    return _UNDECODABLE[key]


def _check_codes(out: Preview, store, mode: str, duplicate_reason, code_in_store_reason) -> None:
    """Duplicate codes among the previewed rows, and (append) codes the store has already."""
    if "code" not in out.field_map:
        return
    seen: dict = {}
    for n, cells in out.rows:
        code = cells["code"].text
        if code and not cells["code"].problem:
            seen.setdefault(code, []).append(n)
    for code, rows in seen.items():
        if len(rows) > 1:
            for n, cells in out.rows:
                if n in rows:
                    cells["code"].problem = duplicate_reason("code", code, rows)
    if store is None or not seen:
        return
    codes = list(seen)
    marks = ", ".join("?" * len(codes))
    try:
        known = {r[0] for r in store.execute(f"SELECT code FROM \"{out.kind}\" WHERE code IN ({marks})", codes)}
    except Exception:  # noqa: BLE001 - the store check is a courtesy; the import checks again
        return
    for _n, cells in out.rows:
        c = cells["code"]
        if c.text in known and not c.problem:
            if mode == "append":
                c.problem = code_in_store_reason(c.text)
            else:
                c.note = tr("updates the row with this code in the store")

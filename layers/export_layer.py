"""Export any store table — a facility layer, a record table, the maintenance plan — to a file.

:func:`export_table` writes the rows of one table (all, or those a parameterised SQL ``where``
selects) with **every schema field**, in the format the file name says:

- **GeoPackage** (``.gpkg``): one layer named as the table (or ``layer_name``), schema field names
  and types (dates as Date, date-times as DateTime, booleans as Boolean, JSON as JSON text, content
  as binary), the store's ``fid`` kept, geometry column ``geom``. An existing GeoPackage is replaced
  — or, with ``append=True``, the layer is added to it (a layer of that name replaced). A Safe
  Municipal store is never written to.
- **Shapefile** (``.shp``): UTF-8 with a ``.cpg`` (``ENCODING=UTF-8``), field names shortened to at
  most 10 characters by :mod:`~safe_municipal.core.shapefile_names` (so the file imports back with every
  field), dates as Date, date-times as ISO text, booleans as integers 0/1, reals with as many decimals
  as they need (at most 17), a ``.prj``. A table without geometry gives a ``.dbf`` (and ``.cpg``) only.
  dBASE holds at most 254 bytes of text per value: a longer text is cut at a character boundary, a
  longer JSON value or attachment content is left empty, and the result's ``warnings`` say how many.
- **GeoJSON** (``.geojson``, ``.json``): RFC 7946 — EPSG:4326 longitude/latitude, 7 decimals
  (about 1 cm), exterior rings counter-clockwise. With ``epsg`` another CRS is written (not RFC 7946,
  full precision, a ``crs`` member), e.g. the store's own. Attribute reals keep 15 significant digits.
- **CSV** (``.csv``): UTF-8 with a byte-order mark (Excel opens it right), one header line, a last
  column ``WKT`` with the geometry in exact decimal notation (GDAL reads such a column as geometry).
- **XLSX** (``.xlsx``): one sheet named as the table, header in the first row, numbers as numbers,
  dates and date-times as ISO text, the same ``WKT`` column; reals keep 15 significant digits and a
  cell holds at most 32,767 characters (longer values as for Shapefile).

Codes stay codes (``storm``, ``concrete``), so a file imports back unchanged. ``value_labels=True``
puts the translated labels of value lists in their place instead, for reading and printing.
JSON fields go out as their JSON text; attachment content as base64 text outside GeoPackage.
Geometry is in the store's CRS (GeoJSON: EPSG:4326) unless ``epsg`` says otherwise.

The file appears whole or not at all: it is written in a temporary folder beside the target and
then moved into place (a Shapefile with all its sidecar files; stale sidecars of an older Shapefile
of the same name are removed). Problems raise :class:`ExportError` naming the file and the problem.

The plan: accepted plan items are ``maintenance`` rows with status ``planned`` and the plan's name in
``plan_ref`` (``layers.planning.accept``); :func:`export_plan` exports them through :func:`plan_where`.
Statistics tables (programmes, cases, plan dock) are written by :mod:`.export_table`.

Either backend: the rows are read through the store's API (``store.rows``), which gives the same
values from a GeoPackage and from PostGIS, so a table exported from a PostGIS copy of a store is the
file exported from the GeoPackage — the same rows, fids, fields, values and geometries. Two things
differ by nature: ``where`` is the backend's SQL (SQLite's or PostgreSQL's), and JSON fields come out
of PostGIS as ``jsonb`` keeps them (keys sorted, spaced ``json.dumps``' way) — the same JSON value as
the text the GeoPackage holds.
"""
from __future__ import annotations

import base64
import contextlib
import decimal
import os
import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any, Iterable, Optional

from ..core import schema as S
from ..core.shapefile_names import short_names
from ..i18n import tr, translate
from .errors import StoreError
from .export_table import ExportError, write_table
from .store_ref import is_postgis

FORMATS = {".gpkg": "gpkg", ".shp": "shp", ".geojson": "geojson", ".json": "geojson", ".csv": "csv",
           ".xlsx": "xlsx"}
SUFFIXES = {"gpkg": ".gpkg", "shp": ".shp", "geojson": ".geojson", "csv": ".csv", "xlsx": ".xlsx"}
DRIVERS = {"gpkg": "GPKG", "shp": "ESRI Shapefile", "geojson": "GeoJSON"}
SHP_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd")
WKT_COLUMN = "WKT"
DBF_TEXT_BYTES = 254
XLSX_CELL_CHARS = 32767
GEOJSON_PRECISION = 7
_GEOM_TYPES = {"Point": "wkbPoint", "LineString": "wkbLineString", "Polygon": "wkbPolygon"}


class ExportCancelled(ExportError):
    """The user cancelled the export; nothing was written."""


# --------------------------------------------------------------------------- targets
def export_format(path: str, fmt: Optional[str] = None) -> tuple:
    """``(format, Path)`` of a target: the format from the file name's extension, or ``fmt``
    (``gpkg``, ``shp``, ``geojson``, ``csv``, ``xlsx``; a name without extension gets the format's)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if fmt is not None:
        fmt = str(fmt).lower()
        if fmt not in SUFFIXES:
            raise ExportError(tr("{path}: unknown format {fmt} (choose gpkg, shp, geojson, csv or xlsx)").format(
                path=path, fmt=fmt))
        if not suffix:
            return fmt, target.with_name(target.name + SUFFIXES[fmt])
        if FORMATS.get(suffix) != fmt:
            raise ExportError(tr("{path}: the extension does not match the format {fmt}").format(path=path, fmt=fmt))
        return fmt, target
    if suffix not in FORMATS:
        raise ExportError(tr("{path}: unknown extension; choose .gpkg, .shp, .geojson, .csv or .xlsx").format(
            path=path))
    return FORMATS[suffix], target


def _check_target(target: Path, store_path: str) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(tr("{path}: the folder {folder} does not exist").format(path=target, folder=folder))
    # Mode bits too: as root, access() says every folder is writable.
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:
        raise ExportError(tr("{path}: the folder {folder} is read-only").format(path=target, folder=folder))
    if target.is_dir():
        raise ExportError(tr("{path}: is a folder").format(path=target))
    if target.exists() and store_path and not is_postgis(store_path) and target.resolve() == Path(store_path).resolve():
        raise ExportError(tr("{path}: is the store itself; choose another file").format(path=target))


def _is_store(path: Path) -> bool:
    """Whether ``path`` is a Safe Municipal store (an export never writes into one)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return conn.execute(f"SELECT count(*) FROM sqlite_master WHERE name = '{S.META_TABLE}'").fetchone()[0] > 0
    except sqlite3.Error:
        return False
    finally:
        conn.close()


# --------------------------------------------------------------------------- the plan
def plan_where(plan_ref: Optional[str] = None, statuses: Iterable[str] = ("planned",)) -> tuple:
    """``(where, params)`` selecting the plan's ``maintenance`` rows: the given statuses (default:
    ``planned``), of one plan (``plan_ref``) or of every plan (None)."""
    statuses = list(statuses)
    where = f"status IN ({', '.join('?' * len(statuses))})"
    params: list = list(statuses)
    if plan_ref is not None:
        where += " AND plan_ref = ?"
        params.append(plan_ref)
    return where, tuple(params)


def export_plan(store, path: str, plan_ref: Optional[str] = None, **kwargs) -> dict:
    """Export the planned works (of one plan, or all) as :func:`export_table` exports a table."""
    where, params = plan_where(plan_ref)
    return export_table(store, "maintenance", path, where=where, params=params, **kwargs)


# --------------------------------------------------------------------------- export
def export_table(store, table: str, path: str, where: Optional[str] = None, params: Iterable = (),
                 fmt: Optional[str] = None, value_labels: bool = False, feedback: Any = None,
                 epsg: Optional[int] = None, append: bool = False, layer_name: Optional[str] = None) -> dict:
    """Write the rows of ``table`` (those ``where`` selects, ordered by fid) to ``path``.

    ``where``: a parameterised SQL condition on the store table (``?`` placeholders, ``params``).
    ``epsg``: the output CRS (default: the store's; GeoJSON: 4326). ``append``: add the layer to an
    existing GeoPackage. ``feedback``: duck-typed QgsFeedback (``setProgress``, ``isCanceled``).

    Returns ``{"path", "rows", "format", "files", "layer", "epsg", "warnings"}``.
    """
    try:
        t = S.table(table)
    except KeyError:
        raise ExportError(tr("{path}: the store has no table {table}").format(path=path, table=table)) from None
    fmt, target = export_format(path, fmt)
    _check_target(target, getattr(store, "path", ""))
    if fmt == "gpkg" and target.exists() and _is_store(target):
        raise ExportError(tr("{path}: is a Safe Municipal store; export into another file").format(path=target))
    out_epsg = int(epsg) if epsg else (4326 if fmt == "geojson" else int(store.epsg))
    rows = _read(store, t, where, params, target, feedback)
    warnings: list = []
    geoms = _geometries(store, t, rows, out_epsg, target) if t.is_spatial else None
    _progress(feedback, 40)
    name = layer_name or t.name
    with _gdal_exceptions():
        if fmt in ("csv", "xlsx"):
            files = [_write_sheet(t, rows, geoms, target, fmt, value_labels, warnings, name, feedback)]
        else:
            files = _write_ogr(store, t, rows, geoms, target, fmt, out_epsg, value_labels, warnings, name,
                               append, feedback)
    _progress(feedback, 100)
    return {"path": str(files[0]), "rows": len(rows), "format": fmt, "files": [str(f) for f in files],
            "layer": name, "epsg": out_epsg if t.is_spatial else None, "warnings": warnings}


def _progress(feedback: Any, value: float) -> None:
    if feedback is not None:
        feedback.setProgress(value)


def _check_cancel(feedback: Any) -> None:
    if feedback is not None and feedback.isCanceled():
        raise ExportCancelled(tr("The export was cancelled; nothing was written."))


@contextlib.contextmanager
def _gdal_exceptions():
    """GDAL/OGR errors as RuntimeError inside, the caller's setting restored after (GDAL 3.6 has no
    ExceptionMgr)."""
    from osgeo import gdal, ogr, osr

    saved = [(m, m.GetUseExceptions()) for m in (gdal, ogr, osr)]
    for m, _ in saved:
        m.UseExceptions()
    try:
        yield
    finally:
        for m, used in reversed(saved):  # GDAL keeps a stack of error handlers
            if not used:
                m.DontUseExceptions()


def _read(store, t: S.Table, where, params, target: Path, feedback: Any) -> list:
    cols = ["fid", *t.field_names] + (["geom"] if t.is_spatial else [])
    rows = []
    try:
        for i, r in enumerate(store.rows(t.name, where or "", tuple(params), columns=cols, order_by=["fid"])):
            rows.append(r)
            if i % 1000 == 999:
                _check_cancel(feedback)
    except (sqlite3.Error, StoreError) as e:  # SQLite's error, or PostgreSQL's as the PgStore's
        raise ExportError(tr("{path}: the filter {where} cannot be used ({error})").format(
            path=target, where=where, error=e)) from None
    _check_cancel(feedback)
    _progress(feedback, 20)
    return rows


def _srs(epsg: int, store=None):
    from osgeo import osr

    srs = osr.SpatialReference()
    try:
        srs.ImportFromEPSG(int(epsg))
    except RuntimeError:
        if store is None or int(epsg) != int(store.epsg) or not store.crs_wkt():
            raise
        srs.ImportFromWkt(store.crs_wkt())  # the store's CRS PROJ does not know by its code: its definition
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _geometries(store, t: S.Table, rows: list, out_epsg: int, target: Path) -> list:
    """The rows' geometries as OGR geometries in ``out_epsg`` (None where a row has none)."""
    from osgeo import ogr, osr

    with _gdal_exceptions():
        transform = None
        if out_epsg != int(store.epsg):
            try:
                transform = osr.CoordinateTransformation(_srs(store.epsg, store), _srs(out_epsg))
            except RuntimeError as e:
                raise ExportError(tr("{path}: cannot transform to EPSG:{epsg} ({error})").format(
                    path=target, epsg=out_epsg, error=e)) from None
        out = []
        for r in rows:
            wkb = r.get("geom")
            if wkb is None:
                out.append(None)
                continue
            g = ogr.CreateGeometryFromWkb(bytes(wkb))
            if transform is not None:
                g.Transform(transform)
            out.append(g)
    return out


# --------------------------------------------------------------------------- values
def _label(f: S.Field, value: Any) -> Any:
    for code in S.VALUE_LISTS[f.values]:
        if code.value == value:
            return translate(S.TR_CONTEXT, code.label)
    return value


def _value(f: S.Field, value: Any, value_labels: bool, binary: bool) -> Any:
    """A store value as it goes out: labels for codes when asked, base64 for content outside GPKG."""
    if value is None:
        return None
    if value_labels and f.values:
        return _label(f, value)
    if f.type == "blob":
        return bytes(value) if binary else base64.b64encode(bytes(value)).decode("ascii")
    if f.type == "boolean":
        return int(bool(value))
    return value


def _fit(f: S.Field, value: Any, limit: int, in_bytes: bool, counts: dict) -> Any:
    """``value`` within a cell limit: text cut at a character boundary, JSON and content left empty."""
    if not isinstance(value, str):
        return value
    size = len(value.encode("utf-8")) if in_bytes else len(value)
    if size <= limit:
        return value
    counts[f.name] = counts.get(f.name, 0) + 1
    if f.type in ("json", "blob"):
        return None
    if in_bytes:
        return value.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return value[:limit]


def _warn_cut(counts: dict, fmt_name: str, warnings: list) -> None:
    for field, n in counts.items():
        warnings.append(tr("{field}: {n} values too long for {fmt} were cut (text) or left empty (JSON, "
                           "content); export to GeoPackage to keep them whole").format(field=field, n=n, fmt=fmt_name))


def _num(x: float) -> str:
    return repr(float(x))


def wkt(g) -> str:
    """WKT of an OGR geometry with every coordinate in exact (shortest round-trip) decimal notation."""
    name = g.GetGeometryName()
    if g.IsEmpty():
        return f"{name} EMPTY"

    def body(h) -> str:
        if h.GetGeometryCount():
            return "(" + ", ".join(body(h.GetGeometryRef(i)) for i in range(h.GetGeometryCount())) + ")"
        return "(" + ", ".join(f"{_num(h.GetX(i))} {_num(h.GetY(i))}" for i in range(h.GetPointCount())) + ")"

    if name == "GEOMETRYCOLLECTION":
        return name + " (" + ", ".join(wkt(g.GetGeometryRef(i)) for i in range(g.GetGeometryCount())) + ")"
    return f"{name} {body(g)}"


# --------------------------------------------------------------------------- CSV, XLSX
def _write_sheet(t: S.Table, rows: list, geoms, target: Path, fmt: str, value_labels: bool, warnings: list,
                 sheet: str, feedback: Any) -> Path:
    headers = list(t.field_names) + ([WKT_COLUMN] if t.is_spatial else [])
    kinds = {"integer": "integer", "boolean": "integer", "real": "real"}
    types = [kinds.get(f.type, "text") for f in t.fields] + (["text"] if t.is_spatial else [])
    counts: dict = {}
    cells = []
    for i, r in enumerate(rows):
        line = []
        for f in t.fields:
            v = _value(f, r.get(f.name), value_labels, binary=False)
            line.append(_fit(f, v, XLSX_CELL_CHARS, False, counts) if fmt == "xlsx" else v)
        if t.is_spatial:
            text = wkt(geoms[i]) if geoms[i] is not None else None
            if fmt == "xlsx" and text is not None and len(text) > XLSX_CELL_CHARS:
                counts[WKT_COLUMN] = counts.get(WKT_COLUMN, 0) + 1
                text = None
            line.append(text)
        cells.append(line)
        if i % 1000 == 999:
            _check_cancel(feedback)
    _check_cancel(feedback)
    _warn_cut(counts, "XLSX", warnings)
    return Path(write_table(str(target), headers, cells, types, sheet=sheet))


# --------------------------------------------------------------------------- OGR formats
def _real_width(values: list) -> tuple:
    """(width, precision) of a dBASE numeric field that writes every value exactly."""
    ints, decs = 1, 0
    for v in values:
        text = format(decimal.Decimal(repr(float(v))), "f")
        head, _, tail = text.lstrip("-").partition(".")
        ints = max(ints, len(head))
        decs = max(decs, len(tail.rstrip("0")))
    decs = min(decs, 17, 252 - ints)
    return ints + 2 + decs, decs  # sign and decimal point


def _field_defns(t: S.Table, rows: list, fmt: str, value_labels: bool) -> list:
    """One OGR field definition per schema field (name, type, width) for ``fmt``."""
    from osgeo import ogr

    names = short_names(t) if fmt == "shp" else {f.name: f.name for f in t.fields}
    out = []
    for f in t.fields:
        values = [r[f.name] for r in rows if r.get(f.name) is not None]
        kind = "text" if value_labels and f.values else f.type
        d = ogr.FieldDefn(names[f.name], ogr.OFTString)
        if kind in ("integer", "boolean"):
            big = any(abs(int(v)) > 2**31 - 1 for v in values)
            d = ogr.FieldDefn(names[f.name], ogr.OFTInteger64 if big else ogr.OFTInteger)
            if kind == "boolean":
                if fmt == "shp":
                    d.SetWidth(1)
                else:
                    d.SetSubType(ogr.OFSTBoolean)
            elif fmt == "shp":
                d.SetWidth(max([len(str(int(v))) for v in values] + [1]))
        elif kind == "real":
            d = ogr.FieldDefn(names[f.name], ogr.OFTReal)
            if fmt == "shp":
                width, precision = _real_width(values)
                d.SetWidth(width)
                d.SetPrecision(precision)
        elif kind == "date":
            d = ogr.FieldDefn(names[f.name], ogr.OFTDate)
        elif kind == "datetime" and fmt != "shp":
            d = ogr.FieldDefn(names[f.name], ogr.OFTDateTime)
        elif kind == "blob" and fmt == "gpkg":
            d = ogr.FieldDefn(names[f.name], ogr.OFTBinary)
        elif fmt == "shp":
            sizes = [len(_value(f, v, value_labels, False).encode("utf-8")) for v in values]
            d.SetWidth(max(1, min(DBF_TEXT_BYTES, max(sizes, default=1))))
        else:
            if kind == "json" and fmt == "gpkg":
                d.SetSubType(ogr.OFSTJSON)
            if fmt == "gpkg" and kind in ("text", "uuid") and not (value_labels and f.values):
                d.SetWidth(36 if kind == "uuid" else f.max_length or 0)
        out.append(d)
    return out


def _layer_options(fmt: str, out_epsg: int, append: bool, spatial: bool) -> list:
    if fmt == "gpkg":
        return ["GEOMETRY_NAME=geom", "FID=fid"] + (["OVERWRITE=YES"] if append else [])
    if fmt == "shp":
        return ["ENCODING=UTF-8", "SPATIAL_INDEX=NO"]
    if spatial and out_epsg == 4326:
        return ["RFC7946=YES", f"COORDINATE_PRECISION={GEOJSON_PRECISION}"]
    return []


def _write_ogr(store, t: S.Table, rows: list, geoms, target: Path, fmt: str, out_epsg: int, value_labels: bool,
               warnings: list, name: str, append: bool, feedback: Any) -> list:
    from osgeo import gdal, ogr

    work = target.parent / f".{target.stem}.export-{uuid.uuid4().hex[:8]}"
    try:
        work.mkdir()
    except OSError as e:
        raise ExportError(f"{target}: {e.strerror or e}") from None
    tmp = work / target.name
    try:
        if fmt == "gpkg" and append and target.exists():
            shutil.copy2(target, tmp)
            ds = gdal.OpenEx(str(tmp), gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
        else:
            ds = ogr.GetDriverByName(DRIVERS[fmt]).CreateDataSource(str(tmp))
        layer_name = tmp.stem if fmt == "shp" else name
        srs = _srs(out_epsg, store) if t.is_spatial else None
        gtype = getattr(ogr, _GEOM_TYPES[t.geometry]) if t.is_spatial else ogr.wkbNone
        layer = ds.CreateLayer(layer_name, srs, gtype, options=_layer_options(fmt, out_epsg, append, t.is_spatial))
        for d in _field_defns(t, rows, fmt, value_labels):
            layer.CreateField(d)
        _fill(layer, t, rows, geoms, fmt, value_labels, warnings, feedback)
        layer = None
        ds = None  # closing writes the file
        _check_cancel(feedback)
        return _move_into_place(work, target, fmt)
    except RuntimeError as e:
        raise ExportError(f"{target}: {e}") from None
    except OSError as e:
        raise ExportError(f"{target}: {e.strerror or e}") from None
    finally:
        ds = layer = None
        shutil.rmtree(work, ignore_errors=True)


def _fill(layer, t: S.Table, rows: list, geoms, fmt: str, value_labels: bool, warnings: list, feedback) -> None:
    from osgeo import ogr

    defn = layer.GetLayerDefn()
    kinds = [defn.GetFieldDefn(i).GetType() for i in range(defn.GetFieldCount())]
    counts: dict = {}
    use_transaction = fmt == "gpkg"
    if use_transaction:
        layer.StartTransaction()
    n = len(rows)
    for i, r in enumerate(rows):
        feat = ogr.Feature(defn)
        if fmt == "gpkg":
            feat.SetFID(int(r["fid"]))
        for k, f in enumerate(t.fields):
            v = _value(f, r.get(f.name), value_labels, binary=fmt == "gpkg")
            if fmt == "shp":
                v = _fit(f, v, DBF_TEXT_BYTES, True, counts)
            if v is None:
                feat.SetFieldNull(k)
            elif kinds[k] == ogr.OFTBinary:
                feat.SetFieldBinaryFromHexString(k, v.hex())
            elif kinds[k] == ogr.OFTInteger64:
                feat.SetFieldInteger64(k, int(v))
            else:
                feat.SetField(k, v)
        if geoms is not None and geoms[i] is not None:
            feat.SetGeometry(geoms[i])
        layer.CreateFeature(feat)
        if i % 500 == 499:
            _check_cancel(feedback)
            _progress(feedback, 40 + 55 * (i + 1) / n)
    if use_transaction:
        layer.CommitTransaction()
    _warn_cut(counts, "Shapefile", warnings)


def _move_into_place(work: Path, target: Path, fmt: str) -> list:
    if fmt != "shp":
        os.replace(work / target.name, target)
        return [target]
    new = sorted(p for p in work.iterdir() if p.stem == target.stem and p.suffix.lower() in SHP_SIDECARS)
    keep = {p.suffix.lower() for p in new}
    for suffix in SHP_SIDECARS:  # a stale sidecar (an old .prj, .qix …) would not match the new file
        for old in (target.with_suffix(suffix), target.with_suffix(suffix.upper())):
            if suffix not in keep and old.exists():
                old.unlink()
    # .shp last: a reader looking for the new file finds its sidecars in place already
    new.sort(key=lambda p: p.suffix.lower() == ".shp")
    moved = []
    for p in new:
        dest = target.with_suffix(p.suffix)
        os.replace(p, dest)
        moved.append(dest)
    moved.sort(key=lambda p: (SHP_SIDECARS.index(p.suffix.lower()), p.name))
    return moved

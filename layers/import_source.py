"""Reading a survey file with OGR: the file checked and opened, its encoding and CRS settled.

:func:`open_source` refuses, with the file's name and the reason, what cannot be imported at all —
a missing file, an empty one, a shapefile without its ``.shx``/``.dbf`` or cut short, a file GDAL
cannot read (random bytes), a table without geometry (a CSV without coordinates), a layer without
features, several layers and none chosen, a layer of the wrong geometry type, a file without a CRS
when no ``SOURCE_CRS`` is given (coordinates are never guessed), field names that are not text in
the encoding.

Encodings: a shapefile's ``.cpg`` is used, else the encoding detected from the ``.dbf``'s bytes
(UTF-8 or GB18030, :mod:`.import_dbf`); ``ENCODING`` overrides both. A CSV's encoding is detected the
same way (a UTF-8 BOM wins) and the file is read as UTF-8 from memory. GeoJSON, GeoPackage,
FlatGeobuf and FileGDB are UTF-8 by definition; a DXF drawing names its code page (``ENCODING``
overrides it: GDAL's ``DXF_ENCODING``).

:func:`batches` then reads the features a batch at a time — through GDAL's Arrow stream (numpy
columns; GDAL ≥ 3.6) or, as a fallback, feature by feature — as Python lists.
"""
from __future__ import annotations

import contextlib
import csv
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..core.field_mapping import coordinate_columns, guess_encoding
from ..i18n import tr
from . import import_dbf as dbf
from .import_geometry import crs_label, srs_from
from .importer import ImportSourceError

#: Suffixes read as CSV tables (coordinates in columns or WKT).
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass
class Source:
    path: Path
    label: str
    ds: object
    layer: object
    layer_name: str
    driver: str
    fields: list
    types: dict                      # field -> (OGR type, subtype)
    srs: object                      # osr.SpatialReference (traditional GIS order) or None
    encoding: Optional[str] = None   # Python codec of the text (None: not applicable)
    dbf_path: Optional[Path] = None  # a shapefile's .dbf (its cells are checked against the codec)
    temp: Optional[str] = None       # a /vsimem copy to unlink
    warnings: list = field(default_factory=list)
    count: int = -1
    config: Optional[tuple] = None   # a GDAL config option to restore: (name, previous value)

    def close(self) -> None:
        from osgeo import gdal

        self.layer = None
        self.ds = None
        if self.temp:
            gdal.Unlink(self.temp)
            self.temp = None
        if self.config:
            gdal.SetThreadLocalConfigOption(*self.config)
            self.config = None


@contextlib.contextmanager
def gdal_errors():
    """Collect GDAL's error messages (not printed) while the block runs: a list of (class, text).

    The osgeo modules' exception mode is off meanwhile (and restored after): with it on (a plugin or a
    test may turn it on for the whole process), one unreadable feature — a CSV cell of broken WKT —
    raises in the middle of GDAL's feature or Arrow iteration and ends it; off, the feature comes with
    a null geometry and the import names it."""
    from osgeo import gdal, ogr, osr

    got: list = []

    def handler(err_class, _err_no, message):
        got.append((err_class, message))

    # GDAL 3.6 keeps the modules' exception handlers on one stack: they come off top first (a
    # DontUseExceptions out of turn raises), and go back on in the reverse order, as they were
    turned_off: list = []
    pending = [m for m in (gdal, ogr, osr) if m.GetUseExceptions()]
    while pending:
        left = []
        for m in pending:
            try:
                m.DontUseExceptions()
                turned_off.append(m)
            except RuntimeError:
                left.append(m)
        if len(left) == len(pending):
            raise RuntimeError("cannot turn GDAL exceptions off: the error handler stack is not the modules'")
        pending = left
    gdal.PushErrorHandler(handler)
    try:
        yield got
    finally:
        gdal.PopErrorHandler()
        for m in reversed(turned_off):
            m.UseExceptions()


def _sibling(p: Path, suffix: str) -> Optional[Path]:
    for q in p.parent.glob(p.stem + ".*"):
        if q.suffix.lower() == suffix and q.stem == p.stem:
            return q
    return None


def _bad_name(name: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" or ch == "\ufffd" for ch in name)


# --------------------------------------------------------------------------- shapefiles
def _shapefile(p: Path, label: str, explicit: Optional[str]) -> tuple:
    """(.dbf path, codec, open options, warnings) of a shapefile, after checking its files."""
    shx, dbf_path = _sibling(p, ".shx"), _sibling(p, ".dbf")
    if shx is None:
        raise ImportSourceError(tr("{file}: the .shx index file is missing (a shapefile is the .shp, .shx and "
                                   ".dbf files together: copy all of them)").format(file=label))
    if dbf_path is None:
        raise ImportSourceError(tr("{file}: the .dbf attribute file is missing (a shapefile is the .shp, .shx "
                                   "and .dbf files together: copy all of them)").format(file=label))
    for f in (p, shx):
        with open(f, "rb") as fh:
            head = fh.read(100)
        if len(head) < 100 or int.from_bytes(head[:4], "big") != 9994:
            raise ImportSourceError(tr("{file}: not a readable shapefile ({part} does not start with a shapefile "
                                       "header)").format(file=label, part=f.name))
        declared, actual = int.from_bytes(head[24:28], "big") * 2, f.stat().st_size
        if actual < declared:
            raise ImportSourceError(tr("{file}: {part} is truncated ({actual} of {declared} bytes): the copy was "
                                       "cut short, copy it again").format(file=label, part=f.name, actual=actual,
                                                                          declared=declared))
    try:
        header = dbf.read_header(dbf_path)
    except (ValueError, OSError) as e:
        raise ImportSourceError(tr("{file}: {part} is not a readable dBASE file ({error})").format(
            file=label, part=dbf_path.name, error=e)) from None
    if header.complete_records < header.records:
        raise ImportSourceError(tr("{file}: {part} is truncated ({n} of {total} records): the copy was cut short, "
                                   "copy it again").format(file=label, part=dbf_path.name, n=header.complete_records,
                                                           total=header.records))
    shapes = (shx.stat().st_size - 100) // 8
    if shapes != header.records:
        raise ImportSourceError(tr("{file}: the .shx indexes {n} shapes but the .dbf holds {m} records: the files "
                                   "do not belong together").format(file=label, n=shapes, m=header.records))
    cpg = _sibling(p, ".cpg")
    cpg_text = cpg.read_text(encoding="ascii", errors="replace").strip() if cpg else ""
    warnings, options = [], []
    if explicit:
        codec = explicit
        options.append("ENCODING=" + dbf.gdal_name(codec))
        if cpg_text and dbf.codec(cpg_text) != explicit:
            warnings.append(tr("ENCODING {enc} used; the .cpg file says {cpg}.").format(enc=codec, cpg=cpg_text))
    elif cpg_text:
        codec = dbf.codec(cpg_text)
        if codec is None:
            warnings.append(tr("The .cpg file names an unknown encoding ({cpg}): GDAL's reading kept; set "
                               "ENCODING if the text looks wrong.").format(cpg=cpg_text))
        else:  # explicitly: inside QGIS, GDAL's SHAPE_ENCODING is "" (no recoding) once the OGR provider ran
            options.append("ENCODING=" + dbf.gdal_name(codec))
    else:
        codec = dbf.detect(dbf_path, header).lower().replace("iso-8859-1", "latin-1")
        options.append("ENCODING=" + dbf.gdal_name(codec))
        warnings.append(tr("{file} has no .cpg file: its text was read as {enc}, detected from the .dbf's bytes "
                           "(set ENCODING if names look wrong).").format(file=label, enc=dbf.gdal_name(codec)))
    if codec:
        for fd in header.fields:
            try:
                fd.name.decode(codec)
            except UnicodeDecodeError:
                raise ImportSourceError(tr("{file}: the field name {name} is not valid {enc} text: the encoding is "
                                           "wrong (set ENCODING, e.g. GB18030)").format(
                    file=label, name=repr(fd.name), enc=dbf.gdal_name(codec))) from None
    return dbf_path, codec, options, warnings


# --------------------------------------------------------------------------- CSV
def _csv(p: Path, label: str, explicit: Optional[str], columns: dict) -> tuple:
    """(in-memory UTF-8 copy, codec, open options, warnings, CRS text of a .prj or None)."""
    from osgeo import gdal

    raw = p.read_bytes()
    warnings = []
    if raw.startswith(b"\xef\xbb\xbf"):
        codec, raw = "utf-8", raw[3:]
    elif explicit:
        codec = explicit
    else:
        codec = guess_encoding(raw.splitlines()).lower().replace("iso-8859-1", "latin-1")
        if codec != "utf-8":
            warnings.append(tr("{file}: text read as {enc} (detected; set ENCODING if names look wrong).").format(
                file=label, enc=dbf.gdal_name(codec)))
    text = raw.decode(codec, "replace")
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    delim = max((",", ";", "\t", "|"), key=first.count)
    header = next(csv.reader(io.StringIO(first), delimiter=delim), [])
    header = [h.strip() for h in header]
    if any(_bad_name(h) for h in header):
        raise ImportSourceError(tr("{file}: the column names are not valid {enc} text: the encoding is wrong (set "
                                   "ENCODING)").format(file=label, enc=dbf.gdal_name(codec)))
    given = {k: v for k, v in columns.items() if v}
    for k, v in given.items():
        if v not in header:
            raise ImportSourceError(tr("{file}: FIELD_MAP: {key} column {name} is not a column of the file "
                                       "({columns})").format(file=label, key=k, name=v, columns=", ".join(header)))
    geo = given if ("x" in given and "y" in given) or "wkt" in given else coordinate_columns(header)
    if not geo:
        raise ImportSourceError(tr("{file}: the table has no geometry: a CSV needs coordinate columns (x/y, lon/lat, "
                                   "经度/纬度, X坐标/Y坐标) or a WKT column; name them in FIELD_MAP as \"x\", \"y\" or "
                                   "\"wkt\"").format(file=label))
    if "wkt" in geo and not ("x" in geo and "y" in geo):
        options = ["GEOM_POSSIBLE_NAMES=" + geo["wkt"], "KEEP_GEOM_COLUMNS=NO"]
    else:
        options = ["X_POSSIBLE_NAMES=" + geo["x"], "Y_POSSIBLE_NAMES=" + geo["y"], "KEEP_GEOM_COLUMNS=NO"]
    temp = f"/vsimem/safe_municipal_import_{uuid.uuid4().hex}.csv"
    gdal.FileFromMemBuffer(temp, text.encode("utf-8"))
    prj = _sibling(p, ".prj")
    return temp, codec, options, warnings, (prj.read_text(encoding="utf-8", errors="replace") if prj else None)


# --------------------------------------------------------------------------- opening
def open_source(path, kind_geometry: str, encoding: Optional[str] = None, source_crs=None,
                layer: Optional[str] = None, kind: str = "", geometry_columns: Optional[dict] = None) -> Source:
    """Open ``path`` for an import into a table of geometry ``kind_geometry``; ImportSourceError with
    the file's name when it cannot be imported at all (see the module docstring)."""
    from osgeo import gdal

    p = Path(path)
    label = p.name
    if not p.exists():
        raise ImportSourceError(tr("{file}: the file does not exist ({path})").format(file=label, path=p))
    if p.is_dir() and p.suffix.lower() != ".gdb":
        raise ImportSourceError(tr("{file}: is a folder, not a file (only a FileGDB .gdb folder is read)").format(
            file=label))
    if p.is_file() and p.stat().st_size == 0:
        raise ImportSourceError(tr("{file}: the file is empty (0 bytes)").format(file=label))
    explicit = None
    if encoding:
        explicit = dbf.codec(encoding)
        if explicit is None:
            raise ImportSourceError(tr("{file}: ENCODING {enc} is not an encoding known here (try UTF-8, GB18030, "
                                       "GBK)").format(file=label, enc=encoding))
    suffix = p.suffix.lower()
    target, options, warnings, codec, dbf_path, temp, prj_text = str(p), [], [], "utf-8", None, None, None
    config = None
    if suffix == ".shp":
        dbf_path, codec, options, warnings = _shapefile(p, label, explicit)
    elif suffix in CSV_SUFFIXES:
        target, codec, options, warnings, prj_text = _csv(p, label, explicit, geometry_columns or {})
        temp = target
    elif suffix == ".dxf":  # the DXF header names its code page ($DWGCODEPAGE); ENCODING overrides it
        codec = explicit
        if explicit:
            config = ("DXF_ENCODING", gdal.GetThreadLocalConfigOption("DXF_ENCODING", None))
            gdal.SetThreadLocalConfigOption("DXF_ENCODING", dbf.gdal_name(explicit))
    elif explicit and suffix != ".dbf":
        warnings.append(tr("ENCODING is for shapefiles, CSV tables and DXF drawings; {file} is read as its format "
                           "defines.").format(file=label))
    src = None
    try:
        with gdal_errors() as errs:
            try:
                ds = gdal.OpenEx(target, gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options)
            except RuntimeError as e:
                ds, errs[:] = None, errs + [(3, str(e))]
        if ds is None or ds.GetLayerCount() == 0:
            detail = "; ".join(m for c, m in errs if c >= 3)[:300]
            raise ImportSourceError(tr("{file}: not a readable vector file{detail}").format(
                file=label, detail=f" ({detail})" if detail else ""))
        lyr = _choose_layer(ds, layer, kind, label, warnings)
        src = Source(p, label, ds, lyr, lyr.GetName(), ds.GetDriver().ShortName, [], {}, None, codec, dbf_path,
                     temp, warnings, config=config)
        temp = config = None
        defn = lyr.GetLayerDefn()
        for i in range(defn.GetFieldCount()):
            fd = defn.GetFieldDefn(i)
            name = fd.GetName()
            if _bad_name(name):
                raise ImportSourceError(tr("{file}: the field name {name} is not valid text: the encoding is wrong "
                                           "(set ENCODING)").format(file=label, name=ascii(name)))
            src.fields.append(name)
            src.types[name] = (fd.GetType(), fd.GetSubType())
        _check_geometry(src, kind_geometry, kind)
        _settle_crs(src, source_crs, prj_text)
        return src
    except BaseException:
        if src is not None:
            src.close()
        if temp:
            gdal.Unlink(temp)
        if config:
            gdal.SetThreadLocalConfigOption(*config)
        raise


def _choose_layer(ds, layer, kind, label, warnings):
    names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
    if layer not in (None, ""):
        text = str(layer)
        if text in names:
            return ds.GetLayerByName(text)
        low = [n for n in names if n.lower() == text.lower()]
        if len(low) == 1:
            return ds.GetLayerByName(low[0])
        if text.isdigit() and int(text) < len(names):
            return ds.GetLayer(int(text))
        raise ImportSourceError(tr("{file}: no layer {layer} (layers: {names})").format(
            file=label, layer=text, names=", ".join(names)))
    if len(names) == 1:
        return ds.GetLayer(0)
    if kind in names:
        warnings.append(tr("{file}: layer {layer} read (named like the facility kind; the file has {n} "
                           "layers).").format(file=label, layer=kind, n=len(names)))
        return ds.GetLayerByName(kind)
    raise ImportSourceError(tr("{file}: the file has {n} layers ({names}): choose one with LAYER").format(
        file=label, n=len(names), names=", ".join(names)))


def _check_geometry(src: Source, target: str, kind: str) -> None:
    from osgeo import ogr

    lyr = src.layer
    if lyr.GetLayerDefn().GetGeomFieldCount() == 0 or lyr.GetGeomType() == ogr.wkbNone:
        raise ImportSourceError(tr("{file}: layer {layer} has no geometry (a table without coordinates cannot "
                                   "be imported as {kind})").format(file=src.label, layer=src.layer_name, kind=kind))
    code = {"Point": 1, "LineString": 2, "Polygon": 3}[target]
    flat = ogr.GT_Flatten(lyr.GetGeomType())
    if flat not in (0, code, code + 3, 7):
        raise ImportSourceError(tr("{file}: layer {layer} holds {found} geometries; {kind} needs {target}s").format(
            file=src.label, layer=src.layer_name, found=ogr.GeometryTypeToName(flat), kind=kind, target=target))
    with gdal_errors():
        src.count = lyr.GetFeatureCount()
    if src.count == 0:
        raise ImportSourceError(tr("{file}: layer {layer} has no features").format(file=src.label,
                                                                                   layer=src.layer_name))


def _settle_crs(src: Source, source_crs, prj_text) -> None:
    from osgeo import osr

    s = src.layer.GetSpatialRef()
    if s is not None:
        s = s.Clone()
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    elif prj_text:
        try:
            s = srs_from(prj_text)
        except ValueError:
            src.warnings.append(tr("{file}: the .prj file is not readable and was ignored.").format(file=src.label))
    given = None
    if source_crs not in (None, ""):
        try:
            given = srs_from(source_crs)
        except ValueError:
            raise ImportSourceError(tr("{file}: SOURCE_CRS {crs} is not a coordinate reference system").format(
                file=src.label, crs=source_crs)) from None
    if s is None and given is None:
        raise ImportSourceError(tr("{file}: the file has no coordinate reference system (no .prj?); give "
                                   "SOURCE_CRS, e.g. EPSG:4546 — coordinates are never guessed").format(
            file=src.label))
    if s is not None and given is not None and not s.IsSame(given):
        src.warnings.append(tr("SOURCE_CRS {given} ignored: {file} declares {crs}.").format(
            given=crs_label(given), file=src.label, crs=crs_label(s)))
    src.srs = s if s is not None else given


# --------------------------------------------------------------------------- reading
def _arrow_ok(types: tuple) -> bool:
    """Field types read from GDAL's Arrow stream; others (booleans, lists) are read feature by feature:
    GDAL 3.6's numpy conversion gets booleans with nulls wrong in GeoPackage and FlatGeobuf."""
    from osgeo import ogr

    kind, sub = types
    return kind in (ogr.OFTString, ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal, ogr.OFTDate, ogr.OFTDateTime) \
        and sub != ogr.OFSTBoolean


def _as_list(a) -> list:
    """A numpy (masked) column as a Python list, nulls None (geometries: WKB bytes)."""
    import numpy as np

    mask = np.ma.getmaskarray(a) if np.ma.isMaskedArray(a) else None
    data = a.data if mask is not None else a
    out = data.tolist()
    if mask is not None and mask.any():
        for i in np.flatnonzero(mask).tolist():
            out[i] = None
    return out


def _feature_value(f, i: int, types: tuple):
    from osgeo import ogr

    if not f.IsFieldSetAndNotNull(i):
        return None
    kind, sub = types
    if kind == ogr.OFTString:
        return bytes(f.GetFieldAsBinary(i)).decode("utf-8", "replace")
    if kind in (ogr.OFTInteger, ogr.OFTInteger64):
        v = f.GetFieldAsInteger64(i)
        return bool(v) if sub == ogr.OFSTBoolean else v
    if kind == ogr.OFTReal:
        return f.GetFieldAsDouble(i)
    if kind in (ogr.OFTDate, ogr.OFTDateTime):
        import datetime as dt

        y, m, d, hh, mm, ss, _tz = f.GetFieldAsDateTime(i)
        try:
            if kind == ogr.OFTDate:
                return dt.date(y, m, d)
            return dt.datetime(y, m, d, hh, mm, int(ss), int(round((ss % 1) * 1e6)) % 1000000)
        except ValueError:
            return f.GetFieldAsString(i)
    return f.GetField(i)


def batches(src: Source, wanted: list, size: int = 50000, use_arrow: bool = True, progress=None):
    """Yield (fids, {field: values}, geometries as WKB or None) a batch of ``size`` features at a time."""
    from osgeo import ogr

    lyr = src.layer
    arrow_fields = [f for f in wanted if _arrow_ok(src.types[f])] if use_arrow else []
    slow = [f for f in wanted if f not in arrow_fields]
    extra: dict = {}
    if use_arrow and slow:  # the few fields Arrow cannot give: one feature pass beforehand
        lyr.SetIgnoredFields([f for f in src.fields if f not in slow] + ["OGR_GEOMETRY"])
        lyr.ResetReading()
        idx = [(f, lyr.GetLayerDefn().GetFieldIndex(f)) for f in slow]
        extra = {f: [] for f in slow}
        for feat in lyr:
            for f, i in idx:
                extra[f].append(_feature_value(feat, i, src.types[f]))
    lyr.SetIgnoredFields([f for f in src.fields if f not in (arrow_fields if use_arrow else wanted)])
    lyr.ResetReading()
    total = max(src.count, 1)
    if use_arrow:
        try:
            stream = lyr.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES", f"MAX_FEATURES_IN_BATCH={size}"])
        except (RuntimeError, AttributeError, NotImplementedError, TypeError):
            stream = None
        if stream is not None:
            fid_name = lyr.GetFIDColumn() or "OGC_FID"
            geom_name = lyr.GetGeometryColumn() or "wkb_geometry"
            done = 0
            for b in stream:  # the arrays live until the next batch: the consumer turns them into lists
                fids = b[fid_name].tolist() if fid_name in b else None
                n = len(fids) if fids is not None else len(next(iter(b.values())))
                geoms = _as_list(b[geom_name]) if geom_name in b else [None] * n
                cols = {f: b[f] for f in arrow_fields}
                for f in slow:
                    cols[f] = extra[f][done:done + n]
                done += n
                yield fids if fids is not None else list(range(done - n, done)), cols, geoms
                if progress is not None:
                    progress.set(done / total)
                    progress.check()
            return
        lyr.SetIgnoredFields([f for f in src.fields if f not in wanted])
        lyr.ResetReading()
    idx = [(f, lyr.GetLayerDefn().GetFieldIndex(f)) for f in wanted]
    fids, cols, geoms = [], {f: [] for f in wanted}, []
    done = 0
    for feat in lyr:
        fids.append(feat.GetFID())
        g = feat.GetGeometryRef()
        geoms.append(bytes(g.ExportToIsoWkb(ogr.wkbNDR)) if g is not None else None)
        for f, i in idx:
            cols[f].append(_feature_value(feat, i, src.types[f]))
        if len(fids) == size:
            done += size
            yield fids, cols, geoms
            fids, cols, geoms = [], {f: [] for f in wanted}, []
            if progress is not None:
                progress.set(done / total)
                progress.check()
    if fids:
        yield fids, cols, geoms

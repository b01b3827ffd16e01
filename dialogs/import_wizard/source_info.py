"""What the import wizard knows about a source file before anything is written (no widgets here).

- :func:`detect_type`: OpenStreetMap (``.osm``/``.pbf``), SWMM (``.inp``), a CCTV defect sheet (a CSV
  or XLSX whose header row :func:`core.cctv_sheet.find_header` recognises) or a facilities file (any
  other vector file GDAL reads).
- :func:`list_layers`: the layers (sheets) of a file with their geometry type and feature count.
- :func:`guess_kind`: the facility kind a layer most likely holds (its name, its geometry, the fields
  :func:`core.field_mapping.guess_field_map` recognises).
- :func:`inspect_source`: the chosen layer opened exactly as the import opens it
  (:func:`layers.import_source.open_source`): its fields, its encoding and where it came from, its CRS
  or the lack of one.

The preview of mapped rows lives in :mod:`.preview`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ...core import schema as S
from ...core.field_mapping import guess_field_map, norm_name
from ...i18n import tr

FACILITIES, OSM, SWMM, CCTV = "facilities", "osm", "swmm", "cctv"
SOURCE_TYPES = (FACILITIES, OSM, SWMM, CCTV)
SHEET_SUFFIXES = (".csv", ".txt", ".xlsx")
#: The store's CRS stands in while a file without one is inspected (its coordinates are not read).
_STAND_IN_CRS = f"EPSG:{S.DEFAULT_EPSG}"


def type_label(kind: str) -> str:
    return {FACILITIES: tr("Facilities (survey file: Shapefile, GeoPackage, GeoJSON, CSV, DXF…)"),
            OSM: tr("OpenStreetMap roads, bridges, tunnels and drains"),
            SWMM: tr("SWMM drainage model (.inp)"),
            CCTV: tr("CCTV defect sheet (CJJ 181)")}[kind]


def file_filter() -> str:
    return ";;".join((
        tr("All supported files (*.shp *.gpkg *.geojson *.json *.fgb *.csv *.txt *.tsv *.xlsx *.dxf *.kml "
           "*.gml *.osm *.pbf *.inp *.zip)"),
        tr("Shapefiles (*.shp)"), tr("GeoPackage (*.gpkg)"), tr("GeoJSON (*.geojson *.json)"),
        tr("CSV and Excel tables (*.csv *.txt *.tsv *.xlsx)"), tr("OpenStreetMap (*.osm *.pbf)"),
        tr("SWMM models (*.inp)"), tr("All files (*)")))


# --------------------------------------------------------------------------- layers
@dataclass
class LayerInfo:
    name: str
    geometry: Optional[str]  # Point, LineString, Polygon; "" for other or mixed types; None: no geometry
    count: int


_GEOMETRIES = {1: "Point", 2: "LineString", 3: "Polygon", 4: "Point", 5: "LineString", 6: "Polygon"}


def list_layers(path) -> list:
    """The layers of a vector file as GDAL opens it (an XLSX: its sheets); [] when GDAL cannot read it."""
    from osgeo import gdal, ogr

    from ...layers.import_source import gdal_errors

    with gdal_errors():
        try:
            ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
        except RuntimeError:
            ds = None
        if ds is None:
            return []
        out = []
        for i in range(ds.GetLayerCount()):
            lyr = ds.GetLayer(i)
            if lyr.GetLayerDefn().GetGeomFieldCount() == 0 or lyr.GetGeomType() == ogr.wkbNone:
                geometry = None
            else:
                geometry = _GEOMETRIES.get(ogr.GT_Flatten(lyr.GetGeomType()), "")
            out.append(LayerInfo(lyr.GetName(), geometry, int(lyr.GetFeatureCount())))
    return out


# --------------------------------------------------------------------------- the type of a file
def cctv_header(path, sheet=None, encoding: Optional[str] = None) -> dict:
    """What the CCTV import recognises in a CSV/XLSX sheet (the same header recognition):
    ``{"sheet", "encoding", "columns": {role: [header, ...]}, "row", "error"}``; ``error`` is "" when the
    sheet has a CCTV header row, else the import's reason."""
    from ...core import cctv_sheet as C
    from ...i18n import problem_text
    from ...layers.cctv_import import read_sheet
    from ...layers.importer import ImportSourceError

    out = {"sheet": None, "encoding": None, "columns": {}, "row": None, "error": ""}
    try:
        rows, out["encoding"], out["sheet"] = read_sheet(path, sheet, encoding)
        pos, roles, _ignored = C.find_header(rows[:C.HEADER_SEARCH_ROWS])
    except C.SheetError as e:
        out["error"] = tr("{file}: {problem}").format(file=Path(path).name, problem=problem_text(e.problem))
        return out
    except (ImportSourceError, OSError, ValueError, RuntimeError) as e:
        out["error"] = str(e) or type(e).__name__
        return out
    cells = rows[pos][1]
    out["columns"] = {role: [str(cells[i]) for i in idx] for role, idx in roles.items()}
    out["row"] = rows[pos][0]
    return out


def xlsx_sheet_names(path) -> list:
    from ...layers.cctv_import import xlsx_sheets
    from ...layers.importer import ImportSourceError

    try:
        return xlsx_sheets(path)
    except (ImportSourceError, RuntimeError):
        return []


def detect_type(path) -> tuple:
    """``(type, sheet)``: the kind of import a file is for and, for a CCTV workbook, the sheet whose
    header was recognised (None otherwise)."""
    p = Path(path)
    name = p.name.lower()
    if name.endswith((".osm", ".pbf")):
        return OSM, None
    if name.endswith(".inp"):
        return SWMM, None
    if p.suffix.lower() in SHEET_SUFFIXES and p.is_file():
        sheets = xlsx_sheet_names(p) if p.suffix.lower() == ".xlsx" else [None]
        for sheet in sheets:
            found = cctv_header(p, sheet)
            if not found["error"]:
                return CCTV, found["sheet"]
    return FACILITIES, None


# --------------------------------------------------------------------------- the facility kind
#: Words in a file or layer name that say which facility kind it holds (checked in this order:
#: the more specific first, 雨水口 before 雨水管).
KIND_WORDS = (
    ("rain_inlet", ("raininlet", "inlet", "雨水口", "雨篦", "雨水篦", "收水口")),
    ("outfall", ("outfall", "排放口", "排口", "出水口", "排出口")),
    ("waterlogging_point", ("waterlogging", "积水", "内涝", "易涝")),
    ("storage_facility", ("storage", "调蓄", "蓄水池", "调节池")),
    ("manhole", ("manhole", "检查井", "窨井", "井盖", "雨水井", "污水井", "井")),
    ("bridge", ("bridge", "桥")),
    ("tunnel", ("tunnel", "隧道", "下穿")),
    ("drain_pipe", ("drainpipe", "pipe", "sewer", "管线", "管道", "管段", "管网", "雨水管", "污水管", "排水")),
    ("road", ("road", "street", "道路", "街", "路")),
)
#: The usual kind of a geometry type when nothing else tells.
DEFAULT_KIND = {"Point": "manhole", "LineString": "drain_pipe", "Polygon": "storage_facility"}
_COMMON = ("code", "name", "district", "maintenance_unit", "built_year", "notes")


def compatible_kinds(geometry: Optional[str]) -> list:
    """The facility kinds a layer of ``geometry`` can fill (all when unknown)."""
    if not geometry:
        return list(S.FACILITY_KINDS)
    return [t.name for t in S.FACILITY_TABLES if t.geometry == geometry]


def guess_kind(names, geometry: Optional[str], fields=()) -> Optional[str]:
    """The facility kind a layer most likely holds: ``names`` (file stem, layer name) naming a kind
    weigh most, then how many kind-specific fields :func:`guess_field_map` recognises; only kinds of
    the layer's ``geometry`` count. None when nothing fits."""
    kinds = compatible_kinds(geometry)
    if not kinds:
        return None
    text = " ".join(norm_name(n) for n in names if n)
    scores = {k: 0.0 for k in kinds}
    for rank, (kind, words) in enumerate(KIND_WORDS):
        if kind in scores and any(w in text for w in words):
            scores[kind] += 100 - rank  # the more specific word list wins a tie
            break
    fields = list(fields)
    if fields:
        for k in kinds:
            guessed = guess_field_map(k, fields)
            scores[k] += sum(1 for f in guessed if f not in _COMMON)
    best = max(kinds, key=lambda k: (scores[k], k == DEFAULT_KIND.get(geometry or "")))
    if scores[best] == 0 and geometry in DEFAULT_KIND:
        return DEFAULT_KIND[geometry]
    return best


# --------------------------------------------------------------------------- one layer opened
@dataclass
class SourceInfo:
    """One layer of a file as the facilities import opens it."""
    path: str
    layer: str = ""
    driver: str = ""
    fields: list = field(default_factory=list)
    count: int = 0
    encoding: Optional[str] = None        # GDAL name of the text's encoding (UTF-8, GB18030 …)
    encoding_origin: str = ""             # "cpg", "detected", "bom", "format", "given" or ""
    #: The ENCODING to give the import: the user's, or a .cpg's (see :func:`cpg_encoding`); None: its own.
    import_encoding: Optional[str] = None
    crs: str = ""                         # EPSG:4546 or the CRS's name; "" when the file has none
    crs_wkt: str = ""
    warnings: list = field(default_factory=list)
    error: str = ""                       # why the file cannot be imported as it is ("" when it can)
    csv_header: list = field(default_factory=list)  # a CSV's columns (coordinates included)

    @property
    def crs_missing(self) -> bool:
        return not self.error and not self.crs

    @property
    def is_csv(self) -> bool:
        return bool(self.csv_header)


def _sibling(path: Path, suffix: str) -> bool:
    return any(q.suffix.lower() == suffix and q.stem == path.stem for q in path.parent.glob(path.stem + ".*"))


def cpg_encoding(path: Path) -> Optional[str]:
    """The encoding a shapefile's ``.cpg`` declares, as the GDAL name; None without (a known) one.

    Passed to the import as ENCODING: inside QGIS the OGR provider sets GDAL's ``SHAPE_ENCODING`` to ""
    (no recoding), so without an explicit ENCODING a ``.cpg`` saying GBK would be ignored and the
    field names refused as undecodable."""
    from ...layers import import_dbf as dbf

    for q in path.parent.glob(path.stem + ".*"):
        if q.suffix.lower() == ".cpg" and q.stem == path.stem:
            codec = dbf.codec(q.read_text(encoding="ascii", errors="replace").strip())
            return dbf.gdal_name(codec) if codec else None
    return None


def read_csv_header(path) -> list:
    """The column names of a CSV table (its first line, in its detected encoding)."""
    import csv
    import io

    from ...core.field_mapping import guess_encoding

    raw = Path(path).read_bytes()[:65536]
    if raw.startswith(b"\xef\xbb\xbf"):
        codec, raw = "utf-8", raw[3:]
    else:
        codec = guess_encoding(raw.splitlines()).lower()
    first = raw.decode(codec, "replace").split("\n", 1)[0]
    delim = max((",", ";", "\t", "|"), key=first.count)
    return [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=delim), [])]


def inspect_source(path, geometry: Optional[str], layer: Optional[str] = None, encoding: Optional[str] = None,
                   geometry_columns: Optional[dict] = None) -> SourceInfo:
    """Open ``layer`` of ``path`` as the facilities import does and say what it found. A file without
    a CRS is inspected with a stand-in (the store's default) and reported with ``crs`` empty; a file
    that cannot be imported at all has ``error`` set to the import's own message."""
    from ...layers import import_dbf as dbf
    from ...layers.import_geometry import crs_label
    from ...layers.import_source import CSV_SUFFIXES, open_source
    from ...layers.importer import ImportSourceError

    p = Path(path)
    info = SourceInfo(str(p), layer or "")
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES and p.is_file():
        try:
            info.csv_header = read_csv_header(p)
        except OSError as e:
            info.error = str(e)
            return info
    if not encoding and suffix == ".shp":
        encoding = cpg_encoding(p)
        info.import_encoding = encoding
        given = False
    else:
        info.import_encoding = encoding or None
        given = bool(encoding)
    kind_geometry = geometry or "Point"
    src = None
    crs_missing = False
    try:
        try:
            src = open_source(p, kind_geometry, encoding, None, layer, "", geometry_columns or {})
        except ImportSourceError as first:
            try:  # does it open with a CRS? Then the CRS was what it lacked.
                src = open_source(p, kind_geometry, encoding, _STAND_IN_CRS, layer, "", geometry_columns or {})
            except ImportSourceError:
                raise first from None
            crs_missing = True
    except ImportSourceError as e:
        info.error = str(e)
        return info
    except Exception as e:  # noqa: BLE001 - shown to the user; the import would fail the same way
        info.error = tr("{file}: cannot be read ({error})").format(file=p.name, error=str(e) or type(e).__name__)
        return info
    try:
        # a CSV is read from an in-memory copy whose layer name changes every time: no layer to name
        info.layer = "" if info.is_csv else src.layer_name
        info.driver, info.fields = src.driver, list(src.fields)
        info.count = max(0, int(src.count))
        info.warnings = list(src.warnings)
        if src.encoding:
            info.encoding = dbf.gdal_name(src.encoding)
        if given:
            info.encoding_origin = "given"
        elif suffix == ".shp":
            info.encoding_origin = "cpg" if _sibling(p, ".cpg") else "detected"
        elif suffix in CSV_SUFFIXES:
            info.encoding_origin = "bom" if p.read_bytes()[:3] == b"\xef\xbb\xbf" else "detected"
        elif src.encoding:
            info.encoding_origin = "format"
        if not crs_missing and src.srs is not None:
            info.crs = crs_label(src.srs)
            info.crs_wkt = src.srs.ExportToWkt()
    finally:
        src.close()
    return info


def qgis_crs(info: SourceInfo):
    """The file's CRS as a QgsCoordinateReferenceSystem (invalid when it has none)."""
    from qgis.core import QgsCoordinateReferenceSystem

    if not info.crs:
        return QgsCoordinateReferenceSystem()
    if re.fullmatch(r"EPSG:\d+", info.crs):
        crs = QgsCoordinateReferenceSystem(info.crs)
        if crs.isValid():
            return crs
    return QgsCoordinateReferenceSystem.fromWkt(info.crs_wkt)


def crs_parameter(crs) -> str:
    """A QgsCoordinateReferenceSystem as the importers take it: ``EPSG:n`` or WKT; "" when invalid."""
    from qgis.core import QgsCoordinateReferenceSystem

    if crs is None or not crs.isValid():
        return ""
    if crs.authid().upper().startswith("EPSG:"):
        return crs.authid()
    return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL)

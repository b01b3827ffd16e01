"""Test helpers of the import engine: store snapshots and the bad-input corpus (issue 7).

``snapshot(path)`` reads every table of a store (GeoPackage registration tables, R-trees, metadata and
data) so that a test can assert that a refused import left the store row-identical.

``build_corpus(folder)`` writes the bad-input corpus: each :class:`Case` is a file (or a set of files)
made with OGR or raw bytes, the kind it is imported as, options, and what must happen — a refusal of
the whole file (``error``: words of the message) or rejections of some rows (``rejected``: source row ->
words of the reason) while the other rows (``good``) go in when not strict.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from osgeo import ogr, osr

X0, Y0 = 527783.0, 3397750.0  # EPSG:4546, Yichang
LON0, LAT0 = 111.29, 30.70


def snapshot(path) -> dict:
    """{table: sorted rows} of every table in the SQLite file, sqlite_master included."""
    conn = sqlite3.connect(str(path))
    try:
        out = {"sqlite_master": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"),
                                       key=repr)}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            try:
                out[name] = sorted(conn.execute(f'SELECT * FROM "{name}"'), key=repr)
            except sqlite3.OperationalError:  # virtual tables need modules (the R-tree is there in sqlite3)
                out[name] = None
        return out
    finally:
        conn.close()


def srs(epsg: int = 4546) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


FIELD_TYPES = {str: ogr.OFTString, int: ogr.OFTInteger, float: ogr.OFTReal}


def write_layer(path, rows, geometry_type=ogr.wkbLineString, epsg: Optional[int] = 4546, driver=None,
                fields=None, options=(), layer="data", dataset_options=()):
    """Write ``rows`` ({field: value, "wkt": WKT or None}) with OGR; fields typed from ``fields``
    ({name: python type}) or the first row's values. Returns the path."""
    path = str(path)
    drv = ogr.GetDriverByName(driver or {".shp": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON",
                                         ".csv": "CSV", ".dxf": "DXF"}[Path(path).suffix.lower()])
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path, options=list(dataset_options))
    lyr = ds.CreateLayer(layer, srs(epsg) if epsg else None, geometry_type, options=list(options))
    fields = fields or {k: type(v) for k, v in rows[0].items() if k != "wkt" and v is not None}
    for name, kind in fields.items():
        lyr.CreateField(ogr.FieldDefn(name, FIELD_TYPES.get(kind, kind)))
    defn = lyr.GetLayerDefn()
    for r in rows:
        f = ogr.Feature(defn)
        for k, v in r.items():
            if k == "wkt":
                if v is not None:
                    f.SetGeometry(ogr.CreateGeometryFromWkt(v))
            elif v is not None:
                f.SetField(k, v)
        lyr.CreateFeature(f)
    ds = None
    return path


def line(i: int, dx: float = 40.0) -> str:
    x, y = X0 + 50.0 * i, Y0 + 10.0 * (i % 5)
    return f"LINESTRING ({x} {y}, {x + dx} {y + 5})"


def pipe(i: int, **kw) -> dict:
    row = {"编号": f"YS-{i:03d}", "管径": 400 + 100 * (i % 4), "材质": "钢筋混凝土", "类别": "雨水",
           "名称": "中山路", "wkt": line(i)}
    row.update(kw)
    return row


@dataclass
class Case:
    name: str
    path: str
    kind: str = "drain_pipe"
    options: dict = field(default_factory=dict)
    error: Optional[tuple] = None      # the whole file refused: words of the message
    rejected: dict = field(default_factory=dict)  # source row -> words of the reason
    good: int = 0                      # rows written when not strict (and when strict, if none is rejected)


def _shp(folder, name, rows, **kw) -> str:
    return write_layer(Path(folder) / f"{name}.shp", rows, options=kw.pop("options", ["ENCODING=UTF-8"]), **kw)


def _poly(x, y, d=10.0) -> str:
    return f"POLYGON (({x} {y}, {x + d} {y}, {x + d} {y + d}, {x} {y + d}, {x} {y}))"


def build_corpus(folder) -> list:
    """Write every bad-input file into ``folder``; return the :class:`Case` list (at least 25)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases = []

    def add(name, path, **kw):
        cases.append(Case(name, str(path), **kw))

    good3 = [pipe(1), pipe(2), pipe(3)]
    # ---- whole files refused
    p = _shp(folder, "truncated", [pipe(i) for i in range(1, 40)])
    data = Path(p).read_bytes()
    Path(p).write_bytes(data[:len(data) // 2 + 7])
    add("truncated shapefile", p, error=("truncated",))
    p = _shp(folder, "no_shx", good3)
    os.remove(p[:-4] + ".shx")
    add("missing .shx", p, error=(".shx",))
    p = _shp(folder, "no_dbf", good3)
    os.remove(p[:-4] + ".dbf")
    add("missing .dbf", p, error=(".dbf",))
    p = _shp(folder, "no_prj", good3, epsg=None)
    add("missing .prj", p, error=("no coordinate reference system", "SOURCE_CRS"))
    p = write_layer(folder / "wrong_type.geojson", [dict(pipe(1), wkt=f"POINT ({X0} {Y0})"),
                                                   dict(pipe(2), wkt=f"POINT ({X0 + 5} {Y0})")],
                    geometry_type=ogr.wkbPoint)
    add("wrong geometry type (all points for pipes)", p, error=("Point", "LineString"))
    p = folder / "empty.shp"
    p.write_bytes(b"")
    add("empty file (0 bytes)", p, error=("empty",))
    p = write_layer(folder / "no_features.gpkg", [pipe(1)])
    ds = ogr.Open(str(p), 1)
    ds.ExecuteSQL("DELETE FROM data")
    ds = None
    add("layer without features", p, error=("no features",))
    p = folder / "random.shp"
    p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(5000)))
    Path(str(p)[:-4] + ".shx").write_bytes(os.urandom(300))
    Path(str(p)[:-4] + ".dbf").write_bytes(os.urandom(300))
    add("random binary named .shp", p, error=("not a readable",))
    p = folder / "random.bin"
    p.write_bytes(os.urandom(4096))
    add("random binary file", p, error=("not a readable vector file",))
    p = folder / "table.csv"
    p.write_text("编号,管径,材质\nYS-001,400,砼\nYS-002,500,PVC\n", encoding="utf-8")
    add("non-spatial CSV (no coordinates)", p, error=("no geometry",))
    p = write_layer(folder / "attributes.gpkg", [{"编号": "YS-1", "wkt": None}], geometry_type=ogr.wkbNone,
                    epsg=None)
    add("non-spatial GeoPackage table", p, error=("no geometry",))
    p = folder / "missing.shp"
    add("file that does not exist", p, error=("does not exist",))
    p = folder / "broken.geojson"
    p.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": '
                 '"LineString", "coordinates": [[1, 2], [3', encoding="utf-8")
    add("truncated GeoJSON", p, error=("not a readable",))
    p = write_layer(folder / "two_layers.gpkg", [pipe(1)], layer="pipes")
    ds = ogr.Open(str(p), 1)
    lyr = ds.CreateLayer("manholes", srs(), ogr.wkbPoint)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({X0} {Y0})"))
    lyr.CreateFeature(f)
    ds = None
    add("two layers, none chosen", p, error=("2 layers", "pipes", "manholes"))
    p = write_layer(folder / "bad_map.geojson", good3)
    add("field map naming a field the file lacks", p, options={"field_map": {"diameter_mm": "DN"}},
        error=("DN", "not a field"))
    p = write_layer(folder / "wkt_garbage.csv", [{"编号": "YS-1", "wkt": None}], geometry_type=ogr.wkbNone,
                    epsg=None, fields={"编号": str})
    Path(p).write_text("WKT,编号,管径,类别\n\"LINESTRING (1 2, 3\",YS-1,400,雨水\n\"LINE (1 2, 3 4)\",YS-2,400,雨水\n",
                       encoding="utf-8")
    add("CSV with an unreadable WKT column", p, options={"source_crs": "EPSG:4546"},
        error=("no feature has a geometry",))

    # ---- some rows rejected
    rows = [pipe(1), pipe(2), pipe(3, wkt=f"POLYGON (({X0} {Y0}, {X0 + 10} {Y0}, {X0} {Y0 + 10}, {X0} {Y0}))")]
    p = write_layer(folder / "mixed_types.geojson", rows, geometry_type=ogr.wkbUnknown)
    add("one polygon among pipes", p, rejected={3: ("Polygon", "LineString")}, good=2)
    rows = [pipe(1, 编号="YS-DUP"), pipe(2), pipe(3, 编号="YS-DUP"), pipe(4)]
    p = write_layer(folder / "dup_codes.gpkg", rows)
    add("duplicate codes", p, rejected={1: ("YS-DUP", "2 times", "1, 3"), 3: ("YS-DUP", "1, 3")}, good=2)
    rows = [pipe(1), pipe(2, 管径=10 ** 9), pipe(3, 管径=-300), pipe(4, 起点埋深=-2.5), pipe(5, 起点埋深=1.2)]
    p = write_layer(folder / "numbers.geojson", rows, fields={"编号": str, "管径": int, "材质": str, "类别": str,
                                                              "名称": str, "起点埋深": float})
    add("huge and negative numbers", p, rejected={2: ("diameter_mm", "maximum"), 3: ("diameter_mm", "minimum"),
                                                  4: ("up_invert_depth_m", "minimum")}, good=2)
    rows = [pipe(1, 名称="'; DROP TABLE drain_pipe; --"), pipe(2, 名称="Robert'); DELETE FROM road;--"),
            pipe(3, 名称="x" * 300)]
    p = write_layer(folder / "sql_names.geojson", rows)
    add("SQL-like strings in names (kept as text) and an overlong name", p,
        rejected={3: ("name", "longer than 200")}, good=2)
    rows = [dict(pipe(1), 换盖日期="2024-02-30"), dict(pipe(2), 换盖日期="2024-13-01"),
            dict(pipe(3), 换盖日期="2024-05-06"), dict(pipe(4), 换盖日期="昨天")]
    for r in rows:
        r["wkt"] = f"POINT ({X0 + len(r['编号'])} {Y0 + float(r['编号'][-1])})"
    p = write_layer(folder / "dates.geojson", rows, geometry_type=ogr.wkbPoint)
    add("invalid dates", p, kind="manhole", options={"field_map": {"cover_replaced_on": "换盖日期"}},
        rejected={1: ("cover_replaced_on", "not a real date"), 2: ("cover_replaced_on", "not a real date"),
                  4: ("cover_replaced_on", "date")}, good=1)
    bowtie = f"POLYGON (({X0} {Y0}, {X0 + 10} {Y0 + 10}, {X0 + 10} {Y0}, {X0} {Y0 + 10}, {X0} {Y0}))"
    rows = [{"编号": "TX-1", "调蓄容积": 500.0, "wkt": bowtie},
            {"编号": "TX-2", "调蓄容积": 800.0, "wkt": _poly(X0 + 100, Y0)}]
    p = write_layer(folder / "bowtie.gpkg", rows, geometry_type=ogr.wkbPolygon)
    add("self-intersecting polygon", p, kind="storage_facility", rejected={1: ("Self-intersection",)}, good=1)
    rows = [pipe(1), pipe(2, wkt=f"LINESTRING ({X0} {Y0}, {X0} {Y0})"), pipe(3, wkt=None)]
    p = write_layer(folder / "degenerate.gpkg", rows)
    add("a line of one repeated point and a feature without geometry", p,
        rejected={2: ("geom", "invalid"), 3: ("geom", "no geometry")}, good=1)
    rows = [pipe(1), pipe(2, wkt=f"MULTILINESTRING (({X0} {Y0}, {X0 + 5} {Y0}), ({X0 + 50} {Y0}, "
                                  f"{X0 + 60} {Y0 + 1}))"),
            pipe(3, wkt=f"MULTILINESTRING (({X0} {Y0 + 20}, {X0 + 5} {Y0 + 20}))")]
    p = write_layer(folder / "multi.geojson", rows, geometry_type=ogr.wkbMultiLineString)
    add("multi-part line (single-part multi accepted)", p, rejected={2: ("2 parts",)}, good=2)
    rows = [pipe(1), pipe(2, 类别="灰水"), pipe(3, 材质="陶土管"), pipe(4, 类别=None)]
    p = write_layer(folder / "values.gpkg", rows)
    add("values outside the value lists and a missing required value", p,
        rejected={2: ("usage", "灰水"), 3: ("material", "陶土管"), 4: ("usage", "required")}, good=1)
    # mixed CRS: a projected file whose last rows hold longitude/latitude
    rows = [pipe(1), pipe(2), pipe(3, wkt=f"LINESTRING ({LON0} {LAT0}, {LON0 + 0.001} {LAT0})"),
            pipe(4, wkt=f"LINESTRING ({LON0 + 0.01} {LAT0}, {LON0 + 0.011} {LAT0})")]
    p = write_layer(folder / "mixed_crs.geojson", rows)
    add("mixed CRS (degrees in a metric file)", p, rejected={3: ("outside",), 4: ("outside",)}, good=2)
    # GBK text in a DBF without .cpg, read as UTF-8 on purpose: field names refused, values named
    p = _shp(folder, "gbk_names_as_utf8", good3, options=["ENCODING=GBK"])
    os.remove(p[:-4] + ".cpg")
    add("GBK field names read with ENCODING=UTF-8", p, options={"encoding": "UTF-8"},
        error=("not valid UTF-8", "ENCODING"))
    rows = [{"code": f"YS-{i}", "usage": "storm", "dn": 400, "name": name, "wkt": line(i)}
            for i, name in ((1, "中山路"), (2, "plain"), (3, "解放路"))]
    p = _shp(folder, "gbk_values_as_utf8", rows, options=["ENCODING=GBK"])
    os.remove(p[:-4] + ".cpg")
    add("GBK values read with ENCODING=UTF-8", p, options={"encoding": "UTF-8", "field_map": {"diameter_mm": "dn"}},
        rejected={1: ("name", "not valid UTF-8"), 3: ("name", "not valid UTF-8")}, good=1)
    p = _shp(folder, "gbk_no_cpg", [pipe(1, 名称="解放路"), pipe(2, 名称="猫儿沟"), pipe(3)], options=["ENCODING=GBK"])
    os.remove(p[:-4] + ".cpg")
    add("GBK names without .cpg (detected, every row good)", p, good=3)
    rows = [pipe(1), pipe(2, 编号=None), pipe(3, 编号="   ")]
    p = write_layer(folder / "no_code.geojson", rows)
    add("rows without a code in a file with a code column", p,
        rejected={2: ("code", "required"), 3: ("code", "required")}, good=1)
    rows = [pipe(1), pipe(2, 管径="DN-大约"), pipe(3, 管径="300x400")]
    p = write_layer(folder / "text_numbers.geojson", rows, fields={"编号": str, "管径": str, "材质": str,
                                                                   "类别": str, "名称": str})
    add("numbers written as unreadable text", p, rejected={2: ("diameter_mm", "whole number"),
                                                          3: ("diameter_mm", "whole number")}, good=1)
    p = write_layer(folder / "nan_coords.geojson", good3)
    text = Path(p).read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["features"][1]["geometry"]["coordinates"][0][0] = 1e400  # inf in JSON text
    Path(p).write_text(json.dumps(doc).replace("Infinity", "1e400"), encoding="utf-8")
    add("a coordinate that is not a finite number", p, rejected={2: ("geom",)}, good=2)
    return cases


def copy_case_files(case: Case, dest) -> str:
    """Copy a case's file(s) (a shapefile's siblings too) into ``dest``; the new main path."""
    src = Path(case.path)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for sib in src.parent.glob(src.stem + ".*"):
        shutil.copy(sib, dest / sib.name)
    return str(dest / src.name)


def pack_point(x: float, y: float) -> bytes:
    return struct.pack("<BIdd", 1, 1, x, y)


"""Exporting store tables: every field and value of every table survives each format (read back with OGR)."""
import base64
import json
import math
import os
import sqlite3
import stat

import pytest
from export_support import LONG_TEXT, write_full_store
from osgeo import gdal, ogr, osr

from safe_municipal.core import schema as S
from safe_municipal.core.shapefile_names import short_names
from safe_municipal.layers.export_layer import (
    ExportCancelled,
    ExportError,
    export_format,
    export_plan,
    export_table,
    plan_where,
)
from safe_municipal.layers.gpkg import GpkgStore

ogr.UseExceptions()
FORMATS = ("gpkg", "shp", "geojson", "csv", "xlsx")


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    path = write_full_store(tmp_path_factory.mktemp("store") / "full.gpkg")
    store = GpkgStore.open(path, writable=False)
    yield store
    store.close()


# --------------------------------------------------------------------------- reading back
def _iso(feat, i, with_time):
    y, m, d, hh, mm, ss, tz = feat.GetFieldAsDateTime(i)
    if not with_time:
        return f"{y:04d}-{m:02d}-{d:02d}"
    assert tz in (100, 1, 0)  # UTC (GeoJSON, GPKG) or unknown
    ms = int(round(ss * 1000))
    return f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ms // 1000:02d}.{ms % 1000:03d}Z"


def read_back(path, fmt, layer=None):
    # GDAL 3.6's XLSX driver has no open options; without this a sheet of text only loses its header
    # (the driver reads the sheet lazily: the option stays set while reading)
    gdal.SetConfigOption("OGR_XLSX_HEADERS", "FORCE" if fmt == "xlsx" else None)
    try:
        return _read_back(path, layer)
    finally:
        gdal.SetConfigOption("OGR_XLSX_HEADERS", None)


def _read_back(path, layer):
    ds = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    out = []
    for feat in lyr:
        row = {}
        for i in range(defn.GetFieldCount()):
            fd = defn.GetFieldDefn(i)
            if not feat.IsFieldSetAndNotNull(i):
                row[fd.GetName()] = None
            elif fd.GetType() == ogr.OFTDate:
                row[fd.GetName()] = _iso(feat, i, False)
            elif fd.GetType() == ogr.OFTDateTime:
                row[fd.GetName()] = _iso(feat, i, True)
            elif fd.GetType() == ogr.OFTBinary:
                row[fd.GetName()] = bytes(feat.GetFieldAsBinary(i))
            else:
                row[fd.GetName()] = feat.GetField(i)
        g = feat.GetGeometryRef()
        row["__geom"] = g.Clone() if g is not None else None
        row["__fid"] = feat.GetFID()
        out.append(row)
    srs = lyr.GetSpatialRef()
    fields = [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetType(), defn.GetFieldDefn(i).GetSubType())
              for i in range(defn.GetFieldCount())]
    return out, (srs.Clone() if srs is not None else None), fields  # (no OGR object outlives its data source)


def expected(t, row, fmt):
    names = short_names(t) if fmt == "shp" else {f.name: f.name for f in t.fields}
    out = {}
    for f in t.fields:
        v = row[f.name]
        if v is not None and f.type == "boolean":
            v = int(v)
        if v is not None and f.type == "blob" and fmt != "gpkg":
            v = base64.b64encode(v).decode("ascii")
        if fmt == "shp" and isinstance(v, str) and len(v.encode("utf-8")) > 254:
            v = None if f.type in ("json", "blob") else v.encode("utf-8")[:254].decode("utf-8", errors="ignore")
        if fmt == "csv" and v is not None:
            v = repr(v) if isinstance(v, float) else str(v)
        out[names[f.name]] = v
    return out


def same_value(a, b, fmt):
    if isinstance(a, float) and isinstance(b, (int, float)) and fmt in ("geojson", "xlsx"):
        return math.isclose(a, b, rel_tol=1e-14)  # these drivers write 15 significant digits
    if isinstance(a, bool) or isinstance(b, bool):
        return a is not None and b is not None and int(a) == int(b)
    return a == b and type(a) is type(b) if not isinstance(a, (int, float)) else a == b


def rings(g):
    """[[(x, y), ...], ...]: a point's, a line's or a polygon's rings."""
    if g.GetGeometryCount():
        return [r for i in range(g.GetGeometryCount()) for r in rings(g.GetGeometryRef(i))]
    return [[(g.GetX(i), g.GetY(i)) for i in range(g.GetPointCount())]]


def same_geometry(got, want, tol=0.0):
    a, b = rings(got), rings(want)
    assert len(a) == len(b)
    for ra, rb in zip(a, b):
        if len(ra) != len(rb):
            return False
        if not (_close(ra, rb, tol) or _close(ra, rb[::-1], tol)):  # writers may reorient rings
            return False
    return True


def _close(ra, rb, tol):
    return all(abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol for p, q in zip(ra, rb))


def store_geometry(row, to_epsg, store):
    g = ogr.CreateGeometryFromWkb(bytes(row["geom"]))
    if to_epsg != store.epsg:
        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromEPSG(store.epsg)
        dst.ImportFromEPSG(to_epsg)
        for s in (src, dst):
            s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        g.Transform(osr.CoordinateTransformation(src, dst))
    return g


# --------------------------------------------------------------------------- every table, every format
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_field_and_value_survives(full, tmp_path, fmt):
    for t in S.TABLES:
        target = tmp_path / f"{t.name}.{fmt}"
        res = export_table(full, t.name, str(target))
        assert res["rows"] == 2 and res["format"] == fmt
        path = res["path"]
        if fmt == "shp" and not t.is_spatial:
            assert path.endswith(".dbf") and not target.exists()
        got, srs, fields = read_back(path, fmt)
        rows = list(full.rows(t.name, order_by=["fid"], columns=["fid", *t.field_names]
                              + (["geom"] if t.is_spatial else [])))
        assert len(got) == len(rows), t.name
        names = [f[0] for f in fields]
        want_names = list(expected(t, rows[0], fmt))
        if t.is_spatial and fmt in ("csv", "xlsx"):
            want_names.append("WKT")
        assert names == want_names, t.name
        for g, r in zip(got, rows):
            want = expected(t, r, fmt)
            for name, v in want.items():
                have = g[name]
                if fmt == "csv" and have == "":
                    have = None
                if fmt == "geojson" and have is not None and S.table(t.name).field(name).type == "json":
                    # GDAL's GeoJSON writer embeds JSON text as JSON: the same value, spaced differently
                    assert json.loads(have) == json.loads(v), (t.name, name)
                    continue
                assert same_value(have, v, fmt), (t.name, name, have, v)
            if fmt == "gpkg":
                assert g["__fid"] == r["fid"]
            if t.is_spatial:
                if fmt == "geojson":
                    assert same_geometry(g["__geom"], store_geometry(r, 4326, full), tol=1e-7), t.name
                else:
                    got_geom = g["__geom"]
                    if fmt == "xlsx":
                        got_geom = ogr.CreateGeometryFromWkt(g["WKT"])
                    assert same_geometry(got_geom, store_geometry(r, full.epsg, full)), t.name
        if t.is_spatial and fmt in ("gpkg", "shp"):
            assert srs.GetAuthorityCode(None) == str(full.epsg) or srs.IsSame(_srs(full.epsg))
        if t.is_spatial and fmt == "geojson":
            assert srs.GetAuthorityCode(None) == "4326"


def _srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    return s


def test_shapefile_is_utf8_with_short_names_and_says_what_was_cut(full, tmp_path):
    res = export_table(full, "manhole", str(tmp_path / "井盖.shp"))
    assert sorted(os.path.basename(f) for f in res["files"]) == sorted(
        f"井盖{s}" for s in (".shp", ".shx", ".dbf", ".prj", ".cpg"))
    assert (tmp_path / "井盖.cpg").read_text() == "UTF-8"
    got, _, fields = read_back(res["path"], "shp")
    assert "rec_action" in [f[0] for f in fields]
    assert got[0]["district"] == '宜昌 manhole.district #0, "引号", 逗号'
    assert LONG_TEXT.startswith(got[1]["notes"]) and len(got[1]["notes"].encode("utf-8")) <= 254
    assert any(w.startswith("notes: 1 values") for w in res["warnings"])
    res = export_table(full, "attachment", str(tmp_path / "att.shp"))
    assert any(w.startswith("content: 1 values") for w in res["warnings"])


def test_csv_has_bom_and_exact_wkt(full, tmp_path):
    res = export_table(full, "drain_pipe", str(tmp_path / "pipes.csv"))
    raw = open(res["path"], "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "宜昌 drain_pipe.notes #0" in raw.decode("utf-8-sig")
    assert "527783.123456789 3397750.987654321" in raw.decode("utf-8-sig")


def test_geojson_is_rfc7946(full, tmp_path):
    res = export_table(full, "storage_facility", str(tmp_path / "tx.geojson"))
    doc = json.loads(open(res["path"], encoding="utf-8").read())
    assert "crs" not in doc
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    assert area2 > 0  # exterior ring counter-clockwise
    assert all(len(repr(c).split(".")[1]) <= 7 for p in ring for c in p)
    assert 110 < ring[0][0] < 112 and 30 < ring[0][1] < 31
    # the store's CRS on request: full precision, a crs member
    res = export_table(full, "storage_facility", str(tmp_path / "tx4546.geojson"), epsg=full.epsg)
    got, srs, _ = read_back(res["path"], "geojson")
    assert srs.GetAuthorityCode(None) == str(full.epsg)
    r = next(full.rows("storage_facility", order_by=["fid"]))
    assert same_geometry(got[0]["__geom"], store_geometry(r, full.epsg, full))


def test_other_crs_for_a_shapefile(full, tmp_path):
    res = export_table(full, "road", str(tmp_path / "roads_wgs84.shp"), epsg=4326)
    got, srs, _ = read_back(res["path"], "shp")
    assert srs.IsGeographic()
    r = next(full.rows("road", order_by=["fid"]))
    assert same_geometry(got[0]["__geom"], store_geometry(r, 4326, full), tol=1e-9)


def test_gpkg_types_and_stored_values(full, tmp_path):
    res = export_table(full, "cover_case", str(tmp_path / "cases.gpkg"))
    _, _, fields = read_back(res["path"], "gpkg")
    kinds = {f[0]: f[1] for f in fields}
    assert kinds["reported_at"] == ogr.OFTDateTime and kinds["code"] == ogr.OFTString
    conn = sqlite3.connect(res["path"])
    assert conn.execute("SELECT reported_at FROM cover_case ORDER BY fid").fetchone()[0] == "2025-04-02T10:00:05.123Z"
    conn.close()
    res = export_table(full, "manhole", str(tmp_path / "mh.gpkg"))
    _, _, fields = read_back(res["path"], "gpkg")
    kinds = {f[0]: f[1:] for f in fields}
    assert kinds["anti_settlement"] == (ogr.OFTInteger, ogr.OFSTBoolean)
    assert kinds["last_inspected"][0] == ogr.OFTDate


def test_value_labels_for_printing(full, tmp_path):
    res = export_table(full, "drain_pipe", str(tmp_path / "labels.csv"), value_labels=True)
    got, _, _ = read_back(res["path"], "csv")
    codes = [r["usage"] for r in full.rows("drain_pipe", order_by=["fid"])]
    labels = {c.value: c.label for c in S.VALUE_LISTS["pipe_usage"]}
    assert [g["usage"] for g in got] == [labels[c] for c in codes]
    res = export_table(full, "drain_pipe", str(tmp_path / "labels.shp"), value_labels=True)
    got, _, _ = read_back(res["path"], "shp")
    assert [g["usage"] for g in got] == [labels[c] for c in codes]


def test_where_and_the_plan(tmp_path):
    from export_support import full_row

    path = write_full_store(tmp_path / "s.gpkg", tables=("road",))
    store = GpkgStore.open(path)
    t = S.table("maintenance")
    rows = []
    for i, (status, ref) in enumerate([("planned", "2025年度养护计划"), ("planned", "2025年度养护计划"),
                                       ("planned", "其他计划"), ("done", "2025年度养护计划")]):
        r = full_row(t, 10 + i)
        r.update(status=status, plan_ref=ref)
        rows.append(r)
    store.insert("maintenance", rows)
    res = export_plan(store, str(tmp_path / "plan.xlsx"), plan_ref="2025年度养护计划")
    assert res["rows"] == 2
    got, _, _ = read_back(res["path"], "xlsx")
    assert [g["uid"] for g in got] == [rows[0]["uid"], rows[1]["uid"]]
    assert export_plan(store, str(tmp_path / "all.csv"))["rows"] == 3
    assert plan_where("x") == ("status IN (?) AND plan_ref = ?", ("planned", "x"))
    res = export_table(store, "road", str(tmp_path / "one.geojson"), where="code = ?", params=("DL-0001 编号",))
    assert res["rows"] == 1
    with pytest.raises(ExportError, match="filter"):
        export_table(store, "road", str(tmp_path / "bad.csv"), where="no_such_column = 1")
    assert not (tmp_path / "bad.csv").exists()
    store.close()


def test_append_layers_to_a_geopackage(full, tmp_path):
    out = tmp_path / "bundle.gpkg"
    export_table(full, "road", str(out))
    export_table(full, "manhole", str(out), append=True)
    export_table(full, "road", str(out), append=True, where="fid = 1")
    ds = ogr.Open(str(out))
    assert sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())) == ["manhole", "road"]
    assert ds.GetLayerByName("road").GetFeatureCount() == 1 and ds.GetLayerByName("manhole").GetFeatureCount() == 2
    ds = None
    export_table(full, "road", str(out))  # without append: a new file
    ds = ogr.Open(str(out))
    assert ds.GetLayerCount() == 1
    ds = None


def test_errors_name_the_file_and_leave_nothing(full, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_table(full, "road", str(tmp_path / "missing" / "r.shp"))
    with pytest.raises(ExportError, match="unknown extension"):
        export_table(full, "road", str(tmp_path / "r.dwg"))
    with pytest.raises(ExportError, match="no table"):
        export_table(full, "roads", str(tmp_path / "r.csv"))
    with pytest.raises(ExportError, match="store itself"):
        export_table(full, "road", full.path)
    other = write_full_store(tmp_path / "other.gpkg", tables=())
    before = open(other, "rb").read()
    with pytest.raises(ExportError, match="Safe Municipal store"):
        export_table(full, "road", other)
    assert open(other, "rb").read() == before
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ExportError, match="read-only"):
            export_table(full, "road", str(ro / "r.gpkg"))
    finally:
        ro.chmod(stat.S_IRWXU)
    assert export_format("x", "shp")[1].name == "x.shp"
    with pytest.raises(ExportError, match="does not match"):
        export_format("x.csv", "xlsx")


class _Cancel:
    def __init__(self, after):
        self.calls, self.after = 0, after

    def setProgress(self, p):  # noqa: N802 - QgsFeedback API
        pass

    def isCanceled(self):  # noqa: N802 - QgsFeedback API
        self.calls += 1
        return self.calls > self.after


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_leaves_the_old_file(full, tmp_path, fmt):
    target = tmp_path / f"old.{fmt}"
    target.write_bytes(b"old content")
    with pytest.raises(ExportCancelled):
        export_table(full, "road", str(target), feedback=_Cancel(after=1))
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_new_shapefile_replaces_every_sidecar(full, tmp_path):
    export_table(full, "road", str(tmp_path / "x.shp"))
    (tmp_path / "x.qix").write_bytes(b"stale index")
    res = export_table(full, "maintenance_material", str(tmp_path / "x.shp"))  # no geometry: .dbf only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.cpg", "x.dbf"]
    got, _, _ = read_back(res["path"], "shp")
    assert len(got) == 2 and "material" in got[0]

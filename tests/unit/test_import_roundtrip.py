"""Files written with OGR import with every field kept (issue 7): GeoPackage, GeoJSON, CSV, Shapefile
(GBK without .cpg, UTF-8 with .cpg); CRS transformation, CSV coordinates, update by code, generated
codes, and the Arrow reader equal to the feature-by-feature one."""
import datetime as dt
import json
import math
import os
import sys
import uuid
from pathlib import Path

import pytest
from osgeo import ogr, osr

from safe_municipal.core import schema as S
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.importer import ImportSourceError, import_facilities, read_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_corpus as corpus  # noqa: E402

X0, Y0 = corpus.X0, corpus.Y0


def U(n):
    return str(uuid.UUID(int=n))


def pipe_rows():
    """Two pipes with every field of the schema filled (derived ones too)."""
    out = []
    for i in (1, 2):
        out.append({
            "uid": U(100 + i), "code": f"GD-RT-{i}", "name": f"中山路{i}号管段", "district": "西陵区",
            "road_class": "arterial", "maintenance_unit": "西陵区市政养护所", "built_year": 1998 + i,
            "grade": "Ⅱ", "grade_standard": "CJJ181-2012", "last_inspected": f"2025-03-0{i}",
            "next_due": "2030-03-01", "recommended_action": "局部修复", "recommended_category": "minor",
            "notes": "汛前清疏; 'quoted' \"text\", comma", "usage": "sewage", "diameter_mm": 600 + i,
            "material": "hdpe", "length_m": 35.25 + i, "up_manhole_uid": U(200 + i), "down_manhole_uid": U(300 + i),
            "up_invert_depth_m": 2.5, "down_invert_depth_m": 2.75, "area_class": "cbd", "soil_class": "weak",
            "road_uid": U(400 + i), "wkt": f"LINESTRING ({X0 + i} {Y0}, {X0 + i + 30.5} {Y0 + 12.25}, {X0 + 70} {Y0})",
        })
    return out


def manhole_rows():
    return [{"uid": U(500 + i), "code": f"JC-RT-{i}", "name": "井", "usage": "storm", "depth_m": 3.5,
             "cover_type": "ductile_iron", "load_class": "D400", "cover_zone": "carriageway",
             "anti_settlement": i == 1, "cover_replaced_on": f"2024-04-0{i}", "road_uid": U(600 + i),
             "built_year": 2001, "wkt": f"POINT ({X0 + i * 10} {Y0 + 5})"} for i in (1, 2)]


OGR_TYPES = {"integer": ogr.OFTInteger, "real": ogr.OFTReal, "date": ogr.OFTDate, "boolean": ogr.OFTInteger}


def write_table(path, kind, rows, fmt, **kw):
    """The rows with the schema's own field types (dates as dates, booleans as booleans)."""
    t = S.table(kind)
    fields = {}
    for f in t.fields:
        if any(f.name in r for r in rows):
            fields[f.name] = OGR_TYPES.get(f.type, ogr.OFTString)
    path = str(path)
    drv = ogr.GetDriverByName(fmt)
    ds = drv.CreateDataSource(path)
    opts = kw.get("options", [])
    lyr = ds.CreateLayer(kind, corpus.srs(kw.get("epsg", 4546)) if kw.get("epsg", 4546) else None,
                         {"Point": ogr.wkbPoint, "LineString": ogr.wkbLineString}[t.geometry], options=opts)
    for name, ftype in fields.items():
        fd = ogr.FieldDefn(name, ftype)
        if t.field(name).type == "boolean" and fmt != "ESRI Shapefile":
            fd.SetSubType(ogr.OFSTBoolean)
        if fmt == "ESRI Shapefile" and ftype == ogr.OFTString:
            fd.SetWidth(120)
        lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    for r in rows:
        f = ogr.Feature(defn)
        for k, v in r.items():
            if k == "wkt":
                f.SetGeometry(ogr.CreateGeometryFromWkt(v))
            elif v is not None:
                f.SetField(defn.GetFieldIndex(k) if fmt != "ESRI Shapefile" else list(fields).index(k),
                           int(v) if isinstance(v, bool) else v)
        lyr.CreateFeature(f)
    ds = None
    return path


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "store.gpkg"))
    yield s
    s.close()


def assert_kept(store, kind, rows, tol=1e-6):
    got = {r["code"]: r for r in store.rows(kind)}
    assert len(got) == len(rows)
    for src in rows:
        row = got[src["code"]]
        for k, v in src.items():
            if k == "wkt":
                g = ogr.CreateGeometryFromWkb(row["geom"])
                want = ogr.CreateGeometryFromWkt(v)
                assert g.GetGeometryType() == want.GetGeometryType()
                for a, b in zip(g.GetPoints(), want.GetPoints()):
                    assert math.dist(a[:2], b[:2]) < tol, (a, b)
            elif isinstance(v, bool):
                assert bool(row[k]) is v, k
            else:
                assert row[k] == v, (k, row[k], v)


@pytest.mark.parametrize("fmt, suffix", [("GPKG", ".gpkg"), ("GeoJSON", ".geojson"), ("FlatGeobuf", ".fgb"),
                                         ("OpenFileGDB", ".gdb")])
@pytest.mark.parametrize("kind, rows", [("drain_pipe", pipe_rows), ("manhole", manhole_rows)])
@pytest.mark.parametrize("use_arrow", [True, False])
def test_geopackage_geojson_flatgeobuf_filegdb_keep_every_field(store, tmp_path, fmt, suffix, kind, rows, use_arrow):
    rows = rows()
    path = write_table(tmp_path / f"out{suffix}", kind, rows, fmt)
    report = import_facilities(store, path, kind, use_arrow=use_arrow)
    assert report.inserted == {kind: 2} and not report.rejected
    assert set(report.field_map) == set(rows[0]) - {"wkt"}
    assert report.crs == "EPSG:4546" and report.encoding == "UTF-8"
    assert_kept(store, kind, rows)
    assert any("Derived fields" in w for w in report.warnings) == (kind == "drain_pipe")


def test_csv_with_wkt_keeps_every_field(store, tmp_path):
    rows = pipe_rows()
    path = write_table(tmp_path / "out.csv", "drain_pipe", rows, "CSV", options=["GEOMETRY=AS_WKT"], epsg=None)
    with pytest.raises(ImportSourceError, match="no coordinate reference system"):
        import_facilities(store, path, "drain_pipe")
    report = import_facilities(store, path, "drain_pipe", source_crs="EPSG:4546")
    assert report.inserted == {"drain_pipe": 2} and not report.rejected, report.rejected
    assert_kept(store, "drain_pipe", rows)


def test_shapefile_utf8_with_cpg_and_a_field_map_for_cut_names(store, tmp_path):
    rows = pipe_rows()
    path = write_table(tmp_path / "out.shp", "drain_pipe", rows, "ESRI Shapefile", options=["ENCODING=UTF-8"])
    assert (tmp_path / "out.cpg").read_text().strip().upper() in ("UTF-8", "65001")
    ds = ogr.Open(path)  # kept: a layer dies with its dataset
    defn = ds.GetLayer(0).GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    ds = None
    assert "recommende" in names and "recommen_1" in names  # DBF names: 10 characters at most
    report = import_facilities(store, path, "drain_pipe", field_map={"recommended_category": "recommen_1",
                                                                     "down_invert_depth_m": "down_inver"})
    assert report.inserted == {"drain_pipe": 2} and not report.rejected
    # the guess found the other cut names itself (up_invert_ → up_invert_depth_m …)
    assert report.field_map["up_invert_depth_m"] == "up_invert_" and report.field_map["maintenance_unit"] == "maintenanc"
    assert_kept(store, "drain_pipe", rows)


def test_shapefile_gbk_without_cpg(store, tmp_path):
    rows = [corpus.pipe(i, 名称=name, 材质=mat) for i, name, mat in
            ((1, "中山路", "钢筋混凝土"), (2, "解放路", "球墨铸铁"), (3, "猫儿沟", "砖"))]
    path = corpus.write_layer(tmp_path / "gbk.shp", rows, options=["ENCODING=GBK"])
    os.remove(tmp_path / "gbk.cpg")
    for use_arrow in (True, False):
        cands, report = read_source(path, "drain_pipe", use_arrow=use_arrow)
        assert report.encoding == "GB18030"
        assert any("no .cpg" in w and "GB18030" in w for w in report.warnings)
        assert [c.row["name"] for c in cands] == ["中山路", "解放路", "猫儿沟"]
        assert [c.row["material"] for c in cands] == ["concrete", "ductile_iron", "brick"]
        assert report.field_map["code"] == "编号" and report.field_map["diameter_mm"] == "管径"
    report = import_facilities(store, path, "drain_pipe")
    assert report.inserted == {"drain_pipe": 3}
    assert {r["name"] for r in store.rows("drain_pipe")} == {"中山路", "解放路", "猫儿沟"}
    # an explicit ENCODING wins over the detection
    _c, report = read_source(path, "drain_pipe", encoding="GBK")
    assert report.encoding == "GB18030" and not any("no .cpg" in w for w in report.warnings)


def test_wgs84_and_cgcs2000_geographic_sources_are_transformed(store, tmp_path):
    lon, lat = 111.29, 30.70
    ct = osr.CoordinateTransformation(corpus.srs(4326), corpus.srs(4546))
    want = ct.TransformPoint(lon, lat)
    rows = [dict(corpus.pipe(1), wkt=f"LINESTRING ({lon} {lat}, {lon + 0.001} {lat + 0.001})")]
    path = corpus.write_layer(tmp_path / "wgs84.geojson", rows, epsg=4326)
    report = import_facilities(store, path, "drain_pipe")
    assert report.crs == "EPSG:4326" and report.inserted == {"drain_pipe": 1}
    g = ogr.CreateGeometryFromWkb(next(store.rows("drain_pipe"))["geom"])
    assert math.dist(g.GetPoint_2D(0), want[:2]) < 1e-6
    assert 400000 < g.GetX(0) < 600000 and 3300000 < g.GetY(0) < 3500000  # easting first
    # a CSV of 经度/纬度 in CGCS2000 (EPSG:4490), the CRS given
    csv = tmp_path / "points.csv"
    csv.write_text("编号,经度,纬度,井深\nJC-1,111.29,30.70,3.5\nJC-2,111.30,30.71,\n", encoding="utf-8")
    report = import_facilities(store, csv, "manhole", source_crs="EPSG:4490")
    assert report.inserted == {"manhole": 2} and not report.rejected
    jc = {r["code"]: r for r in store.rows("manhole")}
    assert jc["JC-1"]["depth_m"] == 3.5 and jc["JC-2"]["depth_m"] is None
    x, y = ogr.CreateGeometryFromWkb(jc["JC-1"]["geom"]).GetPoint_2D()
    assert math.dist((x, y), want[:2]) < 1.0  # CGCS2000 and WGS 84 agree within a metre here


def test_csv_in_gbk_with_swapped_survey_coordinates(store, tmp_path):
    """A GBK CSV (Excel in China) whose X坐标 is the northing: the report says X and Y look swapped;
    naming the columns the other way round in FIELD_MAP imports it."""
    text = "井号,X坐标,Y坐标,井深(m)\nJC-1,3397750.5,527783.25,2.5\nJC-2,3397760.0,527790.0,3\n"
    csv = tmp_path / "survey.csv"
    csv.write_bytes(text.encode("gbk"))
    report = import_facilities(store, csv, "manhole", source_crs="EPSG:4546")
    assert report.encoding == "GB18030" and report.inserted == {}
    assert all("X and Y swapped" in r.reason for r in report.rejected) and len(report.rejected) == 2
    report = import_facilities(store, csv, "manhole", source_crs="EPSG:4546", field_map={"x": "Y坐标", "y": "X坐标"})
    assert report.inserted == {"manhole": 2}
    jc = next(store.rows("manhole", "code = 'JC-1'"))
    assert ogr.CreateGeometryFromWkb(jc["geom"]).GetPoint_2D() == (527783.25, 3397750.5)
    assert jc["depth_m"] == 2.5


def test_update_by_code_changes_only_what_the_file_says(store, tmp_path):
    rows = [corpus.pipe(i) for i in (1, 2, 3)]
    path = corpus.write_layer(tmp_path / "v1.gpkg", rows)
    import_facilities(store, path, "drain_pipe")
    uids = {r["code"]: r["uid"] for r in store.rows("drain_pipe")}
    rows2 = [corpus.pipe(1, 管径=800), corpus.pipe(2, 名称=None), corpus.pipe(4)]
    path2 = corpus.write_layer(tmp_path / "v2.gpkg", rows2)
    report = import_facilities(store, path2, "drain_pipe")  # append: codes 1 and 2 exist
    assert {r.source_row for r in report.rejected} == {1, 2} and report.inserted == {"drain_pipe": 1}
    report = import_facilities(store, path2, "drain_pipe", mode="update")
    assert report.updated == {"drain_pipe": 1} and report.unchanged == {"drain_pipe": 2}, report
    got = {r["code"]: r for r in store.rows("drain_pipe")}
    assert got["YS-001"]["diameter_mm"] == 800 and got["YS-001"]["uid"] == uids["YS-001"]
    assert got["YS-002"]["name"] == "中山路"  # an empty cell does not erase
    assert store.count("audit_log") == 1  # the one update, audited


def test_update_needs_a_code_column(store, tmp_path):
    rows = [{k: v for k, v in corpus.pipe(1).items() if k != "编号"}]
    path = corpus.write_layer(tmp_path / "nocode.geojson", rows)
    with pytest.raises(ImportSourceError, match="MODE update finds rows by code"):
        import_facilities(store, path, "drain_pipe", mode="update")


def test_dxf_lines_with_constants_and_generated_codes(store, tmp_path):
    path = str(tmp_path / "cad.dxf")
    ds = ogr.GetDriverByName("DXF").CreateDataSource(path)
    lyr = ds.CreateLayer("entities", None, ogr.wkbUnknown)
    for wkt in (corpus.line(1), corpus.line(2), f"POINT ({X0} {Y0})"):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("Layer", "雨水")
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    with pytest.raises(ImportSourceError, match="no coordinate reference system"):
        import_facilities(store, path, "drain_pipe", field_map={"usage": "Layer", "diameter_mm": "=DN400"})
    with pytest.raises(ImportSourceError, match="diameter_mm"):
        import_facilities(store, path, "drain_pipe", source_crs="EPSG:4546")
    # GDAL wrote the UTF-8 layer names under its default code page (ANSI_1252): read as mojibake …
    report = import_facilities(store, path, "drain_pipe", source_crs="EPSG:4546",
                               field_map=json.dumps({"usage": "Layer", "diameter_mm": "=DN400"}))
    assert report.inserted == {} and {r.field for r in report.rejected} == {"geom", "usage"}
    # … unless ENCODING says what they are
    report = import_facilities(store, path, "drain_pipe", source_crs="EPSG:4546", encoding="UTF-8",
                               field_map=json.dumps({"usage": "Layer", "diameter_mm": "=DN400"}))
    assert report.inserted == {"drain_pipe": 2}
    assert [(r.source_row, r.field) for r in report.rejected] == [(3, "geom")]
    got = sorted(store.rows("drain_pipe"), key=lambda r: r["code"])
    today = dt.date.today().strftime("%Y%m%d")
    assert [r["code"] for r in got] == [f"GD-IMP{today}-000001", f"GD-IMP{today}-000002"]
    assert {r["usage"] for r in got} == {"storm"} and {r["diameter_mm"] for r in got} == {400}
    assert any("codes generated" in w for w in report.warnings)


def test_field_map_errors_name_the_problem(store, tmp_path):
    path = corpus.write_layer(tmp_path / "p.geojson", [corpus.pipe(1)])
    for fm, words in [("{not json", "not valid JSON"), ("[1, 2]", "JSON object"),
                      ({"diameter": "管径"}, "not a field of drain_pipe"),
                      ({"diameter_mm": 3}, "field name or =constant"), ({"usage": None}, "usage")]:
        with pytest.raises(ImportSourceError, match=words):
            import_facilities(store, path, "drain_pipe", field_map=fm)
    with pytest.raises(ImportSourceError, match="not an encoding"):
        import_facilities(store, path, "drain_pipe", encoding="klingon")
    csv = tmp_path / "p.csv"
    csv.write_text("wkt,编号,管径,类别\n\"LINESTRING (1 2, 3 4)\",YS-1,400,雨水\n", encoding="utf-8")
    with pytest.raises(ImportSourceError, match="SOURCE_CRS EPSG:99999999 is not"):
        import_facilities(store, csv, "drain_pipe", source_crs="EPSG:99999999")
    with pytest.raises(ValueError, match="facility table"):
        read_source(path, "pipes")
    # a matching name is found whatever its case; the constant is normalised like a cell
    report = import_facilities(store, path, "drain_pipe", field_map={"diameter_mm": "管径", "usage": "=污水",
                                                                     "name": None})
    row = next(store.rows("drain_pipe"))
    assert row["usage"] == "sewage" and row["name"] is None and report.field_map["usage"] == "=污水"


def test_source_crs_given_for_a_file_that_has_one_is_ignored_with_a_warning(store, tmp_path):
    path = corpus.write_layer(tmp_path / "p.gpkg", [corpus.pipe(1)])
    report = import_facilities(store, path, "drain_pipe", source_crs="EPSG:4326")
    assert report.inserted == {"drain_pipe": 1}
    assert any("SOURCE_CRS EPSG:4326 ignored" in w for w in report.warnings)


def test_layer_choice(store, tmp_path):
    path = corpus.write_layer(tmp_path / "two.gpkg", [corpus.pipe(1)], layer="drain_pipe")
    ds = ogr.Open(path, 1)
    ds.CreateLayer("other", corpus.srs(), ogr.wkbLineString)
    ds = None
    report = import_facilities(store, path, "drain_pipe")  # named like the kind
    assert report.layer == "drain_pipe" and report.inserted == {"drain_pipe": 1}
    with pytest.raises(ImportSourceError, match="no layer nope"):
        import_facilities(store, path, "drain_pipe", layer="nope")
    with pytest.raises(ImportSourceError, match="no features"):
        import_facilities(store, path, "drain_pipe", layer="OTHER")


@pytest.mark.parametrize("fmt, suffix", [("GPKG", ".gpkg"), ("FlatGeobuf", ".fgb")])
def test_booleans_with_nulls_survive_the_arrow_reader(store, tmp_path, fmt, suffix):
    """GDAL 3.6's Arrow-to-numpy conversion gets booleans next to nulls wrong in these formats
    ([True, None, True] read as [True, None, False]); the importer reads boolean fields feature by feature."""
    pattern = [True, None, True, False, None, True, True, False, None, True, False, True]
    rows = [{"uid": U(700 + i), "code": f"JC-B{i:02d}", "anti_settlement": v, "wkt": f"POINT ({X0 + i} {Y0})"}
            for i, v in enumerate(pattern)]
    path = write_table(tmp_path / f"b{suffix}", "manhole", rows, fmt)
    ds = ogr.Open(path)
    truth = [f.GetField("anti_settlement") for f in ds.GetLayer(0)]  # GDAL's own feature reading
    ds = None
    if fmt == "GPKG":
        assert truth == pattern  # (GDAL 3.6's FlatGeobuf writer shifts booleans next to nulls itself)
    cands, _r = read_source(path, "manhole")
    assert [c.row.get("anti_settlement") for c in cands] == [None if v is None else bool(v) for v in truth]


@pytest.mark.parametrize("target, epsg", [("LineString", 4326), ("Point", 4326), ("LineString", 4546),
                                          ("Point", 4546)])
def test_the_batch_geometry_path_equals_the_one_by_one_path(target, epsg):
    """fit_batch (numpy, one TransformPoints call) gives what the fitter gives geometry by geometry."""
    import random

    from safe_municipal.layers.import_geometry import GeometryFitter, GeometryProblem, srs_from

    rnd = random.Random(5)
    geoms = []
    for i in range(300):
        if epsg == 4326:
            x, y, d = 111.0 + rnd.random() * 0.5, 30.5 + rnd.random() * 0.5, 0.001
        else:
            x, y, d = X0 + rnd.random() * 5000, Y0 + rnd.random() * 5000, 30.0
        if target == "Point":
            wkt = f"POINT ({x} {y})" if i % 50 else "POINT (200 95)"  # out of the world now and then
        else:
            n = rnd.randint(2, 5)
            wkt = "LINESTRING (" + ", ".join(f"{x + k * d} {y + (k % 2) * d}" for k in range(n)) + ")"
            if i % 60 == 0:
                wkt = f"LINESTRING ({x} {y}, {x} {y})"
        geoms.append(bytes(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb(ogr.wkbNDR)))
    fitter = GeometryFitter(target, srs_from(epsg), srs_from(4546))
    wkbs, envs, problems = fitter.fit_batch(geoms)
    for i, g in enumerate(geoms):
        try:
            one, env = fitter(g)
        except GeometryProblem as e:
            assert problems[i] == str(e)
            continue
        assert i not in problems
        got = ogr.CreateGeometryFromWkb(wkbs[i]).GetPoints()
        for a, b in zip(got, ogr.CreateGeometryFromWkb(one).GetPoints()):
            assert math.dist(a, b) < 1e-6
        assert all(abs(p - q) < 1e-6 for p, q in zip(envs[i], env))
    assert len(problems) == (6 if target == "Point" else 5)


def test_no_leftovers_in_gdal_memory_or_config(store, tmp_path):
    from osgeo import gdal

    def vsimem():
        return sorted(n for n in (gdal.ReadDir("/vsimem/") or []) if "safe_municipal_import" in n)

    csv = tmp_path / "t.csv"
    csv.write_text("编号,x,y,管径,类别\nYS-1,527783,3397750,400,雨水\n", encoding="utf-8")
    import_facilities(store, csv, "manhole", source_crs="EPSG:4546")
    with pytest.raises(ImportSourceError):
        import_facilities(store, csv, "drain_pipe", source_crs="EPSG:4546")  # points for pipes
    with pytest.raises(ImportSourceError):
        import_facilities(store, csv, "manhole")  # no CRS
    assert vsimem() == []
    dxf = str(tmp_path / "d.dxf")
    ds = ogr.GetDriverByName("DXF").CreateDataSource(dxf)
    lyr = ds.CreateLayer("entities", None, ogr.wkbUnknown)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({X0} {Y0})"))
    lyr.CreateFeature(f)
    ds = None
    import_facilities(store, dxf, "manhole", source_crs="EPSG:4546", encoding="GBK")
    with pytest.raises(ImportSourceError):
        import_facilities(store, dxf, "manhole", encoding="GBK")  # no CRS
    assert gdal.GetThreadLocalConfigOption("DXF_ENCODING", None) is None

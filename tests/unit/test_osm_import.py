"""OpenStreetMap import on real OSM data into real stores (layers.osm_import; issue 7).

The data (tests/data/osm, ODbL, © OpenStreetMap contributors) is osm2pgsql's Liechtenstein extract of
2013-08-03 and an XML cut of it; the expected counts were made with ``ogrinfo -dialect sqlite`` on
GDAL's default osmconf.ini, independently of the plugin (tests/data/osm/SOURCES.md). The reference
geometry below is read with plain ogr/osr too.
"""
import shutil
from collections import Counter
from pathlib import Path

import pytest
from osgeo import ogr, osr

from safe_municipal.core import geometry as geo
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.importer import ImportCancelled, ImportSourceError
from safe_municipal.layers.osm_import import import_osm

DATA = Path(__file__).resolve().parents[1] / "data" / "osm"
PBF = DATA / "liechtenstein-2013-08-03.osm.pbf"
XML = DATA / "vaduz-2013-08-03.osm"
LV95 = 2056  # CH1903+ / LV95: its area of use covers Liechtenstein
KINDS = ("road", "bridge", "tunnel", "drain_pipe")
FACILITY_COUNTS = {"road": 1493, "bridge": 81, "tunnel": 2, "drain_pipe": 23}


def counts(store):
    return {t: store.count(t) for t in KINDS}


def by_code(store, table, code):
    rows = list(store.rows(table, "code = ?", (code,)))
    assert len(rows) == 1, (table, code, rows)
    return rows[0]


def snapshot(store):
    return {t: sorted((r["code"], tuple(sorted((k, v) for k, v in r.items() if k != "geom")), r["geom"])
                      for r in store.rows(t)) for t in KINDS}


def reference_way(path, way_id, epsg):
    """The way's points in EPSG ``epsg``, read with GDAL's default OSM configuration."""
    ds = ogr.Open(str(path))
    layer = ds.GetLayerByName("lines")
    layer.SetAttributeFilter(f"osm_id = '{way_id}'")
    feature = layer.GetNextFeature()
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(4326)
    dst.ImportFromEPSG(epsg)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = feature.GetGeometryRef().Clone()
    g.Transform(osr.CoordinateTransformation(src, dst))
    return [(g.GetX(i), g.GetY(i)) for i in range(g.GetPointCount())], g.Length()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The whole .pbf imported once into an LV95 store (closed; copy it before changing it)."""
    path = tmp_path_factory.mktemp("osm") / "li.gpkg"
    store = GpkgStore.create(str(path), epsg=LV95)
    report = import_osm(store, PBF)
    store.close()
    return path, report


@pytest.fixture
def store(imported, tmp_path):
    path = tmp_path / "copy.gpkg"
    shutil.copy(imported[0], path)
    s = GpkgStore.open(str(path))
    yield s
    s.close()


def test_counts_per_kind(imported, store):
    report = imported[1]
    assert counts(store) == FACILITY_COUNTS
    assert report.inserted == FACILITY_COUNTS and report.written and report.rejected == []
    assert report.read == 3014  # the lines layer
    assert any("1475 ways" in w for w in report.warnings)  # 3014 - (1493 + 23 + 23) skipped
    assert any("23 drains" in w and "1000 mm" in w for w in report.warnings)
    assert not any("area of use" in w for w in report.warnings)


def test_road_classes(store):
    classes = Counter(r["road_class"] for r in store.rows("road", columns=["road_class"]))
    assert classes == {"arterial": 81, "secondary": 91, "branch": 1056, "lane": 262, None: 3}


def test_bridges(store):
    bridges = list(store.rows("bridge", columns=["bridge_class", "bridge_type", "road_uid"]))
    assert Counter(b["bridge_class"] for b in bridges) == {"III": 11, "IV": 10, "V": 37, None: 23}
    assert Counter(b["bridge_type"] for b in bridges) == {None: 58, "pedestrian": 23}
    assert sum(b["road_uid"] is not None for b in bridges) == 58


def test_named_bridge_carries_its_road(store):
    bridge = by_code(store, "bridge", "OSM-W308")
    road = by_code(store, "road", "OSM-W308")
    assert bridge["name"] == road["name"] == "Rheinbrücke"
    assert bridge["road_class"] == road["road_class"] == "arterial" and bridge["bridge_class"] == "III"
    assert bridge["road_uid"] == road["uid"] and bridge["geom"] == road["geom"]
    assert "© OpenStreetMap contributors" in bridge["notes"]
    points, length = reference_way(PBF, 308, LV95)
    assert geo.wkb_points(bridge["geom"]) == pytest.approx(points, abs=1e-6)
    assert bridge["length_m"] == pytest.approx(length, abs=0.01)
    x, y = points[0]
    assert 2_750_000 < x < 2_770_000 and 1_215_000 < y < 1_240_000  # LV95 metres, the Rhine at Vaduz
    foot = by_code(store, "bridge", "OSM-W797")  # Dampfbrüggli, a cycleway bridge with width=3
    assert (foot["name"], foot["bridge_type"], foot["width_m"], foot["road_uid"], foot["bridge_class"]) == (
        "Dampfbrüggli", "pedestrian", 3.0, None, None)
    assert list(store.rows("road", "code = ?", ("OSM-W797",))) == []


def test_tunnels(store):
    tunnels = {t["code"]: t for t in store.rows("tunnel")}
    assert set(tunnels) == {"OSM-W870", "OSM-W5998"}
    assert tunnels["OSM-W870"]["name"] == "Bergstrasse" and tunnels["OSM-W870"]["road_class"] == "secondary"
    assert tunnels["OSM-W870"]["road_uid"] == by_code(store, "road", "OSM-W870")["uid"]
    assert by_code(store, "road", "OSM-W5998")["width_m"] == 3.0  # width=3 m


def test_culvert_is_a_drain_pipe(store):
    pipe = by_code(store, "drain_pipe", "OSM-W7100")
    assert (pipe["name"], pipe["usage"], pipe["diameter_mm"]) == ("Esche", "storm", 1000)
    assert "1000 mm assumed" in pipe["notes"]
    _points, length = reference_way(PBF, 7100, LV95)
    assert pipe["length_m"] == pytest.approx(length, abs=0.01)
    names = {r["code"]: r["name"] for r in store.rows("drain_pipe", columns=["code", "name"])}
    assert names["OSM-W7104"] == "Spirsbach; Spiersbach" and names["OSM-W1316"] == "Wäschgraba"
    assert list(store.rows("drain_pipe", "code = ?", ("OSM-W341",))) == []  # a stream in a tunnel=yes


def test_reimport_in_update_mode_changes_nothing(store):
    before = snapshot(store)
    report = import_osm(store, PBF, mode="update")
    assert report.unchanged == FACILITY_COUNTS and report.updated == {} and report.inserted == {}
    assert report.rejected == []
    assert snapshot(store) == before


def test_reimport_in_append_mode_refuses_every_code(store):
    before = snapshot(store)
    report = import_osm(store, PBF)
    assert report.inserted == {} and len(report.rejected) == sum(FACILITY_COUNTS.values())
    assert {r.field for r in report.rejected} == {"code"}
    assert snapshot(store) == before


def test_update_refreshes_a_changed_row(store):
    road = by_code(store, "road", "OSM-W308")
    assert road["lanes"] is None  # not tagged in OSM
    store.update("road", road["uid"], {"road_class": "branch", "name": "edited", "lanes": 2,
                                       "maintenance_unit": "Tiefbauamt"})
    report = import_osm(store, PBF, mode="update", kinds=["road"])
    assert report.updated == {"road": 1} and report.unchanged == {"road": 1492}
    again = by_code(store, "road", "OSM-W308")
    assert (again["uid"], again["road_class"], again["name"]) == (road["uid"], "arterial", "Rheinbrücke")
    assert (again["lanes"], again["maintenance_unit"]) == (2, "Tiefbauamt")  # OSM says nothing: kept


def test_osm_xml_gives_the_same_rows_as_pbf(store, tmp_path):
    xml_store = GpkgStore.create(str(tmp_path / "vaduz.gpkg"), epsg=LV95)
    report = import_osm(xml_store, XML, district="Vaduz")
    assert report.read == 497 and report.rejected == []
    assert counts(xml_store) == {"road": 225, "bridge": 16, "tunnel": 0, "drain_pipe": 12}
    for table in KINDS:
        for row in xml_store.rows(table):
            same = by_code(store, table, row["code"])
            assert row["district"] == "Vaduz" and same["district"] is None
            for k in row:
                if k not in ("uid", "district", "road_uid"):
                    assert row[k] == same[k], (table, row["code"], k)
    xml_store.close()


def test_default_crs_far_away_is_transformed_with_a_warning(tmp_path):
    s = GpkgStore.create(str(tmp_path / "yichang.gpkg"))  # EPSG:4546, CGCS2000 GK CM 111E
    assert s.epsg == 4546
    report = import_osm(s, PBF, kinds=["tunnel"])
    assert report.inserted == {"tunnel": 2} and report.rejected == []
    assert any("2 ways lie outside the area of use" in w and "EPSG:4546" in w for w in report.warnings)
    t = by_code(s, "tunnel", "OSM-W870")
    assert t["road_uid"] is None  # roads not imported and not in the store
    points, length = reference_way(PBF, 870, 4546)
    assert geo.wkb_points(t["geom"]) == pytest.approx(points, abs=1e-3)
    assert abs(points[0][0]) > 1_000_000  # millions of metres off: the CRS is not meant for Europe
    assert t["length_m"] == pytest.approx(length, abs=0.01)
    s.close()


def test_bridges_alone_find_roads_imported_before(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"), epsg=LV95)
    assert import_osm(s, PBF, kinds=["road"]).inserted == {"road": 1493}
    report = import_osm(s, PBF, kinds=["bridge", "tunnel"])
    assert report.inserted == {"bridge": 81, "tunnel": 2} and report.rejected == []
    assert by_code(s, "bridge", "OSM-W308")["road_uid"] == by_code(s, "road", "OSM-W308")["uid"]
    s.close()


def test_extent_keeps_the_ways_meeting_it_whole(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"), epsg=LV95)
    points, _length = reference_way(PBF, 308, LV95)
    (x0, y0), (x1, y1) = points[0], points[-1]
    extent = (min(x0, x1) - 50, min(y0, y1) - 50, max(x0, x1) + 50, max(y0, y1) + 50)
    report = import_osm(s, PBF, extent=extent)
    assert 0 < report.read < 100
    assert by_code(s, "bridge", "OSM-W308")["geom"] == by_code(s, "road", "OSM-W308")["geom"]
    box = ogr.CreateGeometryFromWkt("POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))".format(*extent))
    n = 0
    for table in KINDS:
        for row in s.rows(table, columns=["geom"]):
            assert ogr.CreateGeometryFromWkb(row["geom"]).Intersects(box)
            n += 1
    assert n == sum(report.inserted.values()) > 0
    s.close()


def test_strict_writes_nothing_when_a_row_is_refused(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"), epsg=LV95)
    import_osm(s, PBF, kinds=["road"])
    report = import_osm(s, PBF, strict=True)  # every road code is taken already
    assert not report.written and report.inserted == {}
    assert len(report.rejected) >= 1493
    assert counts(s) == {"road": 1493, "bridge": 0, "tunnel": 0, "drain_pipe": 0}
    s.close()


class Cancelled:
    def isCanceled(self):  # noqa: N802 - QgsFeedback API
        return True

    def setProgress(self, p):  # noqa: N802 - QgsFeedback API
        pass


def test_cancel_writes_nothing(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"), epsg=LV95)
    with pytest.raises(ImportCancelled):
        import_osm(s, PBF, feedback=Cancelled())
    assert counts(s) == {t: 0 for t in KINDS}
    s.close()


def test_bad_sources_and_kinds(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"), epsg=LV95)
    with pytest.raises(ImportSourceError, match="does not exist"):
        import_osm(s, tmp_path / "missing.osm.pbf")
    shp = tmp_path / "roads.shp"
    shp.write_bytes(b"")
    with pytest.raises(ImportSourceError, match=r"\.osm"):
        import_osm(s, shp)
    junk = tmp_path / "junk.osm"
    junk.write_text("this is not XML", encoding="utf-8")
    with pytest.raises(ImportSourceError, match="OpenStreetMap"):
        import_osm(s, junk)
    with pytest.raises(ValueError, match="manhole"):
        import_osm(s, PBF, kinds=["road", "manhole"])
    assert counts(s) == {t: 0 for t in KINDS}
    s.close()

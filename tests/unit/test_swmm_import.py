"""layers.swmm_import: real EPA SWMM files into a real store, with the CRS transform (GDAL/OSR)."""
import math
import struct
from pathlib import Path

import pytest
from osgeo import osr

from safe_municipal.core.geometry import wkb_points
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.swmm_import import SwmmImportError, import_swmm

DATA = Path(__file__).resolve().parents[1] / "data" / "swmm"
FT = 0.3048
US_FT = 1200 / 3937  # the US survey foot of Washington State Plane


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"))  # EPSG:4546, CGCS2000 GK CM 111E
    yield s
    s.close()


def by_code(store, table):
    return {r["code"]: r for r in store.rows(table)}


def polygon_area(wkb):
    pts = wkb_points(wkb)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:]))) / 2


def lonlat(epsg, pts):
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(epsg)
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    t = osr.CoordinateTransformation(src, dst)
    return [t.TransformPoint(x, y)[:2] for x, y in pts]


def test_example1_into_store(store):
    rep = import_swmm(store, DATA / "Example1.inp", "EPSG:4546")
    assert rep.written and rep.rejected == [] and rep.read == 27 and rep.crs == "EPSG:4546"
    assert rep.inserted == {"manhole": 13, "drain_pipe": 13, "outfall": 1}
    assert (store.count("manhole"), store.count("drain_pipe"), store.count("outfall")) == (13, 13, 1)
    assert any("8 subcatchments not imported" in w for w in rep.warnings)
    # the model's drawing frame (0..10000) taken as EPSG:4546 lies far west of 111°E: warned
    assert any("27 objects lie outside the area of use" in w for w in rep.warnings)
    mh, pipes = by_code(store, "manhole"), by_code(store, "drain_pipe")
    p10 = pipes["10"]
    assert p10["diameter_mm"] == 610 and p10["length_m"] == 121.92 and p10["usage"] == "storm"
    assert wkb_points(p10["geom"]) == [(6252.63, 2147.37), (6673.68, 1368.42), (6631.58, 505.26)]
    assert p10["up_manhole_uid"] == mh["17"]["uid"] and p10["down_manhole_uid"] is None
    assert p10["up_invert_depth_m"] == 0.914 and p10["down_invert_depth_m"] is None
    p6 = pipes["6"]
    assert (p6["up_manhole_uid"], p6["down_manhole_uid"]) == (mh["10"]["uid"], mh["21"]["uid"])
    assert (p6["diameter_mm"], p6["down_invert_depth_m"]) == (305, 0.61)
    assert mh["9"]["depth_m"] == 0.914 and wkb_points(mh["9"]["geom"]) == [(4042.11, 9600.0)]
    out = by_code(store, "outfall")["18"]
    assert (out["outfall_type"], out["invert_elevation_m"], out["flap_gate"]) == ("free", 297.18, False)


def test_metric_twin_and_usage(store):
    rep = import_swmm(store, DATA / "test_ex1_metric.inp", 4546, usage="sewage")
    assert rep.inserted == {"manhole": 13, "drain_pipe": 13, "outfall": 1}
    p1 = by_code(store, "drain_pipe")["1"]
    assert (p1["diameter_mm"], p1["length_m"], p1["usage"]) == (1500, 400.0, "sewage")
    assert {r["usage"] for r in store.rows("manhole")} == {"sewage"}


def test_state_plane_feet_to_utm(tmp_path):
    """gate_control_2.inp has real coordinates in Washington State Plane North (US feet): transformed to
    UTM 10N they lie in Seattle's Ballard–Wallingford ship canal area, distances converted to metres."""
    s = GpkgStore.create(str(tmp_path / "utm.gpkg"), epsg=32610)
    try:
        rep = import_swmm(s, DATA / "gate_control_2.inp", "EPSG:2285")
        assert rep.rejected == [] and rep.written
        assert rep.inserted == {"manhole": 110, "drain_pipe": 113, "storage_facility": 4, "outfall": 1}
        assert not any("area of use" in w for w in rep.warnings)
        assert any("1 orifices not imported" in w for w in rep.warnings)
        mh = by_code(s, "manhole")
        j1 = wkb_points(mh["J1"]["geom"])[0]
        j110 = wkb_points(by_code(s, "outfall")["J110"]["geom"])[0]
        (lon1, lat1), (lon2, lat2) = lonlat(32610, [j1, j110])
        assert -122.40 < lon2 < lon1 < -122.36 and 47.65 < lat1 < lat2 < 47.68
        # the distance J1–J110 in metres matches the feet of the file (UTM vs state plane scale < 0.1 %)
        d_src = math.dist((1261526.163, 245069.141), (1257396.467, 247302.192)) * US_FT
        assert math.dist(j1, j110) / d_src == pytest.approx(1.0, abs=1e-3)
        # pipe C1_1 ends at J1; its line runs from the storage shaft 11thNWdrop to J1
        pipe = by_code(s, "drain_pipe")["C1_1"]
        assert pipe["down_manhole_uid"] == mh["J1"]["uid"] and pipe["up_manhole_uid"] is None
        assert wkb_points(pipe["geom"])[-1] == pytest.approx(j1)
        shaft = by_code(s, "storage_facility")["11thNWdrop"]
        assert shaft["capacity_m3"] == round(1075 * 69.09 * FT ** 3, 2)
        assert polygon_area(shaft["geom"]) == pytest.approx(1075 * FT * FT, rel=1e-3)  # its surface area
    finally:
        s.close()


def test_example6_channel_refused_by_the_store(store):
    rep = import_swmm(store, DATA / "Example6.inp", "EPSG:4546")
    assert rep.written
    assert rep.inserted == {"manhole": 1, "drain_pipe": 1, "storage_facility": 1, "outfall": 1}
    assert [(r.table, r.field) for r in rep.rejected] == [("drain_pipe", "diameter_mm")]
    assert rep.rejected[0].source_row == 69  # the line of conduit Channel in [CONDUITS]
    assert any("1 weirs not imported" in w for w in rep.warnings)
    st = by_code(store, "storage_facility")["Inlet"]
    assert st["capacity_m3"] == 14764.77 and st["storage_type"] == "pond"
    assert polygon_area(st["geom"]) == pytest.approx(169012 * FT * FT, rel=1e-5)  # side rounded to the mm
    pipe = by_code(store, "drain_pipe")["Culvert"]
    assert pipe["down_manhole_uid"] == by_code(store, "manhole")["Outlet"]["uid"]
    assert pipe["down_invert_depth_m"] == 2.743 and "2 barrels" in pipe["notes"]


def test_strict_writes_nothing(store):
    rep = import_swmm(store, DATA / "Example6.inp", "EPSG:4546", strict=True)
    assert not rep.written and len(rep.rejected) == 1 and rep.rejected[0].table == "drain_pipe"
    assert sum(store.count(t) for t in ("manhole", "drain_pipe", "storage_facility", "outfall")) == 0


def test_append_twice_then_update(store, tmp_path):
    import_swmm(store, DATA / "Example1.inp", "EPSG:4546")
    again = import_swmm(store, DATA / "Example1.inp", "EPSG:4546")
    assert len(again.rejected) == 27 and {r.field for r in again.rejected} == {"code"}
    assert store.count("drain_pipe") == 13
    upd = import_swmm(store, DATA / "Example1.inp", "EPSG:4546", usage="combined", mode="update")
    assert upd.rejected == [] and upd.updated.get("drain_pipe") == 13 and upd.inserted == {}
    assert {r["usage"] for r in store.rows("drain_pipe")} == {"combined"}
    assert store.count("drain_pipe") == 13 and store.count("manhole") == 13
    out = tmp_path / "report.csv"
    again.write(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "drain_pipe" in out.read_text("utf-8-sig")


@pytest.mark.parametrize("crs", [None, "", "   "])
def test_refused_without_source_crs(store, crs):
    with pytest.raises(SwmmImportError, match="Example1.inp has no coordinate reference system; give SOURCE_CRS"):
        import_swmm(store, DATA / "Example1.inp", crs)
    assert store.count("manhole") == 0


def test_bad_crs_and_bad_file(store, tmp_path):
    with pytest.raises(SwmmImportError, match="not a coordinate reference system"):
        import_swmm(store, DATA / "Example1.inp", "EPSG:999999")
    bad = tmp_path / "bad.inp"
    bad.write_text("[TITLE]\nx\n[JUNCTIONS]\nJ1 10 2\nJ2 ten 2\n", encoding="utf-8")
    with pytest.raises(SwmmImportError, match=r"bad.inp line 5 \[JUNCTIONS\]: Elevation is not a number: ten"):
        import_swmm(store, bad, "EPSG:4546")
    with pytest.raises(SwmmImportError, match=r"csv.inp line 1: data before the first \[SECTION\] header"):
        (tmp_path / "csv.inp").write_text("id,x,y\n", encoding="utf-8")
        import_swmm(store, tmp_path / "csv.inp", "EPSG:4546")
    with pytest.raises(SwmmImportError, match="USAGE: rain is not one of storm, sewage, combined"):
        import_swmm(store, DATA / "Example1.inp", "EPSG:4546", usage="rain")
    with pytest.raises(SwmmImportError, match="does not exist"):
        import_swmm(store, tmp_path / "none.inp", "EPSG:4546")
    assert store.count("manhole") == 0


GEO = """[OPTIONS]
FLOW_UNITS LPS
[MAP]
Units Feet
[JUNCTIONS]
A 50 2
B 49 2
[CONDUITS]
P A B 100 0.013 0 0
[XSECTIONS]
P CIRCULAR 0.6
[COORDINATES]
A 111.0 30.0
B 111.001 30.0
"""


def test_geographic_source_lon_lat_order(store, tmp_path):
    f = tmp_path / "geo.inp"
    f.write_text(GEO, encoding="utf-8")
    rep = import_swmm(store, f, "EPSG:4490")  # CGCS2000 geographic, x = longitude
    assert rep.rejected == [] and rep.inserted == {"manhole": 2, "drain_pipe": 1}
    assert any("[MAP] units are feet but the source CRS is geographic" in w for w in rep.warnings)
    (x, y), = wkb_points(by_code(store, "manhole")["A"]["geom"])
    assert x == pytest.approx(500000.0, abs=1e-6)  # on the central meridian 111°E
    assert y == pytest.approx(3320113.4, abs=1.0)  # meridian arc to 30°N on the CGCS2000 ellipsoid
    pipe = by_code(store, "drain_pipe")["P"]
    (x0, _), (x1, _) = wkb_points(pipe["geom"])
    assert x1 - x0 == pytest.approx(96.4, abs=0.5)  # 0.001° of longitude at 30°N


def test_wkb_is_little_endian_2d(store):
    import_swmm(store, DATA / "Example1.inp", "EPSG:4546")
    g = by_code(store, "manhole")["9"]["geom"]
    assert struct.unpack_from("<BI", g) == (1, 1)

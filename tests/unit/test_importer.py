"""write_candidates: the import engine's validating, all-or-nothing writer (issue 7)."""
import csv
import json
import sys
import uuid
from pathlib import Path

import pytest
from osgeo import ogr

from safe_municipal.core import geometry as geo
from safe_municipal.layers.gpkg import GpkgStore, blob_envelope
from safe_municipal.layers.importer import (
    REPORT_COLUMNS,
    Candidate,
    CodeRef,
    ImportCancelled,
    ImportReport,
    Rejection,
    generate_codes,
    geometry_envelope,
    write_candidates,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_corpus import snapshot  # noqa: E402

X0, Y0 = 527783.0, 3397750.0


def uid():
    return str(uuid.uuid4())


def line(i, n=2):
    return geo.linestring_wkb([(X0 + 10 * i + k, Y0 + k) for k in range(n)])


def pipe(i, **kw):
    row = {"code": f"GD-{i:04d}", "usage": "storm", "diameter_mm": 400, "material": "concrete",
           "geom": line(i)}
    row.update(kw)
    return Candidate("drain_pipe", i, row)


def manhole(code, i=0, **kw):
    return Candidate("manhole", f"m{i}", dict({"code": code, "geom": geo.point_wkb(X0 + i, Y0)}, **kw))


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "city.gpkg"))
    yield s
    s.close()


def reasons(report):
    return {(r.source_row, r.field): r.reason for r in report.rejected}


def test_append_writes_every_field_and_gdal_reads_it(store):
    rows = [pipe(i, up_invert_depth_m=1.5, built_year=2001, name="中山路") for i in range(3)]
    report = write_candidates(store, rows)
    assert report.written and report.inserted == {"drain_pipe": 3} and not report.rejected
    assert report.read == 3 and report.mode == "append"
    got = {r["code"]: r for r in store.rows("drain_pipe")}
    assert got["GD-0001"]["name"] == "中山路" and got["GD-0001"]["up_invert_depth_m"] == 1.5
    assert got["GD-0002"]["geom"] == line(2)
    assert all(uuid.UUID(r["uid"]) for r in got.values())
    ds = ogr.Open(store.path)  # keep the dataset: its layers die with it
    lyr = ds.GetLayerByName("drain_pipe")
    assert lyr.GetFeatureCount() == 3
    lyr.SetSpatialFilterRect(X0 + 19, Y0 - 1, X0 + 22, Y0 + 2)
    assert [f.GetField("code") for f in lyr] == ["GD-0002"]
    # inserts are not audited row by row (bulk load); the caller's rows were not changed
    assert store.count("audit_log") == 0
    assert "uid" not in rows[0].row


def test_bulk_path_indexes_like_the_store(store):
    n = GpkgStore.BULK_ROWS + 250
    report = write_candidates(store, [pipe(i, geom=line(i, 2 + i % 3)) for i in range(n)])
    assert report.inserted == {"drain_pipe": n}
    rtree = store.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_drain_pipe_geom ORDER BY id").fetchall()
    expected = [(fid, *blob_envelope(g)) for fid, g in store.execute("SELECT fid, geom FROM drain_pipe ORDER BY fid")]
    assert rtree == expected and len(rtree) == n
    assert store.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name='drain_pipe'").fetchone() == (n,)
    triggers = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND "
                                            "tbl_name='drain_pipe'")}
    assert {"rtree_drain_pipe_geom_insert", "trigger_insert_feature_count_drain_pipe",
            "sm_audit_drain_pipe_insert"} <= triggers
    ext = store.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name='drain_pipe'").fetchone()
    assert ext[0] == X0 and ext[1] == Y0 and ext[3] == Y0 + 3
    # one more small batch goes through the triggers again
    write_candidates(store, [pipe(n + 5)])
    assert store.count("drain_pipe") == n + 1
    assert store.execute("SELECT count(*) FROM rtree_drain_pipe_geom").fetchone() == (n + 1,)


@pytest.mark.parametrize("kw, field, words", [
    (dict(diameter_mm=10), "diameter_mm", "below the minimum"),
    (dict(diameter_mm=10 ** 7), "diameter_mm", "above the maximum"),
    (dict(usage="rain"), "usage", "not one of"),
    (dict(usage=None), "usage", "required"),
    (dict(name="x" * 201), "name", "longer than 200"),
    (dict(built_year=1700), "built_year", "below the minimum"),
    (dict(colour="red"), "colour", "not a field"),
    (dict(up_invert_depth_m=float("nan")), "up_invert_depth_m", "finite"),
    (dict(geom=geo.point_wkb(X0, Y0)), "geom", "is a Point, the table holds LineString"),
    (dict(geom=b"\x01\x02\x00\x00"), "geom", "not a readable geometry"),
    (dict(geom=bytes.fromhex("01ea030000") + b"\x00" * 8), "geom", "Z or M"),
    (dict(geom=geo.linestring_wkb([(X0, Y0), (float("inf"), Y0)])), "geom", "finite"),
    (dict(code=""), "code", "required"),
    (dict(uid="not-a-uid"), "uid", "not a valid UUID"),
])
def test_bad_rows_are_named_good_rows_go_in(store, kw, field, words):
    report = write_candidates(store, [pipe(1), pipe(2, **kw), pipe(3)])
    assert report.inserted == {"drain_pipe": 2}
    [r] = report.rejected
    assert (r.source_row, r.table, r.field) == (2, "drain_pipe", field)
    assert words in r.reason
    assert {x["code"] for x in store.rows("drain_pipe")} == {"GD-0001", "GD-0003"}


def test_strict_writes_nothing_and_leaves_the_store_row_identical(store):
    write_candidates(store, [pipe(100)])
    before = snapshot(store.path)
    report = write_candidates(store, [pipe(1), pipe(2, diameter_mm=-1), pipe(3)], strict=True)
    assert not report.written and report.inserted == {} and len(report.rejected) == 1
    assert snapshot(store.path) == before
    # a rejection a reader put in the report counts as well
    pre = ImportReport(source="x.shp", read=4, rejected=[Rejection(4, "drain_pipe", "geom", "self-intersection")])
    report = write_candidates(store, [pipe(1), pipe(2)], strict=True, report=pre)
    assert report is pre and not report.written and report.read == 4
    assert snapshot(store.path) == before
    assert "nothing written (strict mode)" in report.summary()


def test_duplicate_codes_reject_every_row_involved(store):
    report = write_candidates(store, [pipe(1), pipe(2, code="GD-0001"), pipe(3), pipe(4, code=" GD-0001 ")])
    assert report.inserted == {"drain_pipe": 1}
    got = reasons(report)
    assert set(got) == {(1, "code"), (2, "code"), (4, "code")}
    assert "GD-0001 appears 3 times" in got[(2, "code")] and "1, 2, 4" in got[(2, "code")]


def test_duplicate_uids_and_uids_already_in_the_store(store):
    u = uid()
    write_candidates(store, [pipe(9, uid=u)])
    v = uid()
    report = write_candidates(store, [pipe(1, uid=v), pipe(2, uid=v.upper()), pipe(3, uid=u.upper().replace("-", ""))])
    got = reasons(report)
    assert "appears 2 times" in got[(1, "uid")] and "already in the store" in got[(3, "uid")]
    assert report.inserted == {}


def test_append_rejects_codes_in_the_store_update_updates_them(store):
    write_candidates(store, [pipe(1, name="旧名"), pipe(2), manhole("JC-1")])
    old = {r["code"]: r for r in store.rows("drain_pipe")}
    report = write_candidates(store, [pipe(1, name="新名")])
    assert "already in the store" in reasons(report)[(1, "code")] and not report.written
    report = write_candidates(store, [Candidate("drain_pipe", 1, {"code": "GD-0001", "name": "新名",
                                                                  "diameter_mm": 600}),
                                      Candidate("drain_pipe", 2, {"code": "GD-0002", "diameter_mm": 400}),
                                      pipe(3)], mode="update")
    assert report.updated == {"drain_pipe": 1} and report.unchanged == {"drain_pipe": 1}
    assert report.inserted == {"drain_pipe": 1}
    new = {r["code"]: r for r in store.rows("drain_pipe")}
    assert new["GD-0001"]["uid"] == old["GD-0001"]["uid"] and new["GD-0001"]["name"] == "新名"
    assert new["GD-0001"]["diameter_mm"] == 600 and new["GD-0001"]["usage"] == "storm"  # others kept
    assert new["GD-0001"]["geom"] == old["GD-0001"]["geom"]
    # the update is audited, with the old and new values
    [log] = store.rows("audit_log", "action = 'update'")
    assert log["row_uid"] == old["GD-0001"]["uid"] and "旧名" in log["old_values"] and "新名" in log["new_values"]
    # an update that breaks a rule is rejected, the stored row kept
    report = write_candidates(store, [Candidate("drain_pipe", 7, {"code": "GD-0001", "diameter_mm": 1})],
                              mode="update")
    assert "below the minimum" in reasons(report)[(7, "diameter_mm")]
    assert next(store.rows("drain_pipe", "code = 'GD-0001'"))["diameter_mm"] == 600


def test_update_moves_geometries_and_keeps_the_rtree(store):
    write_candidates(store, [pipe(1)])
    moved = geo.linestring_wkb([(X0 + 500, Y0 + 500), (X0 + 600, Y0 + 600)])
    report = write_candidates(store, [Candidate("drain_pipe", 1, {"code": "GD-0001", "geom": moved})], mode="update")
    assert report.updated == {"drain_pipe": 1}
    fid, g = store.execute("SELECT fid, geom FROM drain_pipe").fetchone()
    assert store.execute("SELECT minx, maxx, miny, maxy FROM rtree_drain_pipe_geom WHERE id = ?", (fid,)
                         ).fetchone() == blob_envelope(g) == (X0 + 500, X0 + 600, Y0 + 500, Y0 + 600)


def test_update_refuses_a_uid_that_differs_from_the_stored_one(store):
    write_candidates(store, [pipe(1)])
    report = write_candidates(store, [pipe(1, uid=uid())], mode="update")
    assert "differs from the store's uid" in reasons(report)[(1, "uid")]


def test_code_references_resolve_in_the_batch_and_the_store(store):
    write_candidates(store, [manhole("JC-OLD", 1)])
    old_uid = next(store.rows("manhole"))["uid"]
    report = write_candidates(store, [
        pipe(1, up_manhole_uid=CodeRef("manhole", "JC-NEW"), down_manhole_uid=CodeRef("manhole", "JC-OLD")),
        manhole("JC-NEW", 2),
        pipe(2, up_manhole_uid=CodeRef("manhole", "JC-NOWHERE")),
    ])
    assert report.inserted == {"drain_pipe": 1, "manhole": 1}
    assert "JC-NOWHERE" in reasons(report)[(2, "up_manhole_uid")]
    new_uid = next(store.rows("manhole", "code = 'JC-NEW'"))["uid"]
    p = next(store.rows("drain_pipe"))
    assert (p["up_manhole_uid"], p["down_manhole_uid"]) == (new_uid, old_uid)


def test_a_reference_to_a_rejected_row_is_rejected_too(store):
    report = write_candidates(store, [
        manhole("JC-1", 1, depth_m=-3),                              # rejected itself
        pipe(1, up_manhole_uid=CodeRef("manhole", "JC-1")),         # refers to it
        Candidate("rain_inlet", "r1", {"code": "YS-1", "geom": geo.point_wkb(X0, Y0),
                                       "manhole_uid": CodeRef("manhole", "JC-1")}),
        manhole("JC-2", 2), manhole("JC-2", 3),                      # duplicates
        pipe(2, up_manhole_uid=CodeRef("manhole", "JC-2")),
    ])
    got = reasons(report)
    assert "below the minimum" in got[("m1", "depth_m")]
    assert "JC-1, which was rejected (row m1)" in got[(1, "up_manhole_uid")]
    assert "rejected" in got[("r1", "manhole_uid")]
    assert "more than once" in got[(2, "up_manhole_uid")]
    assert report.inserted == {} and not report.written


def test_cascade_through_a_chain_of_references(store):
    """A pipe refers to a manhole that refers to a road rejected for its own value."""
    road = Candidate("road", "r", {"code": "DL-1", "road_class": "motorway",
                                   "geom": geo.linestring_wkb([(X0, Y0), (X0 + 9, Y0)])})
    mh = manhole("JC-1", 1, road_uid=CodeRef("road", "DL-1"))
    p = pipe(1, up_manhole_uid=CodeRef("manhole", "JC-1"))
    report = write_candidates(store, [p, mh, road, pipe(2)])
    got = reasons(report)
    assert set(got) == {("r", "road_class"), ("m1", "road_uid"), (1, "up_manhole_uid")}
    assert report.inserted == {"drain_pipe": 1}


def test_unknown_tables_tuples_and_records(store):
    f = Candidate("manhole", "m", {"code": "JC-9", "geom": ("Point", (X0, Y0))})
    report = write_candidates(store, [Candidate("pipes", 1, {"code": "x"}), Candidate("audit_log", 2, {}), f])
    got = reasons(report)
    assert "not a table" in got[(1, "")] and "not a table" in got[(2, "")]
    assert report.inserted == {"manhole": 1}
    jc = next(store.rows("manhole"))
    insp = Candidate("inspection", "i1", {"facility_uid": jc["uid"], "facility_kind": "manhole",
                                          "inspected_on": "2025-03-01", "grade": "B"})
    report = write_candidates(store, [insp, Candidate("inspection", "i2", {"facility_uid": jc["uid"],
                                                                           "facility_kind": "manhole",
                                                                           "inspected_on": "2025-02-30"})])
    assert report.inserted == {"inspection": 1} and "not a real date" in reasons(report)[("i2", "inspected_on")]


def test_audit_inserts_on_request(store):
    write_candidates(store, [pipe(1), pipe(2)], audit_inserts=True)
    assert store.count("audit_log") == 2


def test_cancel_writes_nothing(store):
    before = snapshot(store.path)

    class Cancel:
        def __init__(self, after):
            self.calls, self.after = 0, after

        def isCanceled(self):  # noqa: N802 - QgsFeedback API
            self.calls += 1
            return self.calls > self.after

        def setProgress(self, p):  # noqa: N802
            assert 0 <= p <= 100

    n = 12_000
    for after in (0, 3):
        with pytest.raises(ImportCancelled):
            write_candidates(store, [pipe(i) for i in range(n)], feedback=Cancel(after))
        assert snapshot(store.path) == before


def test_report_files(store, tmp_path):
    report = write_candidates(store, [pipe(1), pipe(2, usage="雨"), pipe(3, geom=geo.point_wkb(X0, Y0))])
    report.warnings.append("3 geometries had Z values (dropped)")
    report.field_map = {"code": "编号"}
    p = report.write(tmp_path / "r.csv")
    raw = Path(p).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(lines[0]) == REPORT_COLUMNS
    rejected = [ln for ln in lines if ln[0] == "rejected"]
    assert [(ln[1], ln[3]) for ln in rejected] == [("2", "usage"), ("3", "geom")]
    assert rejected[0][5] == "雨" and rejected[1][5] == "<21 bytes>"
    assert ["warning", "", "", "", "3 geometries had Z values (dropped)", ""] in lines
    assert ["summary", "", "drain_pipe", "inserted", "", "1"] in lines
    assert ["summary", "", "", "field_map", "code", "编号"] in lines
    d = json.loads(Path(report.write(tmp_path / "r.json")).read_text(encoding="utf-8"))
    assert d["inserted"] == {"drain_pipe": 1} and d["rejected"][0]["field"] == "usage" and d["written"]
    with pytest.raises(ValueError, match="csv or .json"):
        report.write(tmp_path / "r.txt")


def test_generate_codes(store):
    import datetime as dt

    day = dt.date(2026, 11, 27)
    codes = generate_codes(store, "drain_pipe", 2, day)
    assert codes == ["GD-IMP20261127-000001", "GD-IMP20261127-000002"]
    write_candidates(store, [pipe(1, code=codes[1])])
    assert generate_codes(store, "drain_pipe", 1, day) == ["GD-IMP20261127-000003"]


def test_geometry_envelope():
    assert geometry_envelope(geo.point_wkb(1, 2), "Point") == (1, 2, 1, 2)
    assert geometry_envelope(geo.linestring_wkb([(0, 5), (3, 1), (2, 2)]), "LineString") == (0, 1, 3, 5)
    ring = [(0, 0), (4, 0), (4, 3), (0, 0)]
    assert geometry_envelope(geo.polygon_wkb([ring]), "Polygon") == (0, 0, 4, 3)
    big = ogr.CreateGeometryFromWkt("LINESTRING (0 5, 3 1)").ExportToWkb(ogr.wkbXDR)  # big-endian
    assert geometry_envelope(big, "LineString") == (0, 1, 3, 5)
    for bad, words in [(geo.point_wkb(float("nan"), float("nan")), "empty"), (b"\x01\x01", "readable"),
                       (geo.polygon_wkb([ring])[:-8], "readable"), ("POINT (1 2)", "not WKB")]:
        with pytest.raises(ValueError, match=words):
            geometry_envelope(bad, "Point" if b"\x01\x01" == bad[:2] else "Polygon")


def test_a_code_that_is_no_key_may_repeat(store):
    """pipe_defect.code is the CJJ 181 defect code (PL, CK …), not a key: it repeats freely."""
    write_candidates(store, [pipe(1)])
    p = next(store.rows("drain_pipe"))
    insp = Candidate("inspection", "i", {"uid": uid(), "facility_uid": p["uid"], "facility_kind": "drain_pipe",
                                         "inspected_on": "2025-03-01", "inspection_type": "cctv"})
    report = write_candidates(store, [insp])
    defects = [Candidate("pipe_defect", k, {"inspection_uid": insp.row["uid"], "code": "PL", "grade": 2,
                                            "start_m": float(k)}) for k in range(3)]
    report = write_candidates(store, defects)
    assert report.inserted == {"pipe_defect": 3} and not report.rejected

"""The GeoPackage store: schema rendering, validation, transactions, bad files. No QGIS needed."""
import hashlib
import os
import sqlite3
import uuid

import pytest
from osgeo import gdal, ogr

from safe_municipal.core import schema as S
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.gpkg import GpkgStore, StoreError, blob_envelope, gpkg_blob

ogr.UseExceptions()


def uid():
    return str(uuid.uuid4())


def road(code="DL-0001", **kw):
    row = {"uid": uid(), "code": code, "name": "三峡大道", "district": "西陵区", "road_class": "arterial",
           "geom": ("LineString", [(527000.0, 3397000.0), (527500.0, 3397300.0), (528000.0, 3397500.0)])}
    row.update(kw)
    return row


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "city.gpkg"))
    yield s
    s.close()


def test_create_registers_every_table(store):
    conn = sqlite3.connect(store.path)
    contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
    for t in S.TABLES:
        assert contents[t.name] == ("features" if t.is_spatial else "attributes")
    geoms = dict(conn.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns"))
    assert geoms == {t.name: t.geometry.upper() for t in S.TABLES if t.is_spatial}
    assert "cover_case" in geoms and set(S.FACILITY_KINDS) < set(geoms)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
    assert store.schema_version == S.SCHEMA_VERSION
    assert conn.execute(f"SELECT version FROM {S.MIGRATIONS_TABLE}").fetchall() == [(S.SCHEMA_VERSION,)]
    assert conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4546").fetchone() == (4546,)


def test_insert_and_read_back(store):
    r = road()
    assert store.insert("road", [r]) == 1
    [back] = list(store.rows("road"))
    assert back["uid"] == r["uid"] and back["name"] == "三峡大道" and back["road_class"] == "arterial"
    from safe_municipal.core.geometry import linestring_wkb
    assert back["geom"] == linestring_wkb(r["geom"][1])
    # the R-tree follows inserts
    assert store.execute("SELECT minx, maxx, miny, maxy FROM rtree_road_geom").fetchone() == (
        527000.0, 528000.0, 3397000.0, 3397500.0)


def test_gdal_reads_the_store(store):
    store.insert("road", [road()])
    store.insert("manhole", [{"uid": uid(), "code": "JC-1", "geom": ("Point", (527000.0, 3397000.0)),
                              "anti_settlement": True, "load_class": "D400"}])
    store.update_extents()
    ds = ogr.Open(store.path)
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    assert {t.name for t in S.TABLES} <= names
    lyr = ds.GetLayerByName("road")
    assert lyr.GetFeatureCount() == 1
    assert lyr.GetSpatialRef().GetAuthorityCode(None) == "4546"
    assert lyr.GetExtent() == (527000.0, 528000.0, 3397000.0, 3397500.0)
    defn = lyr.GetLayerDefn()
    assert defn.GetFieldDefn(defn.GetFieldIndex("road_class")).GetDomainName() == "sm_road_class"
    gds = gdal.OpenEx(store.path, gdal.OF_VECTOR)  # keep the dataset alive while its domain is used
    dom = gds.GetFieldDomain("sm_road_class")
    assert set(dom.GetEnumeration()) == set(S.value_codes("road_class"))
    insp = ds.GetLayerByName("inspection").GetLayerDefn()
    assert insp.GetFieldDefn(insp.GetFieldIndex("indices")).GetSubType() == ogr.OFSTJSON
    mh = ds.GetLayerByName("manhole")
    f = mh.GetNextFeature()
    assert f.GetGeometryRef().GetX() == 527000.0 and f["anti_settlement"] == 1
    # spatial filter goes through the R-tree
    mh.SetSpatialFilterRect(526990, 3396990, 527010, 3397010)
    assert mh.GetFeatureCount() == 1


@pytest.mark.parametrize("bad, field, words", [
    ({"road_class": "motorway"}, "road_class", "not one of"),
    ({"code": None}, "code", "required"),
    ({"built_year": 1700}, "built_year", "below the minimum"),
    ({"lanes": 2.5}, "lanes", "whole number"),
    ({"length_m": -3.0}, "length_m", "below the minimum"),
    ({"last_inspected": "2024-02-30"}, "last_inspected", "not a real date"),
    ({"uid": "not-a-uuid"}, "uid", "not a valid UUID"),
    ({"colour": "red"}, "colour", "not a field"),
    ({"geom": ("Point", (1.0, 2.0))}, "geom", "is a Point"),
])
def test_bad_rows_name_row_and_field_and_write_nothing(store, bad, field, words):
    store.insert("road", [road("DL-0001")])
    before = digest(store.path)
    rows = [road("DL-0002"), {**road("DL-0003"), **bad}]
    with pytest.raises(ValidationError) as e:
        store.insert("road", rows)
    assert e.value.row == 1 and e.value.field == field and words in str(e.value)
    assert "road row 1" in str(e.value)
    assert store.count("road") == 1
    assert digest(store.path) == before


def test_duplicate_code_rolls_back_whole_batch(store):
    store.insert("road", [road("DL-0001")])
    with pytest.raises(ValidationError) as e:
        store.insert("road", [road("DL-0002"), road("DL-0001")])
    assert e.value.field == "code"
    assert store.count("road") == 1


def test_transaction_spans_tables(store):
    with pytest.raises(ValidationError):
        with store.transaction():
            store.insert("road", [road("DL-0001")])
            store.insert("maintenance", [{"uid": uid(), "facility_uid": uid(), "facility_kind": "road",
                                          "category": "sometimes", "status": "done"}])
    assert store.count("road") == 0 and store.count("maintenance") == 0


def test_database_constraints_hold_without_the_validator(store):
    with pytest.raises(ValidationError):
        store.insert("drain_pipe", [{"uid": uid(), "code": "GD-1", "usage": "storm", "diameter_mm": 10,
                                     "geom": ("LineString", [(0, 0), (1, 1)])}], validate=False)
    assert store.count("drain_pipe") == 0


def test_envelope_of_blobs():
    from safe_municipal.core.geometry import linestring_wkb, point_wkb
    assert blob_envelope(gpkg_blob(point_wkb(3, 4), 4546)) == (3, 3, 4, 4)
    assert blob_envelope(gpkg_blob(linestring_wkb([(5, 1), (2, 9)]), 4546)) == (2, 5, 1, 9)


# ---------------------------------------------------------------- opening bad files
def _expect_error(path, words):
    before = digest(path) if os.path.isfile(path) else None
    with pytest.raises(StoreError) as e:
        GpkgStore.open(path)
    assert str(path) in str(e.value) and words in str(e.value)
    if before:
        assert digest(path) == before


def test_open_text_file(tmp_path):
    p = tmp_path / "notes.gpkg"
    p.write_text("hello")
    _expect_error(p, "not a Safe Municipal store")


def test_open_random_binary(tmp_path):
    p = tmp_path / "rand.gpkg"
    p.write_bytes(os.urandom(4096))
    _expect_error(p, "not a Safe Municipal store")


def test_open_foreign_sqlite(tmp_path):
    p = tmp_path / "other.gpkg"
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE t (a)")
    c.commit()
    c.close()
    _expect_error(p, "no sm_meta table")


def test_open_newer_schema(tmp_path):
    p = tmp_path / "new.gpkg"
    GpkgStore.create(str(p)).close()
    c = sqlite3.connect(p)
    c.execute("UPDATE sm_meta SET value = ? WHERE key = 'schema_version'", (str(S.SCHEMA_VERSION + 1),))
    c.commit()
    c.close()
    _expect_error(p, "newer than this plugin")


def test_open_missing_and_folder(tmp_path):
    _expect_error(tmp_path / "nope.gpkg", "no such file")
    _expect_error(tmp_path, "is a folder")


def test_open_read_only(tmp_path):
    p = tmp_path / "ro.gpkg"
    GpkgStore.create(str(p)).close()
    os.chmod(p, 0o444)
    try:
        _expect_error(p, "read-only")
        s = GpkgStore.open(str(p), writable=False)  # reading is fine
        assert s.count("road") == 0
        with pytest.raises(StoreError):
            s.insert("road", [road()])
        s.close()
    finally:
        os.chmod(p, 0o644)


def test_open_locked(tmp_path):
    p = tmp_path / "locked.gpkg"
    GpkgStore.create(str(p)).close()
    other = sqlite3.connect(p, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        _expect_error(p, "locked by another program")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_create_refuses_existing_file(tmp_path):
    p = tmp_path / "x.gpkg"
    p.write_text("keep me")
    with pytest.raises(StoreError, match="exists already"):
        GpkgStore.create(str(p))
    assert p.read_text() == "keep me"
    GpkgStore.create(str(p), overwrite=True).close()
    assert GpkgStore.open(str(p)).schema_version == S.SCHEMA_VERSION


def test_create_in_missing_folder(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        GpkgStore.create(str(tmp_path / "no" / "x.gpkg"))


def test_feature_counts_kept_for_gdal(store):
    store.insert("road", [road("DL-1"), road("DL-2")])
    store.execute("SELECT 1")
    with store.transaction() as c:
        c.execute("DELETE FROM road WHERE code = 'DL-1'")
    assert store.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name='road'").fetchone() == (1,)
    assert ogr.Open(store.path).GetLayerByName("road").GetFeatureCount() == 1


def test_datetimes_normalised_to_gpkg_form(store):
    import datetime as dt
    rows = [{"uid": uid(), "changed_at": when, "user_name": "张工", "table_name": "road", "row_uid": uid(),
             "action": "update"} for when in ("2025-04-02T10:00:00", "2025-04-02T18:00:00+08:00",
                                             dt.datetime(2025, 4, 2, 10, 0, 0, 123456))]
    store.insert("audit_log", rows)
    got = [r[0] for r in store.execute("SELECT changed_at FROM audit_log ORDER BY fid")]
    assert got == ["2025-04-02T10:00:00.000Z", "2025-04-02T10:00:00.000Z", "2025-04-02T10:00:00.123Z"]


def test_bulk_insert_indexes_like_the_triggers(store):
    """Large spatial batches fill the R-tree and count themselves; the result equals the per-row triggers'."""
    def pipes(start, n):
        return [{"uid": uid(), "code": f"GD-{i}", "usage": "storm", "diameter_mm": 400,
                 "geom": ("LineString", [(527000.0 + i, 3397000.0), (527030.0 + i, 3397010.0 + i % 7)])}
                for i in range(start, start + n)]
    store.insert("drain_pipe", pipes(0, 5))  # small batch: triggers
    store.insert("drain_pipe", pipes(5, GpkgStore.BULK_ROWS + 17))  # bulk path
    store.insert("drain_pipe", pipes(10_000, 3))  # triggers are back
    n = 5 + GpkgStore.BULK_ROWS + 17 + 3
    rtree = store.execute("SELECT id, minx, maxx, miny, maxy FROM rtree_drain_pipe_geom ORDER BY id").fetchall()
    expected = [(fid, *blob_envelope(g)) for fid, g in store.execute("SELECT fid, geom FROM drain_pipe ORDER BY fid")]
    assert len(rtree) == n and rtree == expected
    assert store.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'drain_pipe'"
                         ).fetchone() == (n,)
    triggers = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                            "AND tbl_name = 'drain_pipe'")}
    assert {"rtree_drain_pipe_geom_insert", "trigger_insert_feature_count_drain_pipe"} <= triggers


def test_failed_bulk_insert_keeps_triggers_and_rows(store):
    rows = [{"uid": uid(), "code": f"JC-{i}", "geom": ("Point", (527000.0 + i, 3397000.0))}
            for i in range(GpkgStore.BULK_ROWS + 1)]
    rows[-1]["code"] = "JC-0"  # duplicate code on the last row
    before = digest(store.path)
    with pytest.raises(ValidationError):
        store.insert("manhole", rows)
    assert digest(store.path) == before
    assert store.count("manhole") == 0
    assert store.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rtree_manhole_geom_insert'"
                         ).fetchone() == (1,)


def test_migration_from_version_1_adds_the_outfall_table(tmp_path):
    """A version-1 store (before the outfall table) opens migrated: the table, its value list, R-tree and
    audit triggers are there, the migration is recorded, the other rows untouched."""
    import uuid

    from store_support import make_v1_store

    from safe_municipal.layers.gpkg import GpkgStore

    path = make_v1_store(tmp_path / "v1.gpkg")
    with GpkgStore.open(str(path)) as s:
        assert s.schema_version == 2
        assert [r[0] for r in s.execute("SELECT version FROM sm_schema_migrations ORDER BY version")] == [1, 2]
        assert s.count("road") == 1
        s.insert("outfall", [dict(uid=str(uuid.uuid4()), code="PK-1", outfall_type="free", usage="storm",
                                  geom=("Point", (5, 5)))])
        assert s.count("outfall") == 1
        assert s.execute("SELECT count(*) FROM rtree_outfall_geom").fetchone()[0] == 1
        assert s.execute("SELECT count(*) FROM audit_log WHERE table_name = 'outfall'").fetchone()[0] == 1
        assert s.execute("SELECT count(*) FROM gpkg_data_column_constraints WHERE constraint_name = "
                         "'sm_outfall_type'").fetchone()[0] == 3

"""PgStore (layers/pg_store.py) and copy_store/table_checksums (layers/store_copy.py) against a real server.

The rows come from the tiny demo city in a GeoPackage (written once per module), so each PostGIS
result is compared with what the GeoPackage store holds for the same rows.
"""
import shutil
import sqlite3
import uuid

import pytest

psycopg2 = pytest.importorskip("psycopg2")

from safe_municipal.core import schema as S  # noqa: E402
from safe_municipal.core.validation import ValidationError  # noqa: E402
from safe_municipal.layers.errors import StoreError  # noqa: E402
from safe_municipal.layers.gpkg import GpkgStore  # noqa: E402
from safe_municipal.layers.pg_store import ConflictError, PgStore, convert_placeholders  # noqa: E402
from safe_municipal.layers.store_copy import copy_store, geom_hex, normalise, table_checksums  # noqa: E402

SQLISH = "Robert'); DROP TABLE road; -- %s %(x)s ? \"q\" \\ 好"


def canon(t, row):
    """A row in the normalised form the checksums use (backend-independent)."""
    out = {f.name: normalise(f.type, row.get(f.name)) for f in t.fields}
    if t.is_spatial:
        out["geom"] = geom_hex(row["geom"]) if row.get("geom") is not None else None
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The tiny demo city in a GeoPackage, plus a JSON setting, an attachment (blob) and an edit, all audited."""
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("pgapi") / "demo.gpkg"
    write_demo_city(str(path), "tiny", 1, validate=False)
    with GpkgStore.open(str(path)) as g:
        road = next(iter(g.rows("road")))
        g.insert("setting", [{"uid": str(uuid.uuid4()), "key": "weights",
                              "value": {"pci": 0.35, "名称": "权重", "list": [1, 2.5, None, True]}}])
        g.insert("attachment", [{"uid": str(uuid.uuid4()), "facility_uid": road["uid"], "facility_kind": "road",
                                 "file_name": "照片.jpg", "size_bytes": 4, "taken_on": "2025-03-01",
                                 "content": b"\x00\xff\x10\x80"}])
        g.update("road", road["uid"], {"notes": SQLISH})  # one audit_log row with JSON values
        assert g.count("audit_log") == 3  # two inserts, one update: JSON old/new values
    return path


@pytest.fixture
def gpkg(demo, tmp_path):
    """A private copy of the demo GeoPackage store, open."""
    p = tmp_path / "copy.gpkg"
    shutil.copy(demo, p)
    with GpkgStore.open(str(p)) as g:
        yield g


@pytest.fixture
def pgs(store_db, new_schema):
    """An empty PostGIS store (fresh schema), connected as the superuser (a member of sm_admin)."""
    schema = new_schema()
    with PgStore.connect(store_db.dsn, schema=schema) as s:
        s.dsn_for = store_db.dsn_for
        yield s


def test_connect_reads_meta(pgs):
    assert pgs.backend == "postgis" and pgs.epsg == 4546 and pgs.schema_version == S.SCHEMA_VERSION


def test_round_trip_every_facility_table(gpkg, pgs):
    for t in S.FACILITY_TABLES:
        rows = list(gpkg.rows(t.name))
        assert rows, t.name
        with pgs.transaction():
            assert pgs.insert(t.name, rows) == len(rows)
        assert pgs.count(t.name) == len(rows) == gpkg.count(t.name)
        # rows and get give the GeoPackage store's values (normalised: booleans are bool, not 0/1)
        assert {r["uid"]: canon(t, r) for r in pgs.rows(t.name)} == {r["uid"]: canon(t, r) for r in rows}
        first, other, last = rows[0], rows[1 % len(rows)], rows[-1]
        got = pgs.get(t.name, first["uid"])
        assert isinstance(got["geom"], bytes) and isinstance(got["uid"], str)
        assert canon(t, got) == canon(t, gpkg.get(t.name, first["uid"]))
        assert list(pgs.rows(t.name, "code = ?", (first["code"],), columns=["uid"])) == [{"uid": first["uid"]}]
        # the same update on both stores
        changes = {"notes": SQLISH + t.name, "geom": other["geom"]}
        old_p, new_p = pgs.update(t.name, first["uid"], changes)
        old_g, new_g = gpkg.update(t.name, first["uid"], changes)
        assert canon(t, old_p) == canon(t, old_g) and canon(t, new_p) == canon(t, new_g)
        assert new_p["notes"] == SQLISH + t.name and new_p["geom"] == other["geom"]
        assert pgs.row_version(t.name, first["uid"]) == 2
        # delete
        assert pgs.delete(t.name, [last["uid"]]) == gpkg.delete(t.name, [last["uid"]]) == 1
        assert pgs.get(t.name, last["uid"]) is None and pgs.count(t.name) == gpkg.count(t.name)
    mine = table_checksums(pgs)
    theirs = table_checksums(gpkg)
    for t in S.FACILITY_TABLES:
        assert mine[t.name] == theirs[t.name], t.name
    # the database audited every write as the login
    n = pgs.execute(f'SELECT count(*), min(user_name) FROM "{pgs.schema}".audit_log').fetchone()
    assert n[0] > sum(gpkg.count(t.name) for t in S.FACILITY_TABLES) and n[1] == pgs.user


def test_bad_values_are_validation_errors_naming_the_field(gpkg, pgs):
    roads = list(gpkg.rows("road"))[:3]
    pgs.insert("road", roads[:1])
    before = table_checksums(pgs)["road"]
    cases = [  # (row, validate, field)
        ({**roads[1], "lanes": 99}, True, "lanes"),          # core validation
        ({**roads[1], "lanes": 99}, False, "lanes"),         # the database's ck_road_lanes
        ({**roads[1], "road_class": "motorway"}, False, "road_class"),
        ({**roads[1], "code": roads[0]["code"]}, True, "code"),   # uq_road_code (validation cannot know)
        ({**roads[1], "code": None}, False, "code"),         # NOT NULL
    ]
    for row, validate, field in cases:
        with pytest.raises(ValidationError) as e:
            pgs.insert("road", [roads[2], row], validate=validate)   # a good row first: nothing is kept
        assert e.value.field == field and e.value.table == "road", (field, str(e.value))
        assert table_checksums(pgs)["road"] == before
    with pytest.raises(ValidationError) as e:
        pgs.update("road", roads[0]["uid"], {"built_year": 1200})
    assert e.value.field == "built_year"
    with pytest.raises(ValidationError) as e:
        pgs.update("road", roads[0]["uid"], {"lanes": 0}, validate=False)
    assert e.value.field == "lanes"
    with pytest.raises(ValidationError) as e:
        pgs.insert("manhole", [{**roads[1], "geom": roads[1]["geom"]}])
    assert table_checksums(pgs)["road"] == before
    # a failed write inside an outer transaction rolls the whole transaction back
    with pytest.raises(ValidationError):
        with pgs.transaction():
            pgs.insert("road", [roads[1]])
            pgs.update("road", roads[0]["uid"], {"lanes": 0}, validate=False)
    assert pgs.count("road") == 1 and table_checksums(pgs)["road"] == before


def test_second_writer_with_stale_version_gets_conflict(gpkg, pgs):
    road = next(iter(gpkg.rows("road")))
    pgs.insert("road", [road])
    with PgStore.connect(pgs.dsn_for(user="eve_editor"), schema=pgs.schema) as eve, \
            PgStore.connect(pgs.dsn_for(user="adam_admin"), schema=pgs.schema) as adam:
        v_eve, v_adam = eve.row_version("road", road["uid"]), adam.row_version("road", road["uid"])
        assert v_eve == v_adam == 1
        eve.update("road", road["uid"], {"notes": "eve's"}, expected_version=v_eve)
        with pytest.raises(ConflictError) as e:
            adam.update("road", road["uid"], {"notes": "adam's"}, expected_version=v_adam)
        msg = str(e.value)
        assert "road" in msg and road["uid"] in msg and "eve_editor" in msg, msg
        assert e.value.who == "eve_editor" and e.value.uid == road["uid"] and e.value.when
        assert isinstance(e.value, StoreError)
        assert adam.get("road", road["uid"])["notes"] == "eve's" and adam.row_version("road", road["uid"]) == 2
        # reloaded: the new version goes through
        adam.update("road", road["uid"], {"notes": "adam's"}, expected_version=2)
        assert eve.get("road", road["uid"])["notes"] == "adam's"


def test_roles_may_not(gpkg, pgs):
    road = next(iter(gpkg.rows("road")))
    with PgStore.connect(pgs.dsn_for(user="alice_viewer"), schema=pgs.schema) as alice:
        assert alice.count("road") == 0
        with pytest.raises(StoreError, match="your role alice_viewer may not insert rows of road"):
            alice.insert("road", [road])
        with pytest.raises(StoreError, match="may not suspend the audit log"):
            with alice.audit_suspended():
                pass
    with PgStore.connect(pgs.dsn_for(user="ivan_inspector"), schema=pgs.schema) as ivan:
        with pytest.raises(StoreError, match="may not insert"):
            ivan.insert("road", [road])
    assert pgs.count("road") == 0
    with PgStore.connect(pgs.dsn_for(user="alice_viewer"), schema=pgs.schema, writable=False) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.insert("road", [road])


def test_connection_errors_name_the_database_not_the_password(store_db):
    with pytest.raises(StoreError) as e:
        PgStore.connect("host=127.0.0.1 port=1 dbname=nowhere_db user=nobody password=s3cr3t-pw")
    assert "nowhere_db" in str(e.value) and "127.0.0.1" in str(e.value) and "s3cr3t" not in str(e.value)
    with pytest.raises(StoreError, match="no schema no_such_schema"):
        PgStore.connect(store_db.dsn, schema="no_such_schema")


def test_sql_like_strings_stored_verbatim(gpkg, pgs):
    road = dict(next(iter(gpkg.rows("road"))), name=SQLISH, notes="?")
    pgs.insert("road", [road])
    assert pgs.get("road", road["uid"])["name"] == SQLISH
    assert list(pgs.rows("road", "notes = '?' AND name = ?", (SQLISH,), columns=["uid"])) == [{"uid": road["uid"]}]
    assert list(pgs.rows("road", "name = %s", (SQLISH,), columns=["name"])) == [{"name": SQLISH}]
    assert convert_placeholders("a = ? AND b LIKE '%?' AND c % 2 = ?") == "a = %s AND b LIKE '%%?' AND c %% 2 = %s"
    assert pgs.count("road") == 1


def test_copy_gpkg_to_postgis_and_back(gpkg, pgs, tmp_path):
    src_counts = {t.name: gpkg.count(t.name) for t in S.TABLES}
    copied = copy_store(gpkg, pgs)
    assert copied == src_counts
    back_path = tmp_path / "back.gpkg"
    with GpkgStore.create(str(back_path)) as back:
        assert copy_store(pgs, back) == src_counts
        for store in (pgs, back):  # copying is not editing: the audit log is the source's, no more
            assert {t.name: store.count(t.name) for t in S.TABLES} == src_counts
        sums = table_checksums(gpkg)
        assert "audit_log" not in sums and len(sums) == len(S.TABLES) - 1
        assert table_checksums(pgs) == sums == table_checksums(back)
        # the audit log itself came through too (JSON values as JSON)
        a = {r["uid"]: normalise("json", r["new_values"]) for r in gpkg.rows("audit_log")}
        assert {r["uid"]: normalise("json", r["new_values"]) for r in pgs.rows("audit_log")} == a
        assert {r["uid"]: normalise("json", r["new_values"]) for r in back.rows("audit_log")} == a
        for t in S.TABLES:  # fids kept
            fids = [r["fid"] for r in gpkg.rows(t.name, columns=["fid"], order_by=["fid"])]
            assert [r["fid"] for r in back.rows(t.name, columns=["fid"], order_by=["fid"])] == fids
            assert [r["fid"] for r in pgs.rows(t.name, columns=["fid"], order_by=["fid"])] == fids
        # the identity moved past the copied fids
        top = max(r["fid"] for r in pgs.rows("road", columns=["fid"]))
        new = dict(next(iter(gpkg.rows("road"))), uid=str(uuid.uuid4()), code="DL-NEW-1")
        pgs.insert("road", [new])
        assert list(pgs.rows("road", "uid = ?", (new["uid"],), columns=["fid"])) == [{"fid": top + 1}]
        with pytest.raises(StoreError, match="not empty"):
            copy_store(gpkg, back)
    # the new GeoPackage as GDAL sees it: feature counts, R-tree, spatial filter
    from osgeo import ogr

    ds = ogr.Open(str(back_path))
    db = sqlite3.connect(str(back_path))
    try:
        for t in S.TABLES:
            lyr = ds.GetLayerByName(t.name)
            assert lyr is not None and lyr.GetFeatureCount() == src_counts[t.name], t.name
            if t.is_spatial and src_counts[t.name]:
                n_geom = db.execute(f'SELECT count(*) FROM "{t.name}" WHERE geom IS NOT NULL').fetchone()[0]
                assert db.execute(f'SELECT count(*) FROM "rtree_{t.name}_geom"').fetchone()[0] == n_geom
                minx, maxx, miny, maxy = lyr.GetExtent()
                lyr.SetSpatialFilterRect(minx - 1, miny - 1, maxx + 1, maxy + 1)
                assert lyr.GetFeatureCount() == n_geom
                lyr.SetSpatialFilter(None)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
        ds = None


def test_user_is_the_login_and_cannot_be_renamed(pg_copy, tmp_path):
    from safe_municipal.layers.gpkg import GpkgStore

    GpkgStore.create(str(tmp_path / "e.gpkg")).close()
    store = pg_copy(tmp_path / "e.gpkg", user="eve_editor")
    store.user = "李工"  # a GeoPackage would take it; the database names the login
    assert store.user == "eve_editor"

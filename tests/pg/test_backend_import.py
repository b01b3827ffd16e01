"""The import engine's tests (tests/unit/test_importer.py) again, on an empty PostGIS store; plus what
the GeoPackage-only tests check, the PostGIS way (GDAL reads the rows through its PostgreSQL driver,
an update moves the geometry the spatial index finds, inserts are audited when asked or when the
login may not suspend the audit)."""
import pytest
import unit.test_importer as unit
from osgeo import ogr
from pg_backend_support import *  # noqa: F401,F403 - pg_empty, pg_clone, snapshot
from pg_backend_support import snapshot as backend_snapshot
from unit.test_importer import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_importer import X0, Y0, line, pipe

from safe_municipal.core import geometry as geo
from safe_municipal.layers import store_ref
from safe_municipal.layers.importer import Candidate, write_candidates

# SQLite internals: the R-tree, gpkg_ogr_contents and the triggers of the GeoPackage bulk path
test_bulk_path_indexes_like_the_store = None
# reads the GeoPackage file with OGR and its R-tree: the PostGIS versions are below
test_append_writes_every_field_and_gdal_reads_it = None
test_update_moves_geometries_and_keeps_the_rtree = None


@pytest.fixture
def store(pg_empty):
    return pg_empty()


@pytest.fixture(autouse=True)
def _snapshot_either_backend(monkeypatch):
    """The module compares ``snapshot(store.path)``: on PostGIS the path is the store's reference."""
    monkeypatch.setattr(unit, "snapshot", backend_snapshot)


def _ogr_layer(store, table):
    from psycopg2.extensions import parse_dsn

    d = parse_dsn(store_ref.libpq_dsn(store.path))
    conn = " ".join(f"{k}={v}" for k, v in d.items())
    ds = ogr.Open(f"PG:{conn} schemas={store.schema} tables={store.schema}.{table}")
    return ds, ds.GetLayerByName(f"{store.schema}.{table}") or ds.GetLayer(0)


def test_append_writes_every_field_and_gdal_reads_it_from_postgis(store):
    rows = [pipe(i, up_invert_depth_m=1.5, built_year=2001, name="中山路") for i in range(3)]
    report = write_candidates(store, rows)
    assert report.written and report.inserted == {"drain_pipe": 3} and not report.rejected
    got = {r["code"]: r for r in store.rows("drain_pipe")}
    assert got["GD-0001"]["name"] == "中山路" and got["GD-0001"]["up_invert_depth_m"] == 1.5
    assert got["GD-0002"]["geom"] == line(2)
    ds, lyr = _ogr_layer(store, "drain_pipe")
    assert lyr.GetFeatureCount() == 3
    lyr.SetSpatialFilterRect(X0 + 19, Y0 - 1, X0 + 22, Y0 + 2)
    assert [f.GetField("code") for f in lyr] == ["GD-0002"]
    del lyr, ds  # the layer dies with its dataset
    assert store.count("audit_log") == 0  # the superuser (an sm_admin member) suspends it for inserts


def test_bulk_insert_of_many_rows(store):
    n = 2500
    report = write_candidates(store, [pipe(i, geom=line(i, 2 + i % 3)) for i in range(n)])
    assert report.inserted == {"drain_pipe": n} and store.count("drain_pipe") == n
    right = max(10 * i + 1 + i % 3 for i in range(n))  # line(i, k) ends at X0 + 10 i + k - 1
    assert store.table_extent("drain_pipe") == (X0, Y0, X0 + right, Y0 + 3)
    fids = [r["fid"] for r in store.rows("drain_pipe", columns=["fid"], order_by=["fid"])]
    assert len(set(fids)) == n


def test_update_moves_the_geometry_the_index_finds(store):
    write_candidates(store, [pipe(1)])
    moved = geo.linestring_wkb([(X0 + 500, Y0 + 500), (X0 + 600, Y0 + 600)])
    report = write_candidates(store, [Candidate("drain_pipe", 1, {"code": "GD-0001", "geom": moved})], mode="update")
    assert report.updated == {"drain_pipe": 1}
    hit = store.execute(f"SELECT code FROM drain_pipe WHERE geom && ST_MakeEnvelope({X0 + 550}, {Y0 + 550}, "
                        f"{X0 + 560}, {Y0 + 560}, {store.epsg})").fetchall()
    assert hit == [("GD-0001",)]
    assert store.row_version("drain_pipe", next(store.rows("drain_pipe"))["uid"]) == 2
    [log] = store.rows("audit_log", "action = 'update'")
    assert '"geom_changed": true' in log["new_values"]


def test_an_editor_imports_audited(pg_empty, store_db):
    """The login may not suspend the audit (only sm_admin may): the database logs its inserts too."""
    from pg_support import pg_ref

    admin = pg_empty()
    ref = pg_ref(store_db, admin.schema, "eve_editor")
    with store_ref.open_store(ref) as eve:
        report = write_candidates(eve, [pipe(1), pipe(2)])
        assert report.inserted == {"drain_pipe": 2}
        logs = list(eve.rows("audit_log"))
    assert {(r["action"], r["user_name"]) for r in logs} == {("insert", "eve_editor")} and len(logs) == 2

"""Backup and restore with a PostGIS store (layers.backup): the backup of the shared store is the usual
zip with a GeoPackage store in it, so GeoPackage → PostGIS → backup → GeoPackage keeps every table
(per-table checksums equal); a backup restores into an empty PostGIS store and never over one that
holds rows."""
import json
import uuid
import zipfile

import pytest
from pg_backend_support import *  # noqa: F401,F403 - pg_empty, pg_clone
from pg_support import pg_ref

from safe_municipal.layers import store_ref
from safe_municipal.layers.backup import BackupError, backup_store, restore_store, verify_backup
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.store_copy import table_checksums


@pytest.fixture(scope="module")
def full_gpkg(tmp_path_factory):
    """A GeoPackage store with every field of every table filled, and an audit log."""
    return write_full_gpkg(tmp_path_factory.mktemp("full") / "城市.gpkg")  # noqa: F405


def _checksums(path):
    with GpkgStore.open(str(path), writable=False) as s:
        return table_checksums(s), list(s.rows("audit_log", order_by=["changed_at", "uid"]))


def test_geopackage_to_postgis_to_backup_to_geopackage_loses_nothing(full_gpkg, pg_clone, tmp_path):
    original, audit = _checksums(full_gpkg)
    pg = pg_clone(full_gpkg)
    assert table_checksums(pg) == original
    res = backup_store(pg.ref, str(tmp_path / "shared.zip"))
    assert res["tables"] == {name: n for name, (n, _h) in original.items()} | {"audit_log": len(audit)}
    with zipfile.ZipFile(res["path"]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert sorted(zf.namelist()) == ["manifest.json", res["store_file"]]
    assert res["store_file"] == f"safe_municipal_test-{pg.schema}.gpkg"
    assert manifest["source"] == {"backend": "postgis", "store": store_ref.canonical(pg.ref)}
    assert manifest["crs"] == "EPSG:4546" and manifest["schema_version"] == pg.schema_version
    assert verify_backup(res["path"])["tables"] == res["tables"]
    back = restore_store(res["path"], str(tmp_path / "home.gpkg"))
    assert back["safety_copy"] is None and back["migrated_from"] is None
    restored, restored_audit = _checksums(back["path"])
    assert restored == original
    assert restored_audit == list(pg.rows("audit_log", order_by=["changed_at", "uid"]))
    with GpkgStore.open(back["path"]) as s:  # a working GeoPackage store: spatial index and all
        assert s.table_extent("road") == pytest.approx(pg.table_extent("road"), abs=1.0)  # R-tree: float32


def test_a_backup_restores_into_an_empty_postgis_store_only(full_gpkg, pg_empty, store_db, tmp_path):
    original, _ = _checksums(full_gpkg)
    zip_path = backup_store(full_gpkg, str(tmp_path / "b.zip"))["path"]
    # a schema that does not exist yet is created
    target = pg_empty()
    ref = pg_ref(store_db, target.schema + "_new")
    try:
        res = restore_store(zip_path, ref)
        assert res["path"] == store_ref.canonical(ref) and res["tables"]["road"] == original["road"][0]
        with store_ref.open_store(ref, writable=False) as s:
            assert table_checksums(s) == original
        # one that holds rows: refused, untouched
        with pytest.raises(BackupError, match="is not empty"):
            restore_store(zip_path, ref, overwrite=True)
        with store_ref.open_store(ref, writable=False) as s:
            assert table_checksums(s) == original
    finally:
        from safe_municipal.layers.store_copy import discard_target

        discard_target(ref, True)
    # an existing empty store: filled
    restore_store(zip_path, target.ref)
    assert table_checksums(target) == original
    # an empty store of another CRS: refused
    with pytest.raises(BackupError, match="EPSG:2056"):
        restore_store(zip_path, pg_empty(2056).ref)


def test_a_viewer_backs_up_the_shared_store_without_uncommitted_work(full_gpkg, pg_clone, store_db, tmp_path):
    pg = pg_clone(full_gpkg)
    viewer = pg_ref(store_db, pg.schema, "alice_viewer")
    with pg.transaction():  # someone's transaction, not committed while the backup runs
        pg.insert("road", [{"uid": str(uuid.uuid4()), "code": "DL-UNSAVED", "geom": ("LineString", [(527000, 3397000), (527010, 3397000)])}])
        res = backup_store(viewer, str(tmp_path / "v.zip"))
    back = restore_store(res["path"], str(tmp_path / "v.gpkg"))
    with GpkgStore.open(back["path"], writable=False) as s:
        assert [r["code"] for r in s.rows("road", "code = 'DL-UNSAVED'")] == []
    assert back["tables"]["road"] == pg.count("road") - 1


def test_backup_errors_name_the_store(store_db, tmp_path):
    missing = pg_ref(store_db, "sm_no_such_schema")
    with pytest.raises(BackupError, match="no schema sm_no_such_schema"):
        backup_store(missing, str(tmp_path / "x.zip"))
    with pytest.raises(BackupError, match=r"\.zip"):
        backup_store(missing, str(tmp_path / "x.tar"))
    assert list(tmp_path.iterdir()) == []

"""Whole-store backup and restore: consistent while in use, verified, migrated, never half-restored."""
import hashlib
import json
import sqlite3
import zipfile

import pytest
from export_support import write_full_store
from store_support import downgrade_to_v1

from safe_municipal.core import schema as S
from safe_municipal.layers.backup import (
    BackupError,
    backup_store,
    restore_store,
    table_checksums,
    verify_backup,
)
from safe_municipal.layers.gpkg import GpkgStore, register_functions


@pytest.fixture()
def store_path(tmp_path):
    return write_full_store(tmp_path / "城市.gpkg")


def all_rows(path):
    with GpkgStore.open(str(path), writable=False) as s:
        out = {}
        for t in S.TABLES:
            cols = ["fid", *t.field_names] + (["geom"] if t.is_spatial else [])
            out[t.name] = list(s.rows(t.name, columns=cols, order_by=["fid"]))
        return out


def checksums(path):
    conn = sqlite3.connect(str(path))
    try:
        return table_checksums(conn)
    finally:
        conn.close()


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_backup_and_restore_row_for_row(store_path, tmp_path):
    res = backup_store(store_path, str(tmp_path / "b.zip"))
    assert res["tables"]["road"] == 2 and res["schema_version"] == S.SCHEMA_VERSION
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "城市.gpkg"]
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["tables"]["manhole"]["rows"] == 2 and len(manifest["tables"]["manhole"]["sha256"]) == 64
    assert {"gpkg_contents", "sm_meta", "rtree_road_geom"} <= set(manifest["tables"])
    assert verify_backup(str(tmp_path / "b.zip"))["tables"] == res["tables"]
    out = tmp_path / "restored" / "new.gpkg"
    out.parent.mkdir()
    r = restore_store(str(tmp_path / "b.zip"), str(out))
    assert r["migrated_from"] is None and r["safety_copy"] is None and r["tables"] == res["tables"]
    assert all_rows(out) == all_rows(store_path)
    assert checksums(out) == checksums(store_path)
    assert leftovers(tmp_path) == [] and leftovers(out.parent) == []


def test_backup_while_another_connection_reads_and_writes(store_path, tmp_path):
    reader = sqlite3.connect(store_path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM road").fetchone() == (2,)  # holds a read transaction
    writer = sqlite3.connect(store_path, isolation_level=None, timeout=0.1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM maintenance_material")  # not committed: not in the backup
    try:
        res = backup_store(store_path, str(tmp_path / "busy.zip"))
    finally:
        writer.execute("ROLLBACK")
        reader.execute("COMMIT")
        writer.close()
        reader.close()
    assert res["tables"]["maintenance_material"] == 2
    restore_store(str(tmp_path / "busy.zip"), str(tmp_path / "r.gpkg"))
    assert all_rows(tmp_path / "r.gpkg") == all_rows(store_path)


def test_backup_of_a_store_in_wal_mode_is_one_consistent_file(store_path, tmp_path):
    """As while QGIS edits: committed rows still in the -wal are in the backup, which is no WAL file."""
    conn = sqlite3.connect(store_path, isolation_level=None)
    register_functions(conn)  # the R-tree triggers call them
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE road SET name = '三峡大道（新）' WHERE fid = 1")
    reader = sqlite3.connect(store_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM road").fetchone()
    try:
        backup_store(store_path, str(tmp_path / "wal.zip"))
    finally:
        reader.execute("COMMIT")
        reader.close()
        conn.close()
    with zipfile.ZipFile(tmp_path / "wal.zip") as zf:
        head = zf.read("城市.gpkg")[:100]
    assert head[18:20] == b"\x01\x01"  # rollback journal, not WAL
    restore_store(str(tmp_path / "wal.zip"), str(tmp_path / "r.gpkg"))
    with GpkgStore.open(str(tmp_path / "r.gpkg"), writable=False) as s:
        assert s.execute("SELECT name FROM road WHERE fid = 1").fetchone() == ("三峡大道（新）",)


def _rezip(src, dest, store_bytes=None, manifest=None):
    with zipfile.ZipFile(src) as zf:
        names = zf.namelist()
        data = {n: zf.read(n) for n in names}
    store_name = next(n for n in names if n.endswith(".gpkg"))
    if store_bytes is not None:
        data[store_name] = store_bytes
    if manifest is not None:
        data["manifest.json"] = json.dumps(manifest).encode("utf-8")
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, b in data.items():
            zf.writestr(n, b)
    return store_name


def test_tampered_backups_are_refused(store_path, tmp_path):
    good = tmp_path / "good.zip"
    backup_store(store_path, str(good))
    # a row changed inside the store: the file checksum catches it
    changed = tmp_path / "changed.gpkg"
    changed.write_bytes(open(store_path, "rb").read())
    conn = sqlite3.connect(changed)
    register_functions(conn)
    conn.execute("UPDATE drain_pipe SET diameter_mm = diameter_mm + 100 WHERE fid = 1")
    conn.commit()
    conn.close()
    bad = tmp_path / "bad.zip"
    _rezip(good, bad, store_bytes=changed.read_bytes())
    with pytest.raises(BackupError, match="does not match its manifest"):
        verify_backup(str(bad))
    # ... and with the file checksum forged too, the table checksums name the table
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["store_sha256"] = digest(changed)
    manifest["store_size"] = changed.stat().st_size
    _rezip(good, bad, store_bytes=changed.read_bytes(), manifest=manifest)
    with pytest.raises(BackupError, match="tables differ from the manifest: .*drain_pipe"):
        verify_backup(str(bad))
    target = tmp_path / "target.gpkg"
    with pytest.raises(BackupError, match="drain_pipe"):
        restore_store(str(bad), str(target))
    assert not target.exists() and leftovers(tmp_path) == []
    # no manifest at all
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("x.gpkg", b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="no manifest.json"):
        verify_backup(str(bad))


def test_truncated_backup_leaves_the_target_untouched(store_path, tmp_path):
    good = tmp_path / "good.zip"
    backup_store(store_path, str(good))
    data = good.read_bytes()
    cut = tmp_path / "cut.zip"
    target = tmp_path / "target.gpkg"
    write_full_store(target, tables=("road",))
    before = digest(target)
    for size in (len(data) // 2, len(data) - 30, 100):
        cut.write_bytes(data[:size])
        with pytest.raises(BackupError, match="damaged or incomplete"):
            restore_store(str(cut), str(target), overwrite=True)
        assert digest(target) == before
    # a flipped byte inside the compressed store: the zip's CRC or the checksum catches it
    flipped = bytearray(data)
    flipped[len(data) // 3] ^= 0xFF
    cut.write_bytes(bytes(flipped))
    with pytest.raises(BackupError):
        restore_store(str(cut), str(target), overwrite=True)
    assert digest(target) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name] and leftovers(tmp_path) == []


def test_overwrite_keeps_a_safety_copy(store_path, tmp_path):
    backup_store(store_path, str(tmp_path / "b.zip"))
    target = tmp_path / "target.gpkg"
    write_full_store(target, tables=("road",))
    old = checksums(target)
    with pytest.raises(BackupError, match="exists already"):
        restore_store(str(tmp_path / "b.zip"), str(target))
    r = restore_store(str(tmp_path / "b.zip"), str(target), overwrite=True)
    safety = r["safety_copy"]
    assert safety and "target.before-restore-" in safety and safety.endswith(".gpkg")
    assert checksums(safety) == old
    assert all_rows(target) == all_rows(store_path)


def test_restore_refuses_a_target_in_use(store_path, tmp_path):
    backup_store(store_path, str(tmp_path / "b.zip"))
    target = tmp_path / "target.gpkg"
    write_full_store(target, tables=("road",))
    before = digest(target)
    reader = sqlite3.connect(target, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM road").fetchone()
    try:
        with pytest.raises(BackupError, match="in use by another program"):
            restore_store(str(tmp_path / "b.zip"), str(target), overwrite=True)
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert digest(target) == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]


def test_an_older_backup_is_migrated(tmp_path):
    old = tmp_path / "v1.gpkg"
    write_full_store(old, tables=("road", "drain_pipe"))
    downgrade_to_v1(old)
    res = backup_store(str(old), str(tmp_path / "v1.zip"))
    assert res["schema_version"] == 1 and "outfall" not in res["tables"]
    assert verify_backup(str(tmp_path / "v1.zip"))["schema_version"] == 1
    r = restore_store(str(tmp_path / "v1.zip"), str(tmp_path / "now.gpkg"))
    assert r["migrated_from"] == 1 and r["schema_version"] == S.SCHEMA_VERSION
    assert r["tables"]["outfall"] == 0 and r["tables"]["road"] == 2 and r["tables"]["drain_pipe"] == 2
    with GpkgStore.open(str(tmp_path / "now.gpkg"), writable=False) as s:
        assert [v for (v,) in s.execute("SELECT version FROM sm_schema_migrations ORDER BY version")] == [1, 2]


def test_a_newer_backup_is_refused(store_path, tmp_path):
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE sm_meta SET value = ? WHERE key = 'schema_version'", (str(S.SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    backup_store(store_path, str(tmp_path / "future.zip"))
    with pytest.raises(BackupError, match="newer than this plugin"):
        restore_store(str(tmp_path / "future.zip"), str(tmp_path / "x.gpkg"))
    assert not (tmp_path / "x.gpkg").exists() and leftovers(tmp_path) == []


def test_backup_errors(store_path, tmp_path):
    with pytest.raises(BackupError, match="a backup is a .zip file"):
        backup_store(store_path, str(tmp_path / "b.gpkg"))
    with pytest.raises(BackupError, match="does not exist"):
        backup_store(store_path, str(tmp_path / "no" / "b.zip"))
    other = tmp_path / "other.gpkg"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="not a Safe Municipal store"):
        backup_store(str(other), str(tmp_path / "o.zip"))
    with pytest.raises(BackupError, match="no such store"):
        backup_store(str(tmp_path / "none.gpkg"), str(tmp_path / "n.zip"))
    with pytest.raises(BackupError, match="no such backup"):
        verify_backup(str(tmp_path / "none.zip"))
    assert not (tmp_path / "o.zip").exists() and leftovers(tmp_path) == []

"""Whole-store backup and restore: one ``.zip`` holding the store's GeoPackage and a manifest.

:func:`backup_store` copies the store with SQLite's online backup API, so the copy is consistent —
one moment of the store — even while QGIS has it open, reads it or is in the middle of writing to it
(an uncommitted transaction is not in the copy). The copy is put in rollback-journal mode (a single
file, no ``-wal``), then packed with ``manifest.json``:

``format``/``format_version``, ``application``, ``schema_version``, ``crs``, ``created_at`` (UTC),
``store_file`` (its name in the zip), ``store_size``, ``store_sha256`` and ``tables``: for every
table of the file (schema tables, GeoPackage metadata, R-tree indexes, the plugin's ``sm_*`` tables)
its ``rows`` and a ``sha256`` computed over its column names and every value of every row, ordered
by fid (rowid), no column left out (:func:`table_checksums`).

:func:`verify_backup` extracts the store to a temporary file and checks the file's size and SHA-256
and every table's rows and checksum against the manifest. :func:`restore_store` does the same
beside the target, refuses a backup of a newer schema version than this plugin's, migrates an older
one (``GpkgStore.open``), and only then moves the file into place with ``os.replace``. An existing
target is replaced only with ``overwrite=True``, and is first copied to
``<name>.before-restore-<YYYYMMDDTHHMMSS>.gpkg`` beside it (through the backup API too). A damaged,
truncated or tampered backup raises :class:`BackupError` naming the file and the problem, and the
target stays untouched. A target another program has open (a lock, or a ``-wal`` that stays after
checkpointing) is refused: close the project in QGIS first.

A PostGIS store (a store reference instead of a path) is backed up in the same format: its tables
are copied (``layers.store_copy``) from one consistent snapshot into a new GeoPackage of the store's
CRS, which goes into the zip — so a copy of the shared store can be taken home and opened as a
GeoPackage store, or restored into PostGIS again. Restoring into PostGIS writes an EMPTY store (the
schema is created when it does not exist); one that holds rows is refused, never overwritten.

Needs no QGIS: messages are translated when QGIS is there, plain English otherwise.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import tempfile
import uuid
import zipfile
import zlib
from pathlib import Path
from typing import Any, Optional

from ..core import schema as S
from .errors import StoreError

try:  # QGIS's translation when it is there; backups also run from plain Python (a server's cron job)
    from ..i18n import tr
except ImportError:  # pragma: no cover - without QGIS
    def tr(text: str) -> str:
        return text

FORMAT = "safe_municipal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be written, read, verified or restored; the message names the file."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- checksums
def _encode(v: Any) -> bytes:
    """One value, typed and length-prefixed, so that no two different rows hash alike."""
    if v is None:
        return b"\x00"
    if isinstance(v, int):
        return b"\x01" + str(v).encode("ascii") + b";"
    if isinstance(v, float):
        return b"\x02" + struct.pack("<d", v)
    if isinstance(v, str):
        b = v.encode("utf-8", errors="surrogatepass")
        return b"\x03" + struct.pack("<Q", len(b)) + b
    b = bytes(v)
    return b"\x04" + struct.pack("<Q", len(b)) + b


def table_checksum(conn: sqlite3.Connection, name: str) -> tuple:
    """``(rows, sha256 hex)`` of one table: its column names, then every value of every row, ordered
    by rowid (the fid of GeoPackage tables; tables without rowid by all their columns)."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({_q(name)})")]
    h = hashlib.sha256()
    h.update(_encode(name) + b"".join(_encode(c) for c in cols))
    try:
        cur = conn.execute(f"SELECT * FROM {_q(name)} ORDER BY rowid")
    except sqlite3.OperationalError:  # WITHOUT ROWID
        cur = conn.execute(f"SELECT * FROM {_q(name)} ORDER BY " + ", ".join(str(i + 1) for i in range(len(cols))))
    n = 0
    for row in cur:
        n += 1
        h.update(b"".join(_encode(v) for v in row))
    return n, h.hexdigest()


def table_checksums(conn: sqlite3.Connection) -> dict:
    """``{table: {"rows": n, "sha256": hex}}`` for every table of the database."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {}
    for name in names:
        n, digest = table_checksum(conn, name)
        out[name] = {"rows": n, "sha256": digest}
    return out


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _meta(conn: sqlite3.Connection, where: Path) -> dict:
    try:
        meta = dict(conn.execute(f"SELECT key, value FROM {S.META_TABLE}"))
    except sqlite3.DatabaseError as e:
        raise BackupError(tr("{path}: not a Safe Municipal store ({error})").format(path=where, error=e)) from None
    if meta.get("application") != S.APPLICATION:
        raise BackupError(tr("{path}: not a Safe Municipal store (application is {name})").format(
            path=where, name=repr(meta.get("application"))))
    try:
        meta["schema_version"] = int(meta.get("schema_version", ""))
    except ValueError:
        raise BackupError(tr("{path}: damaged store (schema version {version})").format(
            path=where, version=repr(meta.get("schema_version")))) from None
    return meta


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10.0, isolation_level=None)


def _folder_writable(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(tr("{path}: the folder {folder} does not exist").format(path=target, folder=folder))
    # Mode bits too: as root, access() says every folder is writable.
    if not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222:
        raise BackupError(tr("{path}: the folder {folder} is read-only").format(path=target, folder=folder))
    if target.is_dir():
        raise BackupError(tr("{path}: is a folder").format(path=target))


def _work_dir(target: Path, what: str) -> Path:
    work = target.parent / f".{target.stem}.{what}-{uuid.uuid4().hex[:8]}"
    try:
        work.mkdir()
    except OSError as e:
        raise BackupError(f"{target}: {e.strerror or e}") from None
    return work


def _copy_database(src: sqlite3.Connection, dest: Path) -> None:
    """A consistent copy of ``src`` (backup API) at ``dest``, as one rollback-journal file."""
    dst = sqlite3.connect(str(dest), isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()


# --------------------------------------------------------------------------- backup
def backup_store(store_path: str, backup_path: str) -> dict:
    """Write a consistent copy of the store and its manifest to ``backup_path`` (a ``.zip``).

    ``store_path``: a GeoPackage file or a PostGIS store reference (:func:`_backup_postgis`: the
    backup is a GeoPackage all the same). Returns ``{"path", "size", "created_at", "schema_version",
    "store_file", "store_sha256", "tables"}`` with ``tables`` the row counts of the schema tables."""
    from .store_ref import is_postgis

    target = Path(backup_path)
    if target.suffix.lower() != ".zip":
        raise BackupError(tr("{path}: a backup is a .zip file").format(path=target))
    if is_postgis(store_path):
        return _backup_postgis(store_path, target)
    src = Path(store_path)
    if not src.is_file():
        raise BackupError(tr("{path}: no such store file").format(path=src))
    _folder_writable(target)
    work = _work_dir(target, "backup")
    try:
        copy = work / store_file_name(src)
        try:
            conn = _ro(src)
            try:
                meta = _meta(conn, src)
                _copy_database(conn, copy)
            finally:
                conn.close()
        except sqlite3.DatabaseError as e:
            raise BackupError(tr("{path}: cannot be copied ({error})").format(path=src, error=e)) from None
        manifest = _pack(copy, meta, work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _backup_result(target, manifest)


def _pack(copy: Path, meta: dict, work: Path, target: Path, extra: Optional[dict] = None) -> dict:
    """Checksum the store copy, write it with its manifest into ``target`` (moved into place)."""
    conn = _ro(copy)
    try:
        tables = table_checksums(conn)
    finally:
        conn.close()
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "application": S.APPLICATION,
        "schema_version": meta["schema_version"], "crs": meta.get("crs"), "created_at": _now(),
        "store_file": copy.name, "store_size": copy.stat().st_size, "store_sha256": _file_sha256(copy),
        "tables": tables, **(extra or {}),
    }
    tmp_zip = work / "backup.zip"
    try:
        with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.write(copy, copy.name)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        os.replace(tmp_zip, target)
    except OSError as e:
        raise BackupError(f"{target}: {e.strerror or e}") from None
    return manifest


def _backup_result(target: Path, manifest: dict) -> dict:
    return {"path": str(target), "size": target.stat().st_size, "created_at": manifest["created_at"],
            "schema_version": manifest["schema_version"], "store_file": manifest["store_file"],
            "store_sha256": manifest["store_sha256"], "tables": _schema_counts(manifest["tables"])}


def store_file_name(ref) -> str:
    """The store's file name in its backup: a GeoPackage's own; for a PostGIS store
    ``<database or service>-<schema>.gpkg``."""
    import re

    from .store_ref import is_postgis, parse

    if not is_postgis(ref):
        return Path(str(ref)).stem + ".gpkg"
    r = parse(ref)
    where = r.params.get("dbname") or r.params.get("service") or r.connection or "postgis"
    return re.sub(r"[^\w.-]+", "_", f"{where}-{r.schema}") + ".gpkg"


def _backup_postgis(ref, target: Path) -> dict:
    """A PostGIS store backed up as a GeoPackage store in the usual backup: every table copied
    (layers.store_copy.copy_store, the audit log included) into a new GeoPackage of the store's CRS,
    read in one REPEATABLE READ transaction — one moment of the shared store while others edit it.
    The office can restore it as a GeoPackage (to work at home), or into an empty PostGIS schema."""
    from .gpkg import GpkgStore
    from .store_copy import copy_store, read_snapshot
    from .store_ref import canonical, describe, open_store

    _folder_writable(target)
    try:
        store = open_store(ref, writable=False)
    except StoreError as e:
        raise BackupError(str(e)) from None
    work = _work_dir(target, "backup")
    try:
        copy = work / store_file_name(ref)
        try:
            with read_snapshot(store):  # one moment of the shared store for every table
                meta = {"schema_version": store.schema_version, "crs": f"EPSG:{store.epsg}"}
                with GpkgStore.create(str(copy), epsg=store.epsg) as gpkg:
                    copy_store(store, gpkg)
        except StoreError as e:
            raise BackupError(tr("{store}: cannot be copied ({error})").format(store=describe(ref), error=e)) from None
        conn = sqlite3.connect(str(copy), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # one file
        finally:
            conn.close()
        manifest = _pack(copy, meta, work, target, {"source": {"backend": "postgis", "store": canonical(ref)}})
    finally:
        store.close()
        shutil.rmtree(work, ignore_errors=True)
    return _backup_result(target, manifest)


def _schema_counts(tables: dict) -> dict:
    return {t.name: tables[t.name]["rows"] for t in S.TABLES if t.name in tables}


# --------------------------------------------------------------------------- verify
def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise BackupError(tr("{path}: not a Safe Municipal backup (no {name})").format(path=path, name=MANIFEST)) from None
    except ValueError as e:
        raise BackupError(tr("{path}: the manifest cannot be read ({error})").format(path=path, error=e)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(tr("{path}: not a Safe Municipal backup (format {format})").format(
            path=path, format=repr(manifest.get("format") if isinstance(manifest, dict) else None)))
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise BackupError(tr("{path}: backup format {version} is newer than this plugin reads ({known}); update "
                             "the plugin").format(path=path, version=manifest.get("format_version"),
                                                  known=FORMAT_VERSION))
    for key in ("store_file", "store_sha256", "store_size", "tables", "schema_version"):
        if key not in manifest:
            raise BackupError(tr("{path}: the manifest has no {key}").format(path=path, key=key))
    return manifest


def _extract_verified(backup_path: str, dest: Path) -> dict:
    """Extract the backup's store to ``dest`` and check it against the manifest; returns the manifest."""
    path = Path(backup_path)
    if not path.is_file():
        raise BackupError(tr("{path}: no such backup file").format(path=path))
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(zf, path)
            h = hashlib.sha256()
            size = 0
            try:
                src = zf.open(manifest["store_file"])
            except KeyError:
                raise BackupError(tr("{path}: the store file {name} is missing").format(
                    path=path, name=manifest["store_file"])) from None
            with src, open(dest, "wb") as out:
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    h.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as e:
        raise BackupError(tr("{path}: the backup is damaged or incomplete ({error})").format(path=path, error=e)) from None
    except OSError as e:
        raise BackupError(tr("{path}: cannot be read ({error})").format(path=path, error=e.strerror or e)) from None
    if size != manifest["store_size"] or h.hexdigest() != manifest["store_sha256"]:
        raise BackupError(tr("{path}: the store in the backup does not match its manifest (size or SHA-256 "
                             "differs); the backup was changed or damaged").format(path=path))
    try:
        conn = _ro(dest)
        try:
            actual = table_checksums(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(tr("{path}: the store in the backup cannot be read ({error})").format(path=path, error=e)) from None
    expected = manifest["tables"]
    bad = sorted(n for n in set(expected) | set(actual) if expected.get(n) != actual.get(n))
    if bad:
        raise BackupError(tr("{path}: tables differ from the manifest: {tables}").format(path=path, tables=", ".join(bad)))
    return manifest


def verify_backup(path: str) -> dict:
    """Check a backup completely (zip, file checksum, every table's rows and checksum).

    Returns ``{"path", "created_at", "schema_version", "store_file", "tables"}`` (schema tables' row
    counts); raises :class:`BackupError` naming the problem."""
    with tempfile.TemporaryDirectory(prefix="sm-verify-") as tmp:
        dest = Path(tmp) / "store.gpkg"
        manifest = _extract_verified(path, dest)
        conn = _ro(dest)
        try:
            meta = _meta(conn, Path(path))
        finally:
            conn.close()
    if meta["schema_version"] != manifest["schema_version"]:
        raise BackupError(tr("{path}: the manifest says schema version {a}, the store {b}").format(
            path=path, a=manifest["schema_version"], b=meta["schema_version"]))
    return {"path": str(path), "created_at": manifest.get("created_at"), "schema_version": meta["schema_version"],
            "store_file": manifest["store_file"], "tables": _schema_counts(manifest["tables"])}


# --------------------------------------------------------------------------- restore
def _release_target(target: Path) -> Optional[sqlite3.Connection]:
    """A connection to the existing target that proves no other program uses it (else BackupError);
    None when the target is no database at all (then it is simply copied)."""
    conn = sqlite3.connect(str(target), timeout=2.0, isolation_level=None)
    try:
        if Path(str(target) + "-wal").exists():
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise sqlite3.OperationalError("a -wal file is in use")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as e:
        conn.close()
        raise BackupError(tr("{path}: the store is in use by another program ({error}); close it (in QGIS: close "
                             "the project) and restore again").format(path=target, error=e)) from None
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn


def restore_store(backup_path: str, store_path: str, overwrite: bool = False) -> dict:
    """Restore the backup to ``store_path`` (see the module's documentation): a GeoPackage file, or
    a PostGIS store reference (:func:`_restore_postgis`: into an empty store only).

    Returns ``{"path", "schema_version", "migrated_from", "safety_copy", "created_at", "tables"}``."""
    from .store_ref import is_postgis

    if is_postgis(store_path):
        return _restore_postgis(backup_path, store_path, overwrite)
    target = Path(store_path)
    _folder_writable(target)
    if target.exists() and not overwrite:
        raise BackupError(tr("{path}: the file exists already (choose another name or allow overwriting)").format(
            path=target))
    work = _work_dir(target, "restore")
    safety: Optional[Path] = None
    try:
        tmp = work / (target.stem + ".gpkg")
        manifest, version = _unpack(backup_path, tmp)
        if target.exists():
            safety = _safety_copy(target, work)
        os.replace(tmp, target)
    except OSError as e:
        if safety is not None and safety.exists():
            safety.unlink()
            safety = None
        raise BackupError(f"{target}: {e.strerror or e}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from .gpkg import GpkgStore

    with GpkgStore.open(str(target), writable=False) as store:
        counts = {t.name: store.count(t.name) for t in S.TABLES}
        final = store.schema_version
    return {"path": str(target), "schema_version": final, "migrated_from": version if version < final else None,
            "safety_copy": str(safety) if safety else None, "created_at": manifest.get("created_at"),
            "tables": counts}


def _unpack(backup_path: str, dest: Path) -> tuple:
    """The backup's store, verified, into ``dest`` and migrated to this plugin's schema version;
    (manifest, the version it had). BackupError for a damaged, newer or unopenable backup."""
    from .gpkg import GpkgStore

    manifest = _extract_verified(backup_path, dest)
    conn = _ro(dest)
    try:
        version = _meta(conn, Path(backup_path))["schema_version"]
    finally:
        conn.close()
    if version > S.SCHEMA_VERSION:
        raise BackupError(tr("{path}: the backup has schema version {version}, newer than this plugin "
                             "understands ({known}); update the plugin").format(
            path=backup_path, version=version, known=S.SCHEMA_VERSION))
    try:
        GpkgStore.open(str(dest), writable=True, migrate=True).close()  # migrates an older schema
    except StoreError as e:
        raise BackupError(tr("{path}: the restored store cannot be opened ({error})").format(
            path=backup_path, error=e)) from None
    return manifest, version


def _safety_copy(target: Path, work: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    dest = target.with_name(f"{target.stem}.before-restore-{stamp}.gpkg")
    k = 1
    while dest.exists():
        k += 1
        dest = target.with_name(f"{target.stem}.before-restore-{stamp}-{k}.gpkg")
    conn = _release_target(target)
    tmp = work / "safety.gpkg"
    try:
        if conn is None:
            shutil.copy2(target, tmp)
        else:
            _copy_database(conn, tmp)
    finally:
        if conn is not None:
            conn.close()
    for suffix in ("-wal", "-journal"):
        if Path(str(target) + suffix).exists():
            raise BackupError(tr("{path}: the store is in use by another program ({name} remains); close it and "
                                 "restore again").format(path=target, name=target.name + suffix))
    os.replace(tmp, dest)
    return dest


def _restore_postgis(backup_path: str, ref, overwrite: bool) -> dict:
    """Restore into PostGIS: the backup verified and migrated as for a file, then copied
    (layers.store_copy.copy_into, one transaction, fids kept) into the schema ``ref`` names — created
    when it does not exist, else it must be an EMPTY store of the backup's CRS. A store holding rows
    is never overwritten (``overwrite`` changes nothing: empty it, or name a new schema)."""
    from .gpkg import GpkgStore
    from .store_copy import copy_into
    from .store_ref import describe

    with tempfile.TemporaryDirectory(prefix="sm-restore-") as tmp:
        copy = Path(tmp) / "store.gpkg"
        manifest, version = _unpack(backup_path, copy)
        try:
            with GpkgStore.open(str(copy), writable=False) as src:
                done = copy_into(src, ref)
                final = src.schema_version
        except StoreError as e:
            hint = tr(" (a PostGIS store is never overwritten)") if overwrite else ""
            raise BackupError(tr("{path} cannot be restored into {store}: {error}").format(
                path=backup_path, store=describe(ref), error=e) + hint) from None
    return {"path": done["path"], "schema_version": final, "migrated_from": version if version < final else None,
            "safety_copy": None, "created_at": manifest.get("created_at"), "tables": done["tables"]}

"""The embedded store: one GeoPackage file, written with Python's sqlite3.

Why sqlite3 and not OGR for writing: the schema needs CHECK, UNIQUE and
NOT NULL constraints, indexes and real multi-table transactions, which SQL
gives directly; bulk inserts through ``executemany`` are as fast as GDAL's own
writer; and the store then works headless without GDAL or QGIS (tests of
``core``, the demo generator, ``qgis_process``). QGIS and GDAL read the file as
any GeoPackage: features and attribute tables are registered in
``gpkg_contents`` / ``gpkg_geometry_columns``, each geometry column has the
standard R-tree index with its triggers, JSON columns carry the
``application/json`` MIME type and value lists are registered as enum
constraints (GDAL reads them as coded field domains).

The R-tree triggers call ``ST_IsEmpty`` / ``ST_MinX`` … which GDAL provides
when it opens the file; this module registers the same functions on its own
connections (:func:`register_functions`).

No QGIS import here.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..core import schema as S
from ..core.validation import ValidationError, validate_row
from .errors import StoreError
from .gpkg_format import (  # noqa: F401 - re-exported: the store's public helpers
    add_value_list,
    blob_envelope,
    blob_with_envelope,
    blob_wkb,
    create_schema,
    create_table,
    gpkg_blob,
    now_utc,
    quote_ident,
    register_functions,
)
from .store_base import StoreBase

_q = quote_ident

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300


# --------------------------------------------------------------------------- migrations
# version -> (description, function(conn)). Version 1 is the initial schema; each later
# version adds one entry. Migrations run in one transaction with the version bump.
def _add_outfall(conn: sqlite3.Connection) -> None:
    epsg = int(conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key='crs'").fetchone()[0].split(":")[1])
    add_value_list(conn, "outfall_type")
    create_table(conn, S.table("outfall"), epsg, now_utc())


MIGRATIONS: dict = {
    2: ("outfall facility table (排放口)", _add_outfall),
}


# --------------------------------------------------------------------------- the store
class GpkgStore(StoreBase):
    """A Safe Municipal store in one GeoPackage file.

    Use :meth:`create` or :meth:`open`; every write goes through :meth:`transaction`,
    so a failure leaves the file exactly as it was.
    """

    backend = "gpkg"

    def __init__(self, path: str, conn: sqlite3.Connection, writable: bool):
        self.path = str(path)
        self._conn = conn
        self.writable = writable
        self._in_tx = False
        self.epsg = self._read_epsg()
        #: Who the audit log names for this store's writes (set by the plugin to the QGIS/OS user).
        self.user = default_user()

    # ---- opening
    @classmethod
    def create(cls, path: str, epsg: int = S.DEFAULT_EPSG, overwrite: bool = False) -> GpkgStore:
        p = Path(path)
        if p.exists():
            if not overwrite:
                raise StoreError(f"{p}: the file exists already (choose another name or allow overwriting)")
            for suffix in ("", "-wal", "-shm", "-journal"):
                q = Path(str(p) + suffix)
                if q.exists():
                    q.unlink()
        if not p.parent.exists():
            raise StoreError(f"{p}: the folder {p.parent} does not exist")
        if not os.access(p.parent, os.W_OK):
            raise StoreError(f"{p}: the folder {p.parent} is not writable")
        tmp = Path(str(p) + ".creating")
        if tmp.exists():
            tmp.unlink()
        conn = _connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
            conn.execute("BEGIN")
            create_schema(conn, epsg)
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            tmp.unlink(missing_ok=True)
            raise
        conn.close()
        os.replace(tmp, p)  # the store appears whole or not at all
        return cls.open(p)

    @classmethod
    def open(cls, path: str, writable: bool = True, migrate: bool = True) -> GpkgStore:
        p = Path(path)
        if not p.exists():
            raise StoreError(f"{p}: no such file")
        if p.is_dir():
            raise StoreError(f"{p}: is a folder, not a store file")
        with open(p, "rb") as fh:
            head = fh.read(16)
        if head != b"SQLite format 3\x00":
            raise StoreError(f"{p}: not a Safe Municipal store (not a GeoPackage/SQLite file)")
        # Mode bits too: as root, access() says every file is writable.
        if writable and (not os.access(p, os.W_OK) or not p.stat().st_mode & 0o222):
            raise StoreError(f"{p}: the file is read-only")
        uri = p.resolve().as_uri() + ("?mode=rw" if writable else "?mode=ro")
        try:
            conn = _connect(uri, uri=True)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                raise StoreError(f"{p}: the store is locked by another program ({e})") from None
            raise StoreError(f"{p}: not a Safe Municipal store ({e})") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{p}: not a Safe Municipal store ({e})") from None
        if S.META_TABLE not in tables or "gpkg_contents" not in tables:
            conn.close()
            raise StoreError(f"{p}: not a Safe Municipal store (no {S.META_TABLE} table)")
        meta = dict(conn.execute(f"SELECT key, value FROM {S.META_TABLE}"))
        if meta.get("application") != S.APPLICATION:
            conn.close()
            raise StoreError(f"{p}: not a Safe Municipal store (application is {meta.get('application')!r})")
        try:
            version = int(meta.get("schema_version", "0"))
        except ValueError:
            conn.close()
            raise StoreError(f"{p}: damaged store (schema version {meta.get('schema_version')!r})") from None
        if version > S.SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{p}: the store has schema version {version}, newer than this plugin "
                             f"understands ({S.SCHEMA_VERSION}); update the plugin")
        store = cls(p, conn, writable)
        if version < S.SCHEMA_VERSION:
            if not (writable and migrate):
                store.close()
                raise StoreError(f"{p}: the store has schema version {version} and needs upgrading to "
                                 f"{S.SCHEMA_VERSION}; open it writable to migrate")
            store.migrate(version)
        if writable:
            store.check_writable()
        return store

    def check_writable(self) -> None:
        """Fail now, naming the file, if another program holds a write lock."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("ROLLBACK")
        except sqlite3.OperationalError as e:
            raise StoreError(f"{self.path}: the store is locked by another program ({e})") from None

    def migrate(self, from_version: int) -> None:
        with self.transaction():
            for v in range(from_version + 1, S.SCHEMA_VERSION + 1):
                desc, fn = MIGRATIONS[v]
                fn(self._conn)
                self._conn.execute(f"INSERT INTO {S.MIGRATIONS_TABLE} VALUES (?,?,?)", (v, now_utc(), desc))
            self._conn.execute(f"UPDATE {S.META_TABLE} SET value = ? WHERE key = 'schema_version'",
                               (str(S.SCHEMA_VERSION),))

    def _read_epsg(self) -> int:
        row = self._conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key='crs'").fetchone()
        return int(row[0].split(":")[1]) if row else S.DEFAULT_EPSG

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key='schema_version'").fetchone()[0])

    # ---- transactions
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside happen together or not at all. Nested use joins the outer one."""
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")
        if self._in_tx:
            yield self._conn
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StoreError(f"{self.path}: the store is locked by another program ({e})") from None
        self._in_tx = True
        try:
            self._conn.execute(f"INSERT OR REPLACE INTO {S.META_TABLE} VALUES ('user', ?)", (self.user,))
            yield self._conn
            self._conn.execute(f"DELETE FROM {S.META_TABLE} WHERE key = 'audit'")  # never left off
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._in_tx = False

    @contextlib.contextmanager
    def audit_suspended(self) -> Iterator[sqlite3.Connection]:
        """A transaction whose writes are not audited (bulk loads: the demo city, imports of new data)."""
        with self.transaction() as conn:
            conn.execute(f"INSERT OR REPLACE INTO {S.META_TABLE} VALUES ('audit', 'off')")
            yield conn

    @contextlib.contextmanager
    def triggers_suspended(self, table: str, event: str) -> Iterator[sqlite3.Connection]:
        """Inside the current transaction: drop those of ``table``'s ``event`` (INSERT, UPDATE,
        DELETE) row triggers that would do nothing, and recreate them on the way out as they were.

        The GeoPackage spec's own advice for many updates. Dropped: the R-tree triggers that fire on
        *any* update (``update3``/``update4``: they act only when the fid changes — the caller must
        not change fids or geometries), and the plugin's audit trigger while ``sm_meta`` ``audit``
        is ``off`` (it checks that and does nothing). Evaluating them still costs about half of a
        row's write. Every other trigger stays. Schema changes roll back with the transaction, so a
        failure leaves every trigger in place.
        """
        if not self._in_tx:
            raise StoreError("triggers_suspended: only inside a transaction")
        event = event.lower()
        if event not in ("insert", "update", "delete"):
            raise ValueError(f"event: {event!r} is not insert, update or delete")
        conn = self._conn
        names = []
        if event == "update":
            names += [f"rtree_{table}_geom_update3", f"rtree_{table}_geom_update4"]
        if conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key = 'audit'").fetchone() == ("off",):
            names.append(f"sm_audit_{table}_{event}")
        saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name IN "
                             f"({', '.join('?' * len(names))})", [table, *names]).fetchall()
        for name, _ in saved:
            conn.execute(f"DROP TRIGGER {_q(name)}")
        try:
            yield conn
        finally:
            for _, sql in saved:
                conn.execute(sql)

    # ---- reading
    def get(self, table: str, uid: str) -> Optional[dict]:
        """One row by uid (``geom`` as WKB), or None."""
        return next(self.rows(table, "uid = ?", (uid,)), None)

    def count(self, table: str) -> int:
        S.table(table)
        return self._conn.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Run parameterised SQL (reads, or writes inside :meth:`transaction`)."""
        return self._conn.execute(sql, tuple(params))

    def rows(self, table: str, where: str = "", params: Iterable = (), columns: Optional[Iterable] = None,
             order_by: Optional[Iterable] = None, limit: Optional[int] = None, offset: int = 0):
        """Rows as dicts; ``geom`` comes back as WKB.

        ``where`` is a parameterised condition (``?`` placeholders); ``order_by`` a list of column
        names, each optionally prefixed with ``-`` for descending; ``limit``/``offset`` page.
        """
        t = S.table(table)
        known = set(t.field_names) | {"geom", "fid"}
        cols = list(columns) if columns else list(t.field_names) + (["geom"] if t.is_spatial else [])
        for c in cols:
            if c not in known:
                raise KeyError(f"{table} has no field {c!r}")
        sql = f"SELECT {', '.join(_q(c) for c in cols)} FROM {_q(table)}"
        if where:
            sql += " WHERE " + where
        sql += self._order_limit(table, known, order_by, limit, offset, _q)
        for r in self._conn.execute(sql, tuple(params)):
            d = dict(zip(cols, r))
            if "geom" in d and d["geom"] is not None:
                d["geom"] = blob_wkb(d["geom"])
            yield d

    # ---- writing
    #: From this many rows on, an insert fills the R-tree (spatial tables) and the feature count
    #: itself (one executemany) instead of through per-row triggers.
    BULK_ROWS = 1000

    def insert(self, table: str, rows: Iterable[dict], validate: bool = True) -> int:
        """Insert rows in one transaction (or the caller's). Returns how many.

        A row that fails validation raises :class:`ValidationError` naming the
        row (its position, counted from 0) and the field; nothing is written.
        """
        t = S.table(table)
        rows = rows if isinstance(rows, list) else list(rows)
        names = list(t.field_names)
        cols = (["geom"] if t.is_spatial else []) + names
        sql = f"INSERT INTO {_q(table)} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
        bulk = len(rows) >= self.BULK_ROWS
        envelopes: list = []

        def params():
            for i, row in enumerate(rows):
                r = validate_row(t, row, i) if validate else row
                vals = [r.get(n) for n in names]
                if t.is_spatial:
                    blob, bbox = self._geom_blob(t, r.get("geom"), i)
                    vals.insert(0, blob)
                    envelopes.append(bbox)
                yield vals

        with self.transaction() as conn:
            saved = self._suspend_row_triggers(conn, table) if bulk else None
            start = self._next_fid(conn, table) if bulk else 0
            try:
                n = conn.executemany(sql, params()).rowcount
            except sqlite3.IntegrityError as e:
                raise ValidationError(table, "?", _constraint_field(str(e)), f"breaks a constraint ({e})") from None
            if bulk and t.is_spatial:
                self._index_bulk(conn, table, start, n, envelopes)
            elif bulk:  # attribute table: only the feature count trigger was suspended
                conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? WHERE "
                             "lower(table_name) = lower(?)", (n, table))
            if bulk:
                for stmt in saved:
                    conn.execute(stmt)
            self._touch(conn, table)
        return n

    @staticmethod
    def _next_fid(conn: sqlite3.Connection, table: str) -> int:
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        top = conn.execute(f"SELECT max(fid) FROM {_q(table)}").fetchone()[0]
        return max(seq[0] if seq else 0, top or 0) + 1

    @staticmethod
    def _suspend_row_triggers(conn: sqlite3.Connection, table: str) -> list:
        """Drop the per-row R-tree and count insert triggers (and the audit insert trigger while
        auditing is suspended: it would do nothing); return their SQL to recreate them."""
        names = [f"rtree_{table}_geom_insert", f"trigger_insert_feature_count_{table}"]
        if conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key = 'audit'").fetchone() == ("off",):
            names.append(f"sm_audit_{table}_insert")
        saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                             f"({', '.join('?' * len(names))})", names).fetchall()
        for name, _ in saved:
            conn.execute(f"DROP TRIGGER {_q(name)}")
        return [sql for _, sql in saved]

    @staticmethod
    def _index_bulk(conn: sqlite3.Connection, table: str, start: int, n: int, envelopes: list) -> None:
        """Do what the suspended triggers would have done for rows ``start`` … ``start + n - 1``."""
        top = conn.execute(f"SELECT max(fid), count(*) FROM {_q(table)} WHERE fid >= ?", (start,)).fetchone()
        rtree = _q(f"rtree_{table}_geom")
        if top == (start + n - 1, n):  # consecutive fids, as AUTOINCREMENT gives a single writer
            conn.executemany(f"INSERT INTO {rtree} VALUES (?, ?, ?, ?, ?)",
                             ((start + i, b[0], b[2], b[1], b[3]) for i, b in enumerate(envelopes) if b))
        else:  # never expected; stay correct anyway
            conn.execute(f"INSERT OR REPLACE INTO {rtree} SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), "
                         f"ST_MaxY(geom) FROM {_q(table)} WHERE fid >= ? AND geom IS NOT NULL "
                         f"AND NOT ST_IsEmpty(geom)", (start,))
        conn.execute("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ? WHERE lower(table_name) = "
                     "lower(?)", (n, table))

    def update(self, table: str, uid: str, changes: dict, validate: bool = True) -> tuple:
        """Change fields of one row; returns (old, new) rows. The audit trigger logs the change."""
        t = S.table(table)
        if "uid" in changes and changes["uid"] != uid:
            raise ValidationError(table, uid, "uid", "cannot be changed")
        with self.transaction() as conn:
            old = self.get(table, uid)
            if old is None:
                raise ValidationError(table, uid, "uid", "names no row of this table")
            merged = {**old, **changes}
            row = validate_row(t, merged, uid) if validate else merged
            cols = [c for c in changes if c != "geom"]
            vals = [row[c] for c in cols]
            if "geom" in changes:
                cols.append("geom")
                vals.append(self._geom_blob(t, changes["geom"], uid)[0])
            if cols:
                try:
                    conn.execute(f"UPDATE {_q(table)} SET {', '.join(_q(c) + ' = ?' for c in cols)} WHERE uid = ?",
                                 (*vals, uid))
                except sqlite3.IntegrityError as e:
                    raise ValidationError(table, uid, _constraint_field(str(e)),
                                          f"breaks a constraint ({e})") from None
                self._touch(conn, table)
            return old, self.get(table, uid)

    def delete(self, table: str, uids: Iterable[str]) -> int:
        """Delete rows by uid in one transaction; every uid must exist. The audit trigger logs each."""
        uids = list(uids)
        S.table(table)
        with self.transaction() as conn:
            n = 0
            for u in uids:
                cur = conn.execute(f"DELETE FROM {_q(table)} WHERE uid = ?", (u,))
                if cur.rowcount != 1:
                    raise ValidationError(table, u, "uid", "names no row of this table")
                n += 1
            self._touch(conn, table)
        return n

    def _geom_blob(self, t: S.Table, g, where) -> tuple:
        """(GeoPackage blob, bbox) of a geometry checked against the table's type; (None, None) for none."""
        if g is None:
            return None, None
        wkb, gtype, bbox = self._checked_wkb(t, g, where)
        return blob_with_envelope(wkb, self.epsg, gtype, bbox), bbox

    def _touch(self, conn: sqlite3.Connection, table: str) -> None:
        conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (now_utc(), table))

    def update_extents(self) -> None:
        """Record each layer's extent in gpkg_contents (from its R-tree)."""
        with self.transaction() as conn:
            for t in S.TABLES:
                if not t.is_spatial:
                    continue
                ext = conn.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "
                                   f"{_q('rtree_' + t.name + '_geom')}").fetchone()
                conn.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
                             (*ext, t.name))

    def extent(self):
        """(minx, miny, maxx, maxy) over every facility layer, or None when empty."""
        boxes = []
        for t in S.TABLES:
            if t.is_spatial:
                boxes.append(self._conn.execute(
                    f"SELECT min(minx), min(miny), max(maxx), max(maxy) FROM {_q('rtree_' + t.name + '_geom')}"
                ).fetchone())
        boxes = [b for b in boxes if b[0] is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def table_extent(self, table: str, where: str = "", params: Iterable = ()):
        """(minx, miny, maxx, maxy) of the rows of ``table`` matching ``where`` (from its R-tree), or None."""
        t = S.table(table)
        if not t.is_spatial:
            raise KeyError(f"{table} has no geometry")
        sql = (f"SELECT min(r.minx), min(r.miny), max(r.maxx), max(r.maxy) FROM {_q(table)} "
               f"JOIN {_q('rtree_' + table + '_geom')} r ON r.id = {_q(table)}.fid")
        box = self._conn.execute(sql + (f" WHERE {where}" if where else ""), tuple(params)).fetchone()
        return None if box[0] is None else tuple(box)

    def crs_wkt(self) -> str:
        row = self._conn.execute("SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
                                 (self.epsg,)).fetchone()
        return row[0] if row else ""

    def role(self) -> str:
        """A GeoPackage has no roles: whoever may write the file may do everything."""
        return "sm_admin" if self.writable else "sm_viewer"

    def can_write(self, table: str) -> bool:
        return bool(self.writable)

    # ---- SQL that differs between backends
    @staticmethod
    def sql_json_text(expr: str, key: str) -> str:
        """SQL for the text value of ``key`` in the JSON column/expression ``expr``."""
        return f"json_extract({expr}, '$.{key}')"

    @staticmethod
    def sql_is_not(left: str, right: str = "?") -> str:
        return f"{left} IS NOT {right}"


def default_user() -> str:
    """The operating-system user, as the audit log's *who* when nothing better is known."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return os.environ.get("USER") or "unknown"


def _constraint_field(msg: str) -> str:
    # "UNIQUE constraint failed: road.code" / "CHECK constraint failed: ..." / "NOT NULL constraint failed: t.c"
    tail = msg.split(":", 1)[-1].strip()
    return tail.split(".")[-1].split(" ")[0] if "." in tail else tail


def _connect(target, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(str(target), uri=uri, isolation_level=None, timeout=2.0, check_same_thread=False)
    register_functions(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    # 64 MiB of page cache (SQLite's default is 2 MiB): bulk writes into the uid indexes of a city
    # store touch pages all over the file
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def create_store(path: str, epsg: int = S.DEFAULT_EPSG, overwrite: bool = False) -> GpkgStore:
    return GpkgStore.create(path, epsg=epsg, overwrite=overwrite)


def open_store(path: str, writable: bool = True) -> GpkgStore:
    return GpkgStore.open(path, writable=writable)


def upgrade_store(path: str) -> Optional[int]:
    """Bring an older store up to this plugin's schema version (its migrations, in one transaction).

    Returns the version it had when it was upgraded, None when it was current already. A store that
    cannot be opened for writing stays as it is and the StoreError says why."""
    try:
        with GpkgStore.open(path, writable=False, migrate=False):
            return None
    except StoreError as e:
        if "needs upgrading" not in str(e):
            raise
    conn = _connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        old = int(conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key = 'schema_version'").fetchone()[0])
    finally:
        conn.close()
    with GpkgStore.open(path, writable=True, migrate=True):
        pass
    return old

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
import datetime as _dt
import os
import sqlite3
import struct
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..core import geometry as geo
from ..core import schema as S
from ..core.validation import ValidationError, validate_row

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300
_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


class StoreError(Exception):
    """A store that cannot be opened or written; the message names the file and the problem."""


# --------------------------------------------------------------------------- geometry blobs
def gpkg_blob(wkb: bytes, srs_id: int) -> bytes:
    """Standard GeoPackage geometry: header with envelope (none for points) + WKB."""
    return _blob_with_envelope(wkb, srs_id, *geo.wkb_info(wkb))


def _blob_with_envelope(wkb: bytes, srs_id: int, gtype: str, bbox) -> bytes:
    """As :func:`gpkg_blob`, with the type and bbox already known."""
    if bbox is None:  # empty flag set
        return b"GP\x00\x11" + struct.pack("<i", srs_id) + wkb
    if gtype == "Point":
        return b"GP\x00\x01" + struct.pack("<i", srs_id) + wkb
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, bbox[0], bbox[2], bbox[1], bbox[3]) + wkb


_ENV_LEN = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def blob_wkb(blob: bytes) -> bytes:
    """The WKB part of a GeoPackage geometry blob."""
    if blob is None:
        return None
    flags = blob[3]
    return bytes(blob[8 + _ENV_LEN[(flags >> 1) & 0x07]:])


def blob_envelope(blob: bytes):
    """(minx, maxx, miny, maxy) from the header, or computed from the WKB; None if empty."""
    if blob is None:
        return None
    flags = blob[3]
    if flags & 0x10:
        return None
    env = (flags >> 1) & 0x07
    e = "<" if flags & 0x01 else ">"
    if env:
        return struct.unpack_from(e + "4d", blob, 8)
    bbox = geo.wkb_bbox(bytes(blob), 8)
    if bbox is None:
        return None
    return bbox[0], bbox[2], bbox[1], bbox[3]


def _st(i: int):
    def f(blob):
        env = blob_envelope(blob) if blob is not None else None
        return None if env is None else env[i]
    return f


def register_functions(conn: sqlite3.Connection) -> None:
    """The spatial SQL functions the GeoPackage R-tree triggers call."""
    conn.create_function("ST_IsEmpty", 1, lambda b: None if b is None else int(blob_envelope(b) is None),
                         deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _st(i), deterministic=True)


# --------------------------------------------------------------------------- DDL
_SQL_TYPES = {"uuid": "TEXT(36)", "text": "TEXT", "integer": "MEDIUMINT", "real": "REAL",
              "boolean": "BOOLEAN", "date": "DATE", "datetime": "DATETIME", "json": "TEXT", "blob": "BLOB"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(v: Any) -> str:
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    return repr(v)


def _column_sql(f: S.Field) -> str:
    t = _SQL_TYPES[f.type]
    if f.type == "text" and f.max_length:
        t = f"TEXT({f.max_length})"
    parts = [_q(f.name), t]
    if f.required:
        parts.append("NOT NULL")
    if f.unique:
        parts.append("UNIQUE")
    checks = []
    c = _q(f.name)
    if f.values:
        checks.append(f"{c} IN ({', '.join(_lit(v) for v in S.value_codes(f.values))})")
    if f.min is not None:
        checks.append(f"{c} >= {f.min:g}")
    if f.max is not None:
        checks.append(f"{c} <= {f.max:g}")
    if f.type == "boolean":
        checks.append(f"{c} IN (0, 1)")
    if f.type == "uuid":
        checks.append(f"length({c}) = 36")
    if f.type == "date":
        checks.append(f"{c} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'")
    if checks:
        parts.append("CHECK (" + " AND ".join(checks) + ")")
    return " ".join(parts)


def table_ddl(t: S.Table) -> list:
    cols = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if t.is_spatial:
        cols.append(f'"geom" {t.geometry.upper()}')
    cols += [_column_sql(f) for f in t.fields]
    stmts = [f"CREATE TABLE {_q(t.name)} (\n  " + ",\n  ".join(cols) + "\n)"]
    for col in t.indexes:
        stmts.append(f"CREATE INDEX {_q('idx_' + t.name + '_' + col)} ON {_q(t.name)} ({_q(col)})")
    return stmts


def _rtree_ddl(t: str, c: str = "geom") -> list:
    r = f"rtree_{t}_{c}"
    qt, qc, qr = _q(t), _q(c), _q(r)
    ins = (f"INSERT OR REPLACE INTO {qr} VALUES (NEW.fid, ST_MinX(NEW.{qc}), ST_MaxX(NEW.{qc}), "
           f"ST_MinY(NEW.{qc}), ST_MaxY(NEW.{qc}))")
    return [
        f"CREATE VIRTUAL TABLE {qr} USING rtree(id, minx, maxx, miny, maxy)",
        f"CREATE TRIGGER {_q(r + '_insert')} AFTER INSERT ON {qt} WHEN (NEW.{qc} NOT NULL AND "
        f"NOT ST_IsEmpty(NEW.{qc})) BEGIN {ins}; END",
        f"CREATE TRIGGER {_q(r + '_update1')} AFTER UPDATE OF {qc} ON {qt} WHEN OLD.fid = NEW.fid AND "
        f"(NEW.{qc} NOTNULL AND NOT ST_IsEmpty(NEW.{qc})) BEGIN {ins}; END",
        f"CREATE TRIGGER {_q(r + '_update2')} AFTER UPDATE OF {qc} ON {qt} WHEN OLD.fid = NEW.fid AND "
        f"(NEW.{qc} ISNULL OR ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id = OLD.fid; END",
        f"CREATE TRIGGER {_q(r + '_update3')} AFTER UPDATE ON {qt} WHEN OLD.fid != NEW.fid AND "
        f"(NEW.{qc} NOTNULL AND NOT ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id = OLD.fid; "
        f"{ins}; END",
        f"CREATE TRIGGER {_q(r + '_update4')} AFTER UPDATE ON {qt} WHEN OLD.fid != NEW.fid AND "
        f"(NEW.{qc} ISNULL OR ST_IsEmpty(NEW.{qc})) BEGIN DELETE FROM {qr} WHERE id IN (OLD.fid, NEW.fid); END",
        f"CREATE TRIGGER {_q(r + '_delete')} AFTER DELETE ON {qt} WHEN old.{qc} NOT NULL "
        f"BEGIN DELETE FROM {qr} WHERE id = OLD.fid; END",
    ]


_GPKG_CORE = [
    """CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
       organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
       description TEXT)""",
    """CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
       identifier TEXT UNIQUE, description TEXT DEFAULT '',
       last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
       min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
       CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
       geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
       CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
       CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
       CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
       definition TEXT NOT NULL, scope TEXT NOT NULL,
       CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
    """CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT,
       title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT,
       CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))""",
    # GDAL's feature-count cache: without it QGIS 3.22 reports featureCount() -1 for a layer of a
    # file that has other layers in edit mode. Kept current by triggers, as GDAL itself does.
    """CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, feature_count INTEGER DEFAULT NULL)""",
    """CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL,
       constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC,
       max_is_inclusive BOOLEAN, description TEXT,
       CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))""",
]

_SCHEMA_EXT = "http://www.geopackage.org/spec/#extension_schema"
_RTREE_EXT = "http://www.geopackage.org/spec120/#extension_rtree"


def crs_definition(epsg: int) -> tuple:
    """(name, WKT) of an EPSG CRS: bundled for the default, through pyproj otherwise."""
    bundled = _RESOURCES / "crs" / f"EPSG_{epsg}.wkt"
    if bundled.exists():
        wkt = bundled.read_text(encoding="utf-8").strip()
    else:
        try:
            import pyproj  # lazy: only for a non-default CRS
        except ImportError as e:  # pragma: no cover - pyproj ships with QGIS installs
            raise StoreError(f"EPSG:{epsg} needs pyproj to describe it") from e
        try:
            crs = pyproj.CRS.from_epsg(epsg)
        except Exception as e:
            raise StoreError(f"EPSG:{epsg} is not a known coordinate reference system") from e
        if crs.is_geographic is False and crs.is_projected is False:
            raise StoreError(f"EPSG:{epsg} is neither projected nor geographic")
        wkt = crs.to_wkt(pyproj.enums.WktVersion.WKT1_GDAL)
    name = wkt.split('"')[1] if '"' in wkt else f"EPSG:{epsg}"
    return name, wkt


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def _create_schema(conn: sqlite3.Connection, epsg: int) -> None:
    for stmt in _GPKG_CORE:
        conn.execute(stmt)
    conn.executemany(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)",
        [("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
         ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
         ("WGS 84 geodetic", 4326, "EPSG", 4326,
          'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
          'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",'
          '0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],'
          'AUTHORITY["EPSG","4326"]]', "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
    if epsg != 4326:
        name, wkt = crs_definition(epsg)
        conn.execute("INSERT INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)", (name, epsg, "EPSG", epsg, wkt, name))
    now = _now()
    for t in S.TABLES:
        for stmt in table_ddl(t):
            conn.execute(stmt)
        conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)"
                     " VALUES (?,?,?,?,?,?)",
                     (t.name, "features" if t.is_spatial else "attributes", t.name, t.label, now,
                      epsg if t.is_spatial else None))
        conn.execute("INSERT INTO gpkg_ogr_contents VALUES (?, 0)", (t.name,))
        for op, sign in (("insert", "+"), ("delete", "-")):
            conn.execute(f"CREATE TRIGGER {_q('trigger_' + op + '_feature_count_' + t.name)} AFTER {op.upper()} "
                         f"ON {_q(t.name)} BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count "
                         f"{sign} 1 WHERE lower(table_name) = lower({_lit(t.name)}); END")
        if t.is_spatial:
            conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?,?,?,?,0,0)",
                         (t.name, "geom", t.geometry.upper(), epsg))
            for stmt in _rtree_ddl(t.name):
                conn.execute(stmt)
            conn.execute("INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
                         (t.name, "geom", "gpkg_rtree_index", _RTREE_EXT, "write-only"))
        for f in t.fields:
            mime = "application/json" if f.type == "json" else None
            cname = f"sm_{f.values}" if f.values else None
            if mime or cname:
                conn.execute("INSERT INTO gpkg_data_columns VALUES (?,?,?,?,?,?,?)",
                             (t.name, f.name, f.name, f.label, None, mime, cname))
                conn.execute("INSERT OR IGNORE INTO gpkg_extensions VALUES (?,?,?,?,?)",
                             (t.name, f.name, "gpkg_schema", _SCHEMA_EXT, "read-write"))
    for list_name, codes in S.VALUE_LISTS.items():
        conn.executemany("INSERT INTO gpkg_data_column_constraints VALUES (?,?,?,NULL,NULL,NULL,NULL,?)",
                         [(f"sm_{list_name}", "enum", c.value, c.label) for c in codes])
    for tname in ("gpkg_data_columns", "gpkg_data_column_constraints"):
        conn.execute("INSERT INTO gpkg_extensions VALUES (?,NULL,?,?,?)",
                     (tname, "gpkg_schema", _SCHEMA_EXT, "read-write"))
    conn.execute(f"CREATE TABLE {S.META_TABLE} (key TEXT PRIMARY KEY NOT NULL, value TEXT)")
    conn.execute(f"CREATE TABLE {S.MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY NOT NULL, "
                 "applied_at DATETIME NOT NULL, description TEXT)")
    for tname in (S.META_TABLE, S.MIGRATIONS_TABLE):
        conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change) VALUES (?,?,?,?)",
                     (tname, "attributes", tname, now))
    conn.executemany(f"INSERT INTO {S.META_TABLE} VALUES (?,?)",
                     [("application", S.APPLICATION), ("schema_version", str(S.SCHEMA_VERSION)),
                      ("crs", f"EPSG:{epsg}"), ("created_at", now)])
    conn.execute(f"INSERT INTO {S.MIGRATIONS_TABLE} VALUES (?,?,?)",
                 (S.SCHEMA_VERSION, now, "initial schema"))


# --------------------------------------------------------------------------- migrations
# version -> (description, function(conn)). Version 1 is the initial schema; each later
# version adds one entry. Migrations run in one transaction with the version bump.
MIGRATIONS: dict = {}


# --------------------------------------------------------------------------- the store
class GpkgStore:
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
            _create_schema(conn, epsg)
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
                self._conn.execute(f"INSERT INTO {S.MIGRATIONS_TABLE} VALUES (?,?,?)", (v, _now(), desc))
            self._conn.execute(f"UPDATE {S.META_TABLE} SET value = ? WHERE key = 'schema_version'",
                               (str(S.SCHEMA_VERSION),))

    def _read_epsg(self) -> int:
        row = self._conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key='crs'").fetchone()
        return int(row[0].split(":")[1]) if row else S.DEFAULT_EPSG

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute(f"SELECT value FROM {S.META_TABLE} WHERE key='schema_version'").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

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
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._in_tx = False

    # ---- reading
    def count(self, table: str) -> int:
        S.table(table)
        return self._conn.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        """Run parameterised SQL (reads, or writes inside :meth:`transaction`)."""
        return self._conn.execute(sql, tuple(params))

    def rows(self, table: str, where: str = "", params: Iterable = (), columns: Optional[Iterable] = None):
        """Rows as dicts; ``geom`` comes back as WKB."""
        t = S.table(table)
        cols = list(columns) if columns else list(t.field_names) + (["geom"] if t.is_spatial else [])
        sql = f"SELECT {', '.join(_q(c) for c in cols)} FROM {_q(table)}"
        if where:
            sql += " WHERE " + where
        for r in self._conn.execute(sql, tuple(params)):
            d = dict(zip(cols, r))
            if "geom" in d and d["geom"] is not None:
                d["geom"] = blob_wkb(d["geom"])
            yield d

    # ---- writing
    #: From this many rows on, a spatial insert fills the R-tree and the feature count itself
    #: (one executemany) instead of through per-row triggers.
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
        epsg = self.epsg
        expected = t.geometry
        bulk = t.is_spatial and len(rows) >= self.BULK_ROWS
        envelopes: list = []

        def params():
            for i, row in enumerate(rows):
                r = validate_row(t, row, i) if validate else row
                vals = [r.get(n) for n in names]
                if t.is_spatial:
                    g = r.get("geom")
                    bbox = None
                    if g is None:
                        vals.insert(0, None)
                    else:
                        try:
                            wkb = geo.to_wkb(g)
                            gtype, bbox = geo.wkb_info(wkb)
                        except (ValueError, struct.error) as e:
                            raise ValidationError(table, i, "geom", f"is not a valid geometry ({e})") from None
                        if gtype != expected:
                            raise ValidationError(table, i, "geom", f"is a {gtype}, the table holds {expected}")
                        vals.insert(0, _blob_with_envelope(wkb, epsg, gtype, bbox))
                    envelopes.append(bbox)
                yield vals

        with self.transaction() as conn:
            saved = self._suspend_row_triggers(conn, table) if bulk else None
            start = self._next_fid(conn, table) if bulk else 0
            try:
                n = conn.executemany(sql, params()).rowcount
            except sqlite3.IntegrityError as e:
                raise ValidationError(table, "?", _constraint_field(str(e)), f"breaks a constraint ({e})") from None
            if bulk:
                self._index_bulk(conn, table, start, n, envelopes)
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
        """Drop the per-row R-tree and count insert triggers; return their SQL to recreate them."""
        names = (f"rtree_{table}_geom_insert", f"trigger_insert_feature_count_{table}")
        saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
                             names).fetchall()
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

    def _touch(self, conn: sqlite3.Connection, table: str) -> None:
        conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?", (_now(), table))

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


def _constraint_field(msg: str) -> str:
    # "UNIQUE constraint failed: road.code" / "CHECK constraint failed: ..." / "NOT NULL constraint failed: t.c"
    tail = msg.split(":", 1)[-1].strip()
    return tail.split(".")[-1].split(" ")[0] if "." in tail else tail


def _connect(target, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(str(target), uri=uri, isolation_level=None, timeout=2.0, check_same_thread=False)
    register_functions(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def create_store(path: str, epsg: int = S.DEFAULT_EPSG, overwrite: bool = False) -> GpkgStore:
    return GpkgStore.create(path, epsg=epsg, overwrite=overwrite)


def open_store(path: str, writable: bool = True) -> GpkgStore:
    return GpkgStore.open(path, writable=writable)

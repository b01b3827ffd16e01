"""The shared store on PostgreSQL/PostGIS: :class:`PgStore`, the GpkgStore API over psycopg2.

The schema comes from :mod:`.pg_schema` (created with ``pg_schema.create_schema``). The database does
what the GeoPackage store does in Python or SQLite triggers: constraints, the audit log (trigger, the
login as *who*), row versions. This class adds:

* the same calls as :class:`~.gpkg.GpkgStore` (``insert``/``update``/``delete``/``get``/``rows``/
  ``count``/``execute``/``transaction``/``audit_suspended``, ``epsg``, ``schema_version``);
* rows in the GeoPackage store's form: uids, dates and date-times as text (``…T…​.sssZ`` UTC), JSON
  fields as JSON text, geometry as WKB; booleans come back as ``bool``;
* database errors as the store's errors: a CHECK/UNIQUE/NOT NULL violation is a
  :class:`ValidationError` naming the field (from the constraint name ``ck_<table>_<field>`` /
  ``uq_<table>_<field>``), a row-version conflict (SQLSTATE ``SM409``) a :class:`ConflictError`,
  a missing privilege or a failed connection a :class:`StoreError`.

Placeholders in ``rows(where=…)`` and ``execute``: ``%s`` (psycopg2) or ``?`` as for the GeoPackage
store (converted outside quoted strings). The connection runs in autocommit; :meth:`transaction`
opens one explicit transaction (nested use joins it), so reads never hold a transaction open.
No QGIS import at module level.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
from typing import Iterable, Optional

from ..core import schema as S
from ..core.validation import ValidationError, format_datetime, validate_row
from .errors import StoreError
from .pg_schema import ADMIN, AUDIT_SETTING, CONFLICT_SQLSTATE, PG_SCHEMA, ROW_VERSION, quote_ident
from .store_base import StoreBase

_q = quote_ident

__all__ = ["PgStore", "ConflictError", "Result", "StoreError", "ValidationError", "describe_dsn", "upgrade_pg_store"]


class ConflictError(StoreError):
    """Somebody else changed the row since it was read (row version moved on). Reload and save again."""

    def __init__(self, message: str, table: str = "", uid: str = "", who: str = "", when: str = ""):
        super().__init__(message)
        self.table, self.uid, self.who, self.when = table, uid, who, when


try:
    from ..i18n import tr
except ImportError:  # no Qt (a server's scripts): the English text
    def tr(text: str) -> str:
        return text


def describe_dsn(dsn: str) -> str:
    """``database 'x' on host:port as user`` — never the password."""
    try:
        from psycopg2.extensions import parse_dsn

        d = parse_dsn(dsn)
    except Exception:
        return "the database (unreadable connection string)"
    host = d.get("host") or d.get("hostaddr") or "local socket"
    port = f":{d['port']}" if d.get("port") else ""
    user = f" as {d['user']}" if d.get("user") else ""
    return f"database {d.get('dbname', '?')!r} on {host}{port}{user}"


def convert_placeholders(sql: str) -> str:
    """``?`` placeholders (outside '…' literals and "…" identifiers) → ``%s``, ``%`` → ``%%``.

    SQL without ``?`` is returned unchanged (already psycopg2 style)."""
    out, quote = [], None
    found = False
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            found = True
            out.append("%s")
        else:
            out.append("%%" if ch == "%" else ch)
    return "".join(out) if found else sql


_CONFLICT_RE = re.compile(r"conflict: (\S+) (\S+) was changed by (.+) at (.+) since it was read "
                          r"\(version (\d+) read, now (\d+)\)")


class PgStore(StoreBase):
    """A Safe Municipal store in one schema of a PostgreSQL/PostGIS database."""

    backend = "postgis"

    def __init__(self, conn, schema: str, writable: bool, dsn_text: str, migrate: bool = True):
        self._conn = conn
        self.schema = schema
        self.writable = writable
        self.path = dsn_text  # the store reference (what messages name; GpkgStore.path)
        self._in_tx = False
        meta = dict(self._fetchall(f"SELECT key, value FROM {self._t(S.META_TABLE)}"))
        if meta.get("application") != S.APPLICATION:
            raise StoreError(f"{dsn_text}: schema {schema!r} is not a Safe Municipal store")
        self.epsg = int(meta.get("crs", f"EPSG:{S.DEFAULT_EPSG}").split(":")[1])
        self._login = self._fetchall("SELECT session_user")[0][0]
        version = int(meta.get("schema_version", "0"))
        if version > S.SCHEMA_VERSION:
            raise StoreError(tr("{where}: the store has schema version {version}, newer than this plugin "
                                "understands ({mine}); update the plugin")
                             .format(where=dsn_text, version=version, mine=S.SCHEMA_VERSION))
        if version < S.SCHEMA_VERSION:
            if not (writable and migrate):
                raise StoreError(tr("{where}: the store has schema version {version} and needs upgrading to "
                                    "{mine}; open it writable to migrate")
                                 .format(where=dsn_text, version=version, mine=S.SCHEMA_VERSION))
            self.migrate(version)

    # ---- opening
    @classmethod
    def connect(cls, dsn: str, schema: str = PG_SCHEMA, writable: bool = True, migrate: bool = True,
                ref: Optional[str] = None) -> PgStore:
        """Open the store in ``schema``; ``ref`` is the store reference kept as :attr:`path`
        (default: the database described without password)."""
        try:
            import psycopg2
        except ImportError:
            raise StoreError("PostgreSQL support needs psycopg2 (python3-psycopg2)") from None
        where = ref or describe_dsn(dsn)
        try:
            conn = psycopg2.connect(dsn, connect_timeout=10, application_name="safe_municipal")
        except psycopg2.Error as e:
            first = (str(e).strip().splitlines() or ["?"])[0]
            raise StoreError(tr("Cannot connect to {where}: {error}").format(where=where, error=first)) from None
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
                if cur.fetchone() is None:
                    raise StoreError(tr("{where}: no Safe Municipal store (no schema {schema})")
                                     .format(where=where, schema=schema))
                # unqualified names (the SQL shared with the GeoPackage store) are the store's tables;
                # public for PostGIS's functions and types
                cur.execute("SELECT set_config('search_path', %s, false)", (f"{_q(schema)}, public",))
            store = cls(conn, schema, writable, where, migrate)
            if not writable:
                with conn.cursor() as cur:
                    cur.execute("SET default_transaction_read_only = on")
            return store
        except psycopg2.Error as e:
            conn.close()
            raise StoreError(f"{where}: {str(e).strip()}") from None
        except BaseException:
            conn.close()
            raise

    @property
    def user(self) -> str:
        """The login: who the database's audit log names and what messages about rights name."""
        return self._login

    @user.setter
    def user(self, _name: str) -> None:
        """Ignored: unlike a GeoPackage, the database itself names the login in the audit log."""

    def migrate(self, from_version: int) -> None:
        """Bring the schema up to this plugin's version (one transaction, as sm_admin)."""
        from .pg_schema import migration_statements

        if not self._fetchall("SELECT pg_has_role(session_user, %s, 'MEMBER')", (ADMIN,))[0][0]:
            raise StoreError(tr("{where}: the store has schema version {version} and needs upgrading to {mine}; "
                                "only a member of {admin} may upgrade it")
                             .format(where=self.path, version=from_version, mine=S.SCHEMA_VERSION, admin=ADMIN))
        was = self.writable
        self.writable = True
        try:
            with self.transaction(), self._cursor() as cur:
                for stmt, params in migration_statements(from_version, self.epsg, self.schema):
                    cur.execute(stmt, params)
        finally:
            self.writable = was

    def role(self) -> str:
        """The highest of the store's group roles the login holds (sm_admin … sm_viewer), or ''."""
        from .pg_schema import ROLES

        for r in reversed(ROLES):
            if self._fetchall("SELECT pg_has_role(session_user, %s, 'MEMBER')", (r,))[0][0]:
                return r
        return ""

    def can_write(self, table: str) -> bool:
        """Whether the login may insert rows of ``table`` (the database's grants)."""
        return bool(self._fetchall("SELECT has_table_privilege(session_user, %s, 'INSERT')",
                                   (self._t(table),))[0][0])

    def check_writable(self) -> None:
        """Nothing to check: the server arbitrates concurrent writers."""

    def update_extents(self) -> None:
        """Nothing to keep: PostGIS computes extents on demand."""

    def extent(self):
        """(minx, miny, maxx, maxy) of every facility table, or None for an empty store."""
        parts = [f"SELECT ST_Extent(geom) AS b FROM {self._t(t.name)}" for t in S.FACILITY_TABLES if t.is_spatial]
        sql = ("SELECT min(ST_XMin(b)), min(ST_YMin(b)), max(ST_XMax(b)), max(ST_YMax(b)) FROM ("
               + " UNION ALL ".join(parts) + ") e")
        box = self._fetchall(sql)[0]
        return None if box[0] is None else tuple(float(v) for v in box)

    def table_extent(self, table: str, where: str = "", params: Iterable = ()):
        """(minx, miny, maxx, maxy) of the rows of ``table`` matching ``where``, or None."""
        sql = (f"SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(geom) AS b "
               f"FROM {self._t(table)}" + (f" WHERE {convert_placeholders(where)}" if where else "") + ") e")
        box = self._fetchall(sql, tuple(params) or None)[0]
        return None if box[0] is None else tuple(float(v) for v in box)

    def crs_wkt(self) -> str:
        r = self._fetchall("SELECT srtext FROM spatial_ref_sys WHERE srid = %s", (int(self.epsg),))
        return r[0][0] if r else ""

    # ---- SQL that differs between backends
    @staticmethod
    def sql_json_text(expr: str, key: str) -> str:
        """SQL for the text value of ``key`` in the JSON column/expression ``expr``."""
        return f"({expr} ->> {_lit(key)})"

    @staticmethod
    def sql_is_not(left: str, right: str = "?") -> str:
        return f"{left} IS DISTINCT FROM {right}"

    @property
    def schema_version(self) -> int:
        return int(self._fetchall(f"SELECT value FROM {self._t(S.META_TABLE)} WHERE key = 'schema_version'")[0][0])

    def _t(self, table: str) -> str:
        return f"{_q(self.schema)}.{_q(table)}"

    def _fetchall(self, sql: str, params=None) -> list:
        with self._cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    @contextlib.contextmanager
    def _cursor(self, table: str = "", action: str = "read"):
        """A cursor whose database errors become the store's errors."""
        import psycopg2

        if self._conn is None:
            raise StoreError(f"{self.path}: the store is closed")
        try:
            with self._conn.cursor() as cur:
                yield cur
        except psycopg2.Error as e:
            raise self._translate(e, table, action) from None

    # ---- transactions
    @contextlib.contextmanager
    def transaction(self):
        """All writes inside happen together or not at all. Nested use joins the outer one."""
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")
        if self._in_tx:
            yield self._conn
            return
        with self._cursor() as cur:
            cur.execute("BEGIN")
        self._in_tx = True
        try:
            yield self._conn
            with self._cursor() as cur:
                cur.execute("COMMIT")
        except BaseException:
            if self._conn is not None and not self._conn.closed:
                # connection lost: the server has rolled back; keep the first error
                with contextlib.suppress(Exception), self._conn.cursor() as cur:
                    cur.execute("ROLLBACK")
            raise
        finally:
            self._in_tx = False

    @contextlib.contextmanager
    def audit_suspended(self):
        """A transaction whose writes are not audited (bulk copies). Only members of sm_admin may."""
        with self.transaction() as conn:
            if not self._fetchall("SELECT pg_has_role(session_user, %s, 'MEMBER')", (ADMIN,))[0][0]:
                raise StoreError(tr("{where}: your role {user} may not suspend the audit log (only {admin} may)")
                                 .format(where=self.path, user=self.user, admin=ADMIN))
            with self._cursor() as cur:
                cur.execute("SELECT set_config(%s, 'off', true)", (AUDIT_SETTING,))
            yield conn

    # ---- reading
    def execute(self, sql: str, params: Iterable = ()) -> Result:
        """Run parameterised SQL; a :class:`Result` (iterate, ``fetchone``, ``fetchall``, ``rowcount``),
        as the GeoPackage store's cursor."""
        params = tuple(params)
        with self._cursor("", _statement_action(sql)) as cur:
            cur.execute(convert_placeholders(sql) if params else sql, params or None)
            return Result(cur.fetchall() if cur.description is not None else [], cur.rowcount)

    def get(self, table: str, uid: str) -> Optional[dict]:
        """One row by uid (``geom`` as WKB), or None."""
        return next(self.rows(table, "uid = %s", (str(uid),)), None)

    def count(self, table: str) -> int:
        S.table(table)
        return self._fetchall(f"SELECT count(*) FROM {self._t(table)}")[0][0]

    def rows(self, table: str, where: str = "", params: Iterable = (), columns: Optional[Iterable] = None,
             order_by: Optional[Iterable] = None, limit: Optional[int] = None, offset: int = 0) -> list:
        """Rows (an iterator of dicts) in the GeoPackage store's form; ``geom`` as WKB bytes."""
        t = S.table(table)
        known = set(t.field_names) | {"geom", "fid", ROW_VERSION}
        cols = list(columns) if columns else list(t.field_names) + (["geom"] if t.is_spatial else [])
        for c in cols:
            if c not in known or (c == "geom" and not t.is_spatial):
                raise KeyError(f"{table} has no field {c!r}")
        sel = ", ".join("ST_AsBinary(geom) AS geom" if c == "geom" else _q(c) for c in cols)
        sql = f"SELECT {sel} FROM {self._t(table)}"
        params = tuple(params)
        if where:
            sql += " WHERE " + (convert_placeholders(where) if params else where)
        sql += self._order_limit(table, known, order_by, limit, offset, _q)
        types = {f.name: f.type for f in t.fields}
        kinds = [types.get(c, "geom" if c == "geom" else "integer") for c in cols]
        fetched = self._fetchall(sql, params or None)
        return ({c: from_pg(k, v) for c, k, v in zip(cols, kinds, r)} for r in fetched)

    @staticmethod
    def _order_limit(table: str, known, order_by, limit, offset, quote) -> str:
        """As :meth:`StoreBase._order_limit`, NULLs sorted as SQLite sorts them (first ascending, last
        descending) so that orders and pages are the same on both backends."""
        sql = StoreBase._order_limit(table, known, order_by, None, 0, quote)
        if sql:
            keys = [quote(k.lstrip("-")) + (" DESC NULLS LAST" if k.startswith("-") else " NULLS FIRST")
                    for k in order_by]
            sql = " ORDER BY " + ", ".join(keys)
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return sql

    # ---- writing
    def insert(self, table: str, rows: Iterable[dict], validate: bool = True, keep_fid: bool = False) -> int:
        """Insert rows in one transaction (or the caller's). Returns how many.

        A row failing validation raises :class:`ValidationError` naming the row (from 0) and the
        field; nothing is written. ``keep_fid``: rows carry their ``fid`` (copying a store)."""
        from psycopg2.extras import execute_values

        t = S.table(table)
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        fields = list(t.fields)
        cols = (["fid"] if keep_fid else []) + (["geom"] if t.is_spatial else []) + [f.name for f in fields]
        tmpl = (["%s"] if keep_fid else []) + ([f"ST_GeomFromWKB(%s, {int(self.epsg)})"] if t.is_spatial else [])
        tmpl += [f"%s::{_CAST[f.type]}" if f.type in _CAST else "%s" for f in fields]
        values = []
        for i, row in enumerate(rows):
            r = validate_row(t, {k: v for k, v in row.items() if k != "fid"}, i) if validate else row
            vals = [to_pg(f.type, r.get(f.name)) for f in fields]
            if t.is_spatial:
                vals.insert(0, self._geom_param(t, r.get("geom"), i))
            if keep_fid:
                vals.insert(0, int(row["fid"]))
            values.append(vals)
        sql = f"INSERT INTO {self._t(table)} ({', '.join(_q(c) for c in cols)}) VALUES %s"
        with self.transaction():
            with self._cursor(table, "insert") as cur:
                execute_values(cur, sql, values, template="(" + ", ".join(tmpl) + ")", page_size=500)
        return len(values)

    def update(self, table: str, uid: str, changes: dict, validate: bool = True,
               expected_version: Optional[int] = None) -> tuple:
        """Change fields of one row; returns (old, new). With ``expected_version`` (the row_version
        read), a row changed by someone else since raises :class:`ConflictError` and nothing is written."""
        t = S.table(table)
        uid = str(uid)
        if "uid" in changes and str(changes["uid"]) != uid:
            raise ValidationError(table, uid, "uid", "cannot be changed")
        with self.transaction():
            old = self.get(table, uid)
            if old is None:
                raise ValidationError(table, uid, "uid", "names no row of this table")
            merged = {**old, **changes}
            row = validate_row(t, merged, uid) if validate else merged
            sets, vals = [], []
            for c in changes:
                if c == "geom":
                    sets.append(f"geom = ST_GeomFromWKB(%s, {int(self.epsg)})")
                    vals.append(self._geom_param(t, changes["geom"], uid))
                elif c != "uid":
                    ftype = t.field(c).type
                    sets.append(f"{_q(c)} = %s" + (f"::{_CAST[ftype]}" if ftype in _CAST else ""))
                    vals.append(to_pg(ftype, row[c]))
            if expected_version is not None:
                sets.append(f"{_q(ROW_VERSION)} = %s")
                vals.append(int(expected_version))
            if sets:
                with self._cursor(table, "update") as cur:
                    cur.execute(f"UPDATE {self._t(table)} SET {', '.join(sets)} WHERE uid = %s", (*vals, uid))
            return old, self.get(table, uid)

    def delete(self, table: str, uids: Iterable[str]) -> int:
        """Delete rows by uid in one transaction; every uid must exist."""
        uids = [str(u) for u in uids]
        S.table(table)
        with self.transaction():
            with self._cursor(table, "delete") as cur:
                for u in uids:
                    cur.execute(f"DELETE FROM {self._t(table)} WHERE uid = %s", (u,))
                    if cur.rowcount != 1:
                        raise ValidationError(table, u, "uid", "names no row of this table")
        return len(uids)

    def row_version(self, table: str, uid: str) -> Optional[int]:
        r = self._fetchall(f"SELECT {_q(ROW_VERSION)} FROM {self._t(table)} WHERE uid = %s", (str(uid),))
        return r[0][0] if r else None

    def reset_identity(self, table: str) -> None:
        """Move the fid identity past max(fid) (after rows were inserted with their own fids)."""
        with self._cursor(table, "update") as cur:
            cur.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'fid'), coalesce(max(fid), 0) + 1, false) "
                        f"FROM {self._t(table)}", (self._t(table),))

    def _geom_param(self, t: S.Table, g, where):
        import psycopg2

        if g is None:
            return None
        return psycopg2.Binary(self._checked_wkb(t, g, where)[0])

    # ---- errors
    def _translate(self, e, table: str, action: str) -> Exception:
        from psycopg2 import errors as pgerr

        diag = e.diag
        msg = (diag.message_primary or str(e)).strip()
        if e.pgcode == CONFLICT_SQLSTATE:
            m = _CONFLICT_RE.search(msg)
            if not m:
                return ConflictError(msg, table)
            tbl, uid, who, when, read, now = m.groups()
            return ConflictError(tr("{table} {uid} was changed by {who} at {when} since you read it (version "
                                     "{read}, now {now}); reload it and save again")
                                 .format(table=tbl, uid=uid, who=who, when=when, read=read, now=now),
                                 tbl, uid, who, when)
        if isinstance(e, (pgerr.CheckViolation, pgerr.UniqueViolation)):
            name = diag.constraint_name or ""
            field = name.split(f"_{table}_", 1)[1] if f"_{table}_" in name else name or "?"
            problem = "is not unique" if isinstance(e, pgerr.UniqueViolation) else "is out of range"
            return ValidationError(table, "?", field, f"{problem} ({msg})")
        if isinstance(e, pgerr.NotNullViolation):
            return ValidationError(table, "?", diag.column_name or "?", "is required")
        if isinstance(e, pgerr.StringDataRightTruncation):
            return ValidationError(table, "?", "?", f"is too long ({msg})")
        if isinstance(e, pgerr.InsufficientPrivilege):
            if not table:  # store.execute: the table from the server's message
                m = _DENIED_RE.search(msg)
                table = m.group(1) if m else ""
            return StoreError(tr("{where}: your role {user} may not {action} rows of {table} ({error})")
                              .format(where=self.path, user=getattr(self, "_login", "?"),
                                      action=action, table=table or "?", error=msg))
        if isinstance(e, pgerr.ReadOnlySqlTransaction):
            return StoreError(f"{self.path}: opened read-only")
        return StoreError(f"{self.path}: {msg}")


class Result:
    """Rows of one statement, fetched: what a DB-API cursor offers callers of ``store.execute``."""

    __slots__ = ("_rows", "_i", "rowcount")

    def __init__(self, rows: list, rowcount: int):
        self._rows, self._i, self.rowcount = rows, 0, rowcount

    def __iter__(self):
        while self._i < len(self._rows):
            self._i += 1
            yield self._rows[self._i - 1]

    def fetchone(self):
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list:
        out, self._i = self._rows[self._i:], len(self._rows)
        return out

    def fetchmany(self, size: int = 1) -> list:
        out = self._rows[self._i:self._i + size]
        self._i += len(out)
        return out


_DENIED_RE = re.compile(r'permission denied for (?:table|relation|view|sequence) "?([^"\s]+)"?')


def _statement_action(sql: str) -> str:
    """What a statement does, for messages: insert, update, delete, else read."""
    word = sql.lstrip(" \t\n(").split(None, 1)[0].lower() if sql.strip() else ""
    return word if word in ("insert", "update", "delete") else "read"


def _lit(v: str) -> str:
    return "'" + str(v).replace("'", "''") + "'"


#: Casts in INSERT/UPDATE templates (parameters go as text).
_CAST = {"uuid": "uuid", "json": "jsonb", "date": "date", "datetime": "timestamptz"}


def to_pg(ftype: str, v):
    """A store value (GeoPackage form) as a psycopg2 parameter."""
    if v is None:
        return None
    if ftype == "json":
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
    if ftype == "boolean":
        return bool(v)
    if ftype == "blob":
        import psycopg2

        return psycopg2.Binary(bytes(v))
    if ftype == "uuid":
        return str(v)
    return v


def from_pg(ftype: str, v):
    """A psycopg2 value in the GeoPackage store's form (text uids/dates/date-times/JSON, WKB bytes)."""
    if v is None:
        return None
    if ftype in ("geom", "blob"):
        return bytes(v)
    if ftype == "uuid":
        return str(v)
    if ftype == "date":
        return v.isoformat() if isinstance(v, _dt.date) else str(v)
    if ftype == "datetime":
        return format_datetime(v) if isinstance(v, _dt.datetime) else str(v)
    if ftype == "json":
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def upgrade_pg_store(ref) -> Optional[int]:
    """Migrate an older PostGIS store named by ``ref``; the version it had, None when current."""
    from . import store_ref

    r = store_ref.parse(ref)
    dsn = store_ref.libpq_dsn(r)
    old = _recorded_version(dsn, r)
    if old is None or old >= S.SCHEMA_VERSION:
        return None
    PgStore.connect(dsn, r.schema, writable=True, migrate=True, ref=r.text()).close()
    return old


def _recorded_version(dsn: str, r) -> Optional[int]:
    """The schema version in the store's meta table (None when there is no store)."""
    import psycopg2

    try:
        conn = psycopg2.connect(dsn, connect_timeout=10, application_name="safe_municipal")
    except psycopg2.Error as e:
        first = (str(e).strip().splitlines() or ["?"])[0]
        raise StoreError(tr("Cannot connect to {where}: {error}").format(where=r.text(), error=first)) from None
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", (f"{_q(r.schema)}.{_q(S.META_TABLE)}",))
            if cur.fetchone()[0] is None:
                return None
            cur.execute(f"SELECT value FROM {_q(r.schema)}.{_q(S.META_TABLE)} WHERE key = 'schema_version'")
            row = cur.fetchone()
        return int(row[0]) if row else None
    finally:
        conn.close()

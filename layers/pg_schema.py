"""The shared store's schema on PostgreSQL/PostGIS, rendered from :mod:`safe_municipal.core.schema`.

Everything lives in one PostgreSQL schema (default ``safe_municipal``): the same tables and fields as
the GeoPackage store, plus what a shared database enforces itself:

* **Types** — uuid → ``uuid`` (default ``gen_random_uuid()`` on ``uid``), text with ``max_length`` →
  ``varchar(n)``, integer → ``integer``, real → ``double precision``, boolean, date, datetime →
  ``timestamptz``, json → ``jsonb``, blob → ``bytea``; geometry → ``geometry(<Type>, <epsg>)`` with a
  GiST index. Value lists, ``min`` and ``max`` become one named CHECK per field (``ck_<table>_<field>``),
  so a violation names its field. Every table has ``fid bigint`` identity as primary key (as the
  GeoPackage; QGIS wants an integer key).
* **Row versions** — ``row_version integer NOT NULL DEFAULT 1`` on every table; a BEFORE UPDATE trigger
  adds one. An update that sets ``row_version`` to the version it read is refused when the row has
  moved on since (SQLSTATE :data:`CONFLICT_SQLSTATE`, message naming who changed it and when): no
  lost updates for clients that send the version; an update that leaves ``row_version`` out
  (QGIS's own attribute forms) still bumps it.
* **Audit** — an AFTER trigger on every non-system table writes ``audit_log`` (who = ``session_user``,
  when, table, uid, facility, action, old/new values as ``jsonb``, geometry and binary columns left
  out, ``"geom_changed"`` on updates of spatial tables, no row for an update that changed nothing).
  The function is SECURITY DEFINER (owned by ``sm_admin``): nobody else may write ``audit_log``.
  A member of ``sm_admin`` may suspend auditing in one transaction with
  ``SET LOCAL safe_municipal.audit = 'off'`` (bulk loads, copying a GeoPackage store in). With
  ``'derived'`` a member of ``sm_editor`` leaves out only the network assessment's derived data:
  ``assessment`` rows inserted and facility updates that change nothing but the derived fields
  (``grade``, ``grade_standard``, ``next_due``, ``recommended_action``, ``recommended_category``;
  :func:`derived_fields`) — every other write of that transaction, and a hand edit of a grade in
  any other transaction, is audited.
* **Roles** — NOLOGIN group roles, cluster-wide (created when missing): ``sm_viewer`` reads
  everything; ``sm_inspector`` also writes the record and detail tables and the field records of the
  programme tables (:data:`INSPECTOR_PROGRAMME_TABLES`); ``sm_editor`` also writes the facilities and
  all programme tables; ``sm_admin`` owns the schema and every object in it and may grant the other
  three. Each includes the one before. Login roles are made members of one of them.
* **Meta** — ``sm_meta`` (key/value: application, schema_version, crs, created_at) and
  ``sm_schema_migrations`` as in the GeoPackage store.

Pure string rendering (:func:`render_statements`, testable without a server) plus
:func:`create_schema`, which runs it in one transaction on a DB-API connection (psycopg2).
No QGIS import.
"""
from __future__ import annotations

from typing import Optional

from ..core import schema as S

PG_SCHEMA = "safe_municipal"
VIEWER, INSPECTOR, EDITOR, ADMIN = "sm_viewer", "sm_inspector", "sm_editor", "sm_admin"
ROLES = (VIEWER, INSPECTOR, EDITOR, ADMIN)  # each includes the one before
AUDIT_SETTING = "safe_municipal.audit"  # SET LOCAL safe_municipal.audit = 'off' (sm_admin members only)
#: ``SET LOCAL safe_municipal.audit = 'derived'`` (members of sm_editor): the network assessment's own
#: writes are not audited — inserts of :data:`DERIVED_TABLE` rows and facility updates changing nothing
#: but :func:`derived_fields` (as on the GeoPackage, where it suspends auditing for its transaction).
AUDIT_DERIVED = "derived"
DERIVED_TABLE = "assessment"
CONFLICT_SQLSTATE = "SM409"  # row_version conflict: reload and save again
ROW_VERSION = "row_version"

#: Programme tables holding field records an inspector writes (cases reported on patrol, covers
#: replaced on site); the other programme tables (targets, units, costs, settings, 一点一策 plans)
#: are office planning, written by editors.
INSPECTOR_PROGRAMME_TABLES = ("cover_case", "cover_replacement")
#: facility columns an inspector may update: recording a cover replacement on site updates the cover it
#: describes (layers/programmes.py); nothing else of a facility
INSPECTOR_FACILITY_COLUMNS = {"manhole": ("cover_type", "load_class", "anti_settlement", "cover_replaced_on"),
                              "rain_inlet": ("load_class",)}

_TYPES = {"uuid": "uuid", "text": "text", "integer": "bigint", "real": "double precision",
          "boolean": "boolean", "date": "date", "datetime": "timestamptz", "json": "jsonb", "blob": "bytea"}

AUDITED_TABLES = tuple(t for t in S.TABLES if t.kind != "system")


# --------------------------------------------------------------------------- quoting
def quote_ident(name: str) -> str:
    """A PostgreSQL identifier, always quoted."""
    if "\x00" in name:
        raise ValueError("identifier with a NUL character")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(v) -> str:
    """A SQL literal for DDL (values of the schema definition only; row values go as parameters)."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    if "\x00" in s:
        raise ValueError("literal with a NUL character")
    return "'" + s.replace("'", "''") + "'"


def qualified(name: str, schema: str = PG_SCHEMA) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def _num(x: float) -> str:
    return repr(int(x)) if float(x).is_integer() else repr(float(x))


# --------------------------------------------------------------------------- tables
def column_type(f: S.Field) -> str:
    if f.type == "text" and f.max_length:
        return f"varchar({int(f.max_length)})"
    return _TYPES[f.type]


def check_sql(f: S.Field) -> Optional[str]:
    """The CHECK expression of a field (value list, min, max), or None."""
    c = quote_ident(f.name)
    parts = []
    if f.values:
        parts.append(f"{c} IN ({', '.join(quote_literal(v) for v in S.value_codes(f.values))})")
    if f.min is not None:
        parts.append(f"{c} >= {_num(f.min)}")
    if f.max is not None:
        parts.append(f"{c} <= {_num(f.max)}")
    return " AND ".join(parts) if parts else None


def constraint_name(table: str, field: str, kind: str = "ck") -> str:
    name = f"{kind}_{table}_{field}"
    if len(name.encode("utf-8")) > 63:
        raise ValueError(f"constraint name {name!r} longer than PostgreSQL's 63 bytes")
    return name


def column_sql(t: S.Table, f: S.Field) -> str:
    parts = [quote_ident(f.name), column_type(f)]
    if f.name == "uid" and f.type == "uuid":
        parts.append("DEFAULT gen_random_uuid()")
    if f.required:
        parts.append("NOT NULL")
    if f.unique:
        parts.append(f"CONSTRAINT {quote_ident(constraint_name(t.name, f.name, 'uq'))} UNIQUE")
    chk = check_sql(f)
    if chk:
        parts.append(f"CONSTRAINT {quote_ident(constraint_name(t.name, f.name))} CHECK ({chk})")
    return " ".join(parts)


def table_ddl(t: S.Table, epsg: int, schema: str = PG_SCHEMA) -> list:
    """CREATE TABLE, indexes and comments of one schema table."""
    qt = qualified(t.name, schema)
    cols = ['"fid" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY']
    if t.is_spatial:
        cols.append(f'"geom" geometry({t.geometry}, {int(epsg)})')
    cols += [column_sql(t, f) for f in t.fields]
    cols.append(f"{quote_ident(ROW_VERSION)} integer NOT NULL DEFAULT 1")
    stmts = [f"CREATE TABLE {qt} (\n  " + ",\n  ".join(cols) + "\n)"]
    for col in t.indexes:
        stmts.append(f"CREATE INDEX {quote_ident(constraint_name(t.name, col, 'idx'))} ON {qt} ({quote_ident(col)})")
    if t.is_spatial:
        stmts.append(f"CREATE INDEX {quote_ident(constraint_name(t.name, 'geom', 'sidx'))} ON {qt} USING gist (\"geom\")")
    stmts.append(f"COMMENT ON TABLE {qt} IS {quote_literal(t.label)}")
    for f in t.fields:
        stmts.append(f"COMMENT ON COLUMN {qt}.{quote_ident(f.name)} IS {quote_literal(f.label)}")
    return stmts


def meta_ddl(epsg: int, schema: str = PG_SCHEMA) -> list:
    meta, mig = qualified(S.META_TABLE, schema), qualified(S.MIGRATIONS_TABLE, schema)
    rows = (("application", S.APPLICATION), ("schema_version", str(S.SCHEMA_VERSION)),
            ("crs", f"EPSG:{int(epsg)}"), ("backend", "postgis"))
    return [
        f"CREATE TABLE {meta} (key text PRIMARY KEY, value text)",
        f"CREATE TABLE {mig} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), "
        "description text)",
        f"INSERT INTO {meta} (key, value) VALUES "
        + ", ".join(f"({quote_literal(k)}, {quote_literal(v)})" for k, v in rows)
        + ", ('created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))",
        f"INSERT INTO {mig} (version, description) VALUES ({int(S.SCHEMA_VERSION)}, 'initial schema')",
    ]


# --------------------------------------------------------------------------- functions and triggers
def derived_fields() -> tuple:
    """The facility fields the network assessment derives (``layers/assess.py`` FACILITY_FIELDS), each a
    field of every facility table of the schema."""
    from .assess import FACILITY_FIELDS

    for t in S.FACILITY_TABLES:
        missing = [f for f in FACILITY_FIELDS if f not in t.field_names]
        if missing:
            raise ValueError(f"facility table {t.name} has no derived field {', '.join(missing)}")
    return tuple(FACILITY_FIELDS)


def facility_source(t: S.Table) -> str:
    """How the audit trigger finds the facility a row of ``t`` belongs to (its first argument)."""
    if t.kind == "facility":
        return "self"
    if "facility_uid" in t.field_names:
        return "column"
    if t.name == "maintenance_material":
        return "via:maintenance:maintenance_uid"
    if "inspection_uid" in t.field_names:
        return "via:inspection:inspection_uid"
    return "none"


def functions_sql(schema: str = PG_SCHEMA) -> list:
    s = quote_ident(schema)
    derived = "\n".join(f"    probe.{quote_ident(f)} := OLD.{quote_ident(f)};" for f in derived_fields())
    audit_log = qualified("audit_log", schema)
    row_version = f"""CREATE FUNCTION {s}.sm_row_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  who text;
  at timestamptz;
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.{ROW_VERSION} := 1;
    RETURN NEW;
  END IF;
  -- a client states the version it read as v, or as -v (QGIS forms: a default value applied on update
  -- has to differ from the value read to be sent at all); leaving the column out is not checked
  IF abs(NEW.{ROW_VERSION}) IS DISTINCT FROM OLD.{ROW_VERSION} THEN
    SELECT user_name, changed_at INTO who, at FROM {audit_log}
      WHERE table_name = TG_TABLE_NAME AND row_uid = OLD.uid ORDER BY changed_at DESC LIMIT 1;
    RAISE EXCEPTION USING ERRCODE = '{CONFLICT_SQLSTATE}',
      MESSAGE = format('conflict: %s %s was changed by %s at %s since it was read '
                       '(version %s read, now %s); reload it and save again',
                       TG_TABLE_NAME, OLD.uid, coalesce(who, 'someone else'), coalesce(at::text, '?'),
                       abs(NEW.{ROW_VERSION}), OLD.{ROW_VERSION}),
      HINT = 'Reload the row, reapply your change and save again.';
  END IF;
  NEW.{ROW_VERSION} := OLD.{ROW_VERSION} + 1;
  RETURN NEW;
END
$fn$"""
    audit = f"""CREATE FUNCTION {s}.sm_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  o jsonb;
  n jsonb;
  r jsonb;
  drop_keys text[] := ARRAY['fid', '{ROW_VERSION}', 'geom'] || string_to_array(TG_ARGV[2], ',');
  fac uuid;
  via text[];
  geom_changed boolean := false;
  audit_mode text := current_setting('{AUDIT_SETTING}', true);
  probe record;
BEGIN
  IF audit_mode = 'off' AND pg_has_role(session_user, '{ADMIN}', 'MEMBER') THEN
    RETURN NULL;
  END IF;
  IF audit_mode = '{AUDIT_DERIVED}' AND TG_OP = 'INSERT' AND TG_TABLE_NAME = '{DERIVED_TABLE}'
     AND pg_has_role(session_user, '{EDITOR}', 'MEMBER') THEN
    RETURN NULL;  -- the network assessment's history rows (derived data)
  END IF;
  IF audit_mode = '{AUDIT_DERIVED}' AND TG_OP = 'UPDATE' AND TG_ARGV[0] = 'self' THEN
    -- a facility update changing nothing but the fields the network assessment derives: the new row
    -- with those fields (and the row version) put back is binary equal (*=) to the old one
    probe := NEW;
    probe.{ROW_VERSION} := OLD.{ROW_VERSION};
{derived}
    IF probe *= OLD AND pg_has_role(session_user, '{EDITOR}', 'MEMBER') THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) - drop_keys; END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) - drop_keys; END IF;
  IF TG_OP = 'UPDATE' THEN
    IF TG_ARGV[1] = 'spatial' THEN
      geom_changed := OLD.geom::text IS DISTINCT FROM NEW.geom::text;  -- hex EWKB: exact
    END IF;
    IF o = n AND NOT geom_changed THEN
      RETURN NULL;
    END IF;
    IF TG_ARGV[1] = 'spatial' THEN
      n := n || jsonb_build_object('geom_changed', geom_changed);
    END IF;
  END IF;
  r := coalesce(n, o);
  IF TG_ARGV[0] = 'self' THEN
    fac := (r ->> 'uid')::uuid;
  ELSIF TG_ARGV[0] = 'column' THEN
    fac := (r ->> 'facility_uid')::uuid;
  ELSIF TG_ARGV[0] LIKE 'via:%' THEN
    via := string_to_array(TG_ARGV[0], ':');
    EXECUTE format('SELECT facility_uid FROM %I.%I WHERE uid = $1', TG_TABLE_SCHEMA, via[2])
      INTO fac USING (r ->> via[3])::uuid;
  END IF;
  INSERT INTO {audit_log} (uid, changed_at, user_name, table_name, row_uid, facility_uid, action,
                           old_values, new_values)
    VALUES (gen_random_uuid(), now(), session_user, TG_TABLE_NAME, (r ->> 'uid')::uuid, fac, lower(TG_OP),
            o, n);
  RETURN NULL;
END
$fn$"""
    return [row_version, audit]


def triggers_sql(t: S.Table, schema: str = PG_SCHEMA) -> list:
    qt = qualified(t.name, schema)
    s = quote_ident(schema)
    stmts = [f"CREATE TRIGGER sm_row_version BEFORE INSERT OR UPDATE ON {qt} FOR EACH ROW "
             f"EXECUTE FUNCTION {s}.sm_row_version()"]
    if t in AUDITED_TABLES:
        blobs = ",".join(f.name for f in t.fields if f.type == "blob")
        args = ", ".join(quote_literal(a) for a in (facility_source(t), "spatial" if t.is_spatial else "plain", blobs))
        stmts.append(f"CREATE TRIGGER sm_audit AFTER INSERT OR UPDATE OR DELETE ON {qt} FOR EACH ROW "
                     f"EXECUTE FUNCTION {s}.sm_audit({args})")
    return stmts


# --------------------------------------------------------------------------- roles and grants
def roles_sql() -> list:
    """Create the four group roles when missing (roles are cluster-wide) and chain them."""
    stmts = []
    for r in ROLES:
        stmts.append(f"DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {quote_literal(r)}) "
                     f"THEN CREATE ROLE {quote_ident(r)} NOLOGIN; END IF; END $do$")
    for lower, upper in zip(ROLES, ROLES[1:]):
        stmts.append(f"GRANT {quote_ident(lower)} TO {quote_ident(upper)}")
    stmts.append(f"GRANT {', '.join(quote_ident(r) for r in ROLES[:-1])} TO {quote_ident(ADMIN)} WITH ADMIN OPTION")
    # the one creating the store must be able to act as its owner
    stmts.append(f"DO $do$ BEGIN IF NOT pg_has_role(current_user, {quote_literal(ADMIN)}, 'MEMBER') THEN "
                 f"EXECUTE format('GRANT %I TO %I', {quote_literal(ADMIN)}, current_user); END IF; END $do$")
    return stmts


def writable_tables(role: str) -> tuple:
    """Names of the tables ``role`` may insert into, update and delete from (own grants and inherited)."""
    inspector = tuple(t.name for t in S.RECORD_TABLES + S.DETAIL_TABLES) + INSPECTOR_PROGRAMME_TABLES
    editor = inspector + tuple(t.name for t in S.FACILITY_TABLES + S.PROGRAMME_TABLES
                               if t.name not in INSPECTOR_PROGRAMME_TABLES)
    return {VIEWER: (), INSPECTOR: inspector, EDITOR: editor,
            ADMIN: editor + (S.META_TABLE, S.MIGRATIONS_TABLE)}[role]


def grants_sql(schema: str = PG_SCHEMA) -> list:
    s = quote_ident(schema)
    stmts = [f"REVOKE ALL ON SCHEMA {s} FROM PUBLIC",
             f"GRANT USAGE ON SCHEMA {s} TO {quote_ident(VIEWER)}",
             f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {quote_ident(VIEWER)}",
             f"REVOKE ALL ON FUNCTION {s}.sm_audit() FROM PUBLIC"]
    own = {INSPECTOR: writable_tables(INSPECTOR)}
    own[EDITOR] = tuple(n for n in writable_tables(EDITOR) if n not in own[INSPECTOR])
    for role, names in own.items():
        stmts.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(qualified(n, schema) for n in names)} "
                     f"TO {quote_ident(role)}")
    for table, columns in INSPECTOR_FACILITY_COLUMNS.items():
        stmts.append(f"GRANT UPDATE ({', '.join(quote_ident(c) for c in columns)}) ON {qualified(table, schema)} "
                     f"TO {quote_ident(INSPECTOR)}")
    return stmts


# --------------------------------------------------------------------------- the whole schema
def render_statements(epsg: int = S.DEFAULT_EPSG, schema: str = PG_SCHEMA) -> list:
    """Every statement creating the store in ``schema``, in order (run them in one transaction)."""
    s = quote_ident(schema)
    stmts = ["CREATE EXTENSION IF NOT EXISTS postgis"]
    stmts += roles_sql()
    stmts.append(f"CREATE SCHEMA {s} AUTHORIZATION {quote_ident(ADMIN)}")
    stmts.append(f"SET LOCAL ROLE {quote_ident(ADMIN)}")  # everything below is owned by sm_admin
    stmts.append(f"COMMENT ON SCHEMA {s} IS {quote_literal('Safe Municipal store, schema version ' + str(S.SCHEMA_VERSION))}")
    for t in S.TABLES:
        stmts += table_ddl(t, epsg, schema)
    stmts += meta_ddl(epsg, schema)
    stmts += functions_sql(schema)
    for t in S.TABLES:
        stmts += triggers_sql(t, schema)
    stmts += grants_sql(schema)
    stmts.append("RESET ROLE")
    return stmts


# --------------------------------------------------------------------------- migrations
#: version -> (description, tables the version adds). Version 1 is the initial schema.
MIGRATIONS = {
    2: ("outfall facility table (排放口)", ("outfall",)),
}


def migration_statements(from_version: int, epsg: int, schema: str = PG_SCHEMA) -> list:
    """(sql, params) bringing a store at ``from_version`` to ``S.SCHEMA_VERSION``, in order; run them in
    one transaction by a member of sm_admin. Each new table gets its columns, constraints, indexes,
    triggers and grants exactly as a freshly created store has them."""
    out = [(f"SET LOCAL ROLE {quote_ident(ADMIN)}", None)]
    s = quote_ident(schema)
    for v in range(from_version + 1, S.SCHEMA_VERSION + 1):
        desc, tables = MIGRATIONS[v]
        for name in tables:
            t = S.table(name)
            out += [(stmt, None) for stmt in table_ddl(t, epsg, schema) + triggers_sql(t, schema)]
            out.append((f"GRANT SELECT ON {qualified(name, schema)} TO {quote_ident(VIEWER)}", None))
            for role in (INSPECTOR, EDITOR):
                if name in writable_tables(role):
                    out.append((f"GRANT INSERT, UPDATE, DELETE ON {qualified(name, schema)} TO {quote_ident(role)}",
                                None))
                    break
        out.append((f"INSERT INTO {s}.{quote_ident(S.MIGRATIONS_TABLE)} (version, description) VALUES (%s, %s)",
                    (v, desc)))
    out.append((f"UPDATE {s}.{quote_ident(S.META_TABLE)} SET value = %s WHERE key = 'schema_version'",
                (str(S.SCHEMA_VERSION),)))
    out.append((f"COMMENT ON SCHEMA {s} IS {quote_literal('Safe Municipal store, schema version ' + str(S.SCHEMA_VERSION))}",
                None))
    out.append(("RESET ROLE", None))
    return out


def render_script(epsg: int = S.DEFAULT_EPSG, schema: str = PG_SCHEMA) -> str:
    """The same as one SQL script, wrapped in BEGIN/COMMIT (for psql -f)."""
    return "BEGIN;\n" + ";\n".join(render_statements(epsg, schema)) + ";\nCOMMIT;\n"


def schema_exists(conn, schema: str = PG_SCHEMA) -> bool:
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        return cur.fetchone() is not None


def create_schema(conn, epsg: int = S.DEFAULT_EPSG, schema: str = PG_SCHEMA) -> None:
    """Create the store in ``schema`` over a DB-API (psycopg2) connection, all in one transaction.

    The connection's user must be a superuser, or have CREATEROLE and be able to create a schema in
    the database (PostGIS already installed). Raises :class:`~.errors.StoreError` when the schema
    exists already or the statements fail; nothing is left behind then."""
    from .errors import StoreError

    if getattr(conn, "autocommit", False):
        raise StoreError("create_schema needs a connection outside autocommit (one transaction)")
    if schema_exists(conn, schema):
        conn.rollback()
        raise StoreError(f"schema {schema!r} already exists in this database")
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('spatial_ref_sys') IS NOT NULL")
        if not cur.fetchone()[0]:
            conn.rollback()
            raise StoreError("PostGIS is not installed in this database (CREATE EXTENSION postgis)")
        cur.execute("SELECT 1 FROM spatial_ref_sys WHERE srid = %s", (int(epsg),))
        if cur.fetchone() is None:
            conn.rollback()
            raise StoreError(f"EPSG:{int(epsg)} is not a coordinate reference system known to PostGIS")
    stmt = ""
    try:
        with conn.cursor() as cur:
            for stmt in render_statements(epsg, schema):
                cur.execute(stmt)
        conn.commit()
    except Exception as e:
        conn.rollback()
        first = stmt.splitlines()[0][:120] if stmt else ""
        raise StoreError(f"creating schema {schema!r} failed at {first!r}: {e}".strip()) from e

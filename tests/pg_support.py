"""Fixtures for tests against a real PostgreSQL/PostGIS server (scripts/pg_cluster.py); used by
tests/pg/conftest.py and tests/qgis/conftest.py (``from pg_support import *``).

The cluster starts once per test session on a free loopback port in a temporary directory and is
stopped (directory removed) at the end, also when tests fail. When PostgreSQL, PostGIS or psycopg2
is missing every test using them is skipped with the reason (fails under SM_REQUIRE_PG=1).
tests/conftest.py puts scripts/, tests/ and the package root on sys.path.
"""
import os

import pytest

__all__ = ["pg", "store_db", "connect", "new_schema", "pg_copy", "pg_ref", "LOGINS"]


def _unavailable(reason: str):
    """Skip — or fail under ``make test`` (SM_REQUIRE_PG=1), which installs PostgreSQL and PostGIS."""
    if os.environ.get("SM_REQUIRE_PG"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg():
    """The running :class:`pg_cluster.Cluster`."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        _unavailable("psycopg2 is not installed (apt-get install python3-psycopg2)")
    import pg_cluster

    try:
        cluster = pg_cluster.start()
    except pg_cluster.ClusterError as e:
        _unavailable(f"PostgreSQL/PostGIS cannot be started: {e}")
    try:
        yield cluster
    finally:
        cluster.stop()


LOGINS = {"alice_viewer": "sm_viewer", "ivan_inspector": "sm_inspector", "eve_editor": "sm_editor",
          "adam_admin": "sm_admin"}


@pytest.fixture(scope="session")
def store_db(pg):
    """The cluster with the store created in schema safe_municipal and one login role per group."""
    import psycopg2

    from safe_municipal.layers import pg_schema

    conn = psycopg2.connect(pg.dsn)
    try:
        pg_schema.create_schema(conn, 4546)
        conn.autocommit = True
        with conn.cursor() as cur:
            for login, group in LOGINS.items():
                cur.execute(f'CREATE ROLE "{login}" LOGIN IN ROLE "{group}"')
    finally:
        conn.close()
    return pg


@pytest.fixture
def connect(store_db):
    """connect(user=None) -> a psycopg2 connection (superuser by default), closed after the test."""
    import psycopg2

    conns = []

    def _connect(user=None):
        c = psycopg2.connect(store_db.dsn_for(user=user))
        conns.append(c)
        return c

    yield _connect
    for c in conns:
        c.close()


@pytest.fixture
def new_schema(store_db):
    """new_schema(prefix) -> the name of a fresh, empty store schema (EPSG:4546) in the test cluster;
    every schema made is dropped after the test."""
    import uuid

    import psycopg2

    from safe_municipal.layers import pg_schema

    made = []

    def _new(prefix="sm_t"):
        name = f"{prefix}_{uuid.uuid4().hex[:8]}"
        conn = psycopg2.connect(store_db.dsn)
        try:
            pg_schema.create_schema(conn, 4546, schema=name)
        finally:
            conn.close()
        made.append(name)
        return name

    yield _new
    if made:
        conn = psycopg2.connect(store_db.dsn)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for name in made:
                    cur.execute(f'DROP SCHEMA "{name}" CASCADE')
        finally:
            conn.close()


def pg_ref(cluster, schema: str, user: str = None) -> str:
    """The store reference (layers.store_ref) of ``schema`` in the test cluster."""
    from psycopg2.extensions import parse_dsn

    d = parse_dsn(cluster.dsn_for(user=user) if user else cluster.dsn)
    return " ".join(f"{k}={d[k]}" for k in ("host", "port", "dbname", "user") if d.get(k)) + f" schema={schema}"


@pytest.fixture
def pg_copy(store_db):
    """pg_copy(gpkg_path, user=None) -> an open PgStore (writable) holding a copy of the GeoPackage
    store at ``gpkg_path``, in a schema of its own for the test; ``user``: log in as that role
    (one of LOGINS), else the superuser. The store's ``ref`` attribute is its reference.

    Schemas are reused: after the test the stores are closed, the schema's tables emptied (TRUNCATE …
    RESTART IDENTITY) and the schema handed to a later test — unless it cannot be emptied at once (a
    connection still holds a lock) or is no longer a current store, then it is left (the cluster goes
    at the end of the session)."""
    from safe_municipal.layers import store_ref

    opened, used = [], []

    def _copy(gpkg_path, user=None):
        template = _template_schema(store_db, gpkg_path)
        schema = _POOL.pop() if _POOL_DSN.get(store_db.dsn) and _POOL else _create_schema(store_db)
        used.append(schema)
        _clone_rows(store_db, template, schema)
        ref = pg_ref(store_db, schema, user)
        store = store_ref.open_store(ref)
        store.ref = ref
        opened.append(store)
        return store

    yield _copy
    for s in opened:
        s.close()
    for schema in used:
        if _empty(store_db, schema):
            _POOL.append(schema)
            _POOL_DSN[store_db.dsn] = True


#: empty store schemas (of the session's cluster) ready for the next pg_copy
_POOL: list = []
_POOL_DSN: dict = {}


def _create_schema(cluster) -> str:
    import uuid

    import psycopg2

    from safe_municipal.layers import pg_schema

    name = f"sm_b_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(cluster.dsn)
    try:
        pg_schema.create_schema(conn, 4546, schema=name)
    finally:
        conn.close()
    return name


def _empty(cluster, schema: str) -> bool:
    """Empty the store's tables for reuse; False (schema left as it is) when that is not possible now."""
    import psycopg2

    from safe_municipal.core import schema as S

    conn = psycopg2.connect(cluster.dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL lock_timeout = '2s'")
            cur.execute(f'SELECT value FROM "{schema}".sm_meta WHERE key = %s', ("schema_version",))
            row = cur.fetchone()
            if row is None or int(row[0]) != S.SCHEMA_VERSION:
                return False
            cur.execute("TRUNCATE " + ", ".join(f'"{schema}"."{t.name}"' for t in S.TABLES) + " RESTART IDENTITY")
        return True
    except psycopg2.Error:
        return False
    finally:
        conn.close()


#: sha256 of a GeoPackage's bytes -> the schema holding its copy (made once per test session; the cluster
#: and everything in it go at the end of the session)
_TEMPLATES: dict = {}


def _template_schema(cluster, gpkg_path) -> str:
    """A schema holding a copy (layers/store_copy.copy_store) of the GeoPackage store, made once per content."""
    import hashlib
    import uuid

    import psycopg2

    from safe_municipal.layers import pg_schema, store_ref
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_copy import copy_store

    with open(gpkg_path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    key = (cluster.dsn, digest)
    if key not in _TEMPLATES:
        name = f"sm_tpl_{uuid.uuid4().hex[:8]}"
        conn = psycopg2.connect(cluster.dsn)
        try:
            pg_schema.create_schema(conn, 4546, schema=name)
        finally:
            conn.close()
        with GpkgStore.open(str(gpkg_path), writable=False) as src, \
                store_ref.open_store(pg_ref(cluster, name)) as dst:
            copy_store(src, dst)
        _TEMPLATES[key] = name
    return _TEMPLATES[key]


def _clone_rows(cluster, template: str, schema: str) -> None:
    """Every row of the template's tables into the (fresh, empty) ``schema``, server side, in one
    transaction with auditing off (as copy_store does); identities moved past the copied fids."""
    import psycopg2

    from safe_municipal.core import schema as S
    from safe_municipal.layers.pg_schema import AUDIT_SETTING

    conn = psycopg2.connect(cluster.dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config(%s, 'off', true)", (AUDIT_SETTING,))
            for t in S.TABLES:
                cur.execute(f'INSERT INTO "{schema}"."{t.name}" SELECT * FROM "{template}"."{t.name}"')
                cur.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'fid'), coalesce(max(fid), 0) + 1, false) "
                            f'FROM "{schema}"."{t.name}"', (f'"{schema}"."{t.name}"',))
    finally:
        conn.close()

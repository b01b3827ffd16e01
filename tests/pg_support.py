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
def pg_copy(store_db, new_schema):
    """pg_copy(gpkg_path, user=None) -> an open PgStore (writable) holding a copy of the GeoPackage
    store at ``gpkg_path``, in a fresh schema dropped after the test; ``user``: log in as that role
    (one of LOGINS), else the superuser. The store's ``ref`` attribute is its reference."""
    from safe_municipal.layers import store_ref
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_copy import copy_store

    opened = []

    def _copy(gpkg_path, user=None):
        schema = new_schema("sm_b")
        admin = store_ref.open_store(pg_ref(store_db, schema))
        try:
            with GpkgStore.open(str(gpkg_path), writable=False) as src:
                copy_store(src, admin)
        finally:
            admin.close()
        ref = pg_ref(store_db, schema, user)
        store = store_ref.open_store(ref)
        store.ref = ref
        opened.append(store)
        return store

    yield _copy
    for s in opened:
        s.close()

"""PostGIS stores of any CRS for the backend tests of the importers, the export and the backup
(tests/pg/test_backend_*.py): ``pg_empty(epsg)`` and ``pg_clone(gpkg_path)``, each an open PgStore
(superuser, a member of sm_admin) in a fresh schema dropped after the test, ``.ref`` its reference;
``PgStoreFactory`` stands in for ``GpkgStore`` in a unit test module whose tests create their own
stores; ``snapshot(store)`` compares every table of either backend.

``pg_copy`` (tests/pg_support.py) makes EPSG:4546 schemas only; the OSM tests need LV95 and the SWMM
tests UTM stores.
"""
import uuid

import pytest

__all__ = ["pg_new_schemas", "pg_empty", "pg_clone", "PgStoreFactory", "snapshot", "write_full_gpkg", "FULL_SIZE"]


@pytest.fixture
def pg_new_schemas(store_db):
    """make(epsg) -> a fresh store schema of that EPSG; every one is dropped after the test."""
    import psycopg2

    from safe_municipal.layers import pg_schema

    made, opened = [], []

    def _make(epsg):
        name = f"sm_i_{uuid.uuid4().hex[:8]}"
        conn = psycopg2.connect(store_db.dsn)
        try:
            pg_schema.create_schema(conn, int(epsg), schema=name)
        finally:
            conn.close()
        made.append(name)
        return name

    yield _make, opened
    for s in opened:
        s.close()
    if made:
        conn = psycopg2.connect(store_db.dsn)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                for name in made:
                    cur.execute(f'DROP SCHEMA "{name}" CASCADE')
        finally:
            conn.close()


@pytest.fixture
def pg_empty(store_db, pg_new_schemas):
    """pg_empty(epsg=4546) -> an open, empty PgStore of that EPSG (``.ref``: its reference)."""
    from pg_support import pg_ref

    from safe_municipal.core import schema as S
    from safe_municipal.layers import store_ref

    make, opened = pg_new_schemas

    def _empty(epsg=S.DEFAULT_EPSG):
        ref = pg_ref(store_db, make(epsg))
        store = store_ref.open_store(ref)
        store.ref = ref
        opened.append(store)
        return store

    return _empty


@pytest.fixture
def pg_clone(pg_empty):
    """pg_clone(gpkg_path) -> an open PgStore holding a copy of that GeoPackage store, whatever its CRS."""
    from safe_municipal.layers.gpkg import GpkgStore
    from safe_municipal.layers.store_copy import copy_store

    def _clone(path):
        with GpkgStore.open(str(path), writable=False) as src:
            dst = pg_empty(src.epsg)
            copy_store(src, dst)
        return dst

    return _clone


class PgStoreFactory:
    """In place of ``GpkgStore`` in a unit test module: ``create(path, epsg)`` gives an empty PostGIS store
    of that EPSG instead of a file (``path`` is ignored); ``open(path)`` a PostGIS copy of the file."""

    def __init__(self, pg_empty, pg_clone):
        from safe_municipal.layers.gpkg import GpkgStore

        self._empty, self._clone = pg_empty, pg_clone
        self.BULK_ROWS = GpkgStore.BULK_ROWS

    def create(self, path, epsg=None, overwrite=False):
        from safe_municipal.core import schema as S

        return self._empty(epsg or S.DEFAULT_EPSG)

    def open(self, path, writable=True, migrate=True):
        return self._clone(path)


def snapshot(store) -> dict:
    """Every schema table of a store of either backend (an open store or its reference), comparable
    before/after: the normalised per-table checksums (layers.store_copy) and the audit log's rows."""
    from safe_municipal.layers import store_ref
    from safe_municipal.layers.store_copy import table_checksums

    if isinstance(store, str):
        with store_ref.open_store(store, writable=False) as s:
            return snapshot(s)
    audit = sorted(repr(sorted(r.items())) for r in store.rows("audit_log"))
    return {**table_checksums(store), "audit_log": audit}


#: PostGIS's ``integer`` holds 32 bits; the full store's attachment size (5,000,000,000, "beyond 32
#: bits", tests/export_support.py) is brought within them (tests/pg/test_backend_export.py's
#: test_a_64_bit_integer_is_kept says what is missing).
FULL_SIZE = 2_000_000_000


def write_full_gpkg(path) -> str:
    """tests/export_support.write_full_store (every field of every table filled) with 32-bit sizes."""
    from export_support import write_full_store

    from safe_municipal.layers.gpkg import GpkgStore

    write_full_store(path)
    with GpkgStore.open(str(path)) as s, s.audit_suspended():
        for r in s.rows("attachment", columns=["uid"]):
            s.update("attachment", r["uid"], {"size_bytes": FULL_SIZE})
    return str(path)

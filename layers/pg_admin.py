"""Creating a store in PostgreSQL/PostGIS from a store reference (layers/store_ref.py).

``create_pg_store("service=city schema=safe_municipal", 4546)`` connects with the reference's
credentials (pg_service, ~/.pgpass or a QGIS authcfg), creates the schema with every table,
constraint, trigger, role and grant (layers/pg_schema.create_schema, one transaction) and returns the
canonical reference. The connecting login must be a superuser, or have CREATEROLE and the right to
create a schema in the database; it becomes a member of sm_admin. No QGIS import at module level.
"""
from __future__ import annotations

from ..core import schema as S
from . import store_ref
from .errors import StoreError

try:
    from ..i18n import tr
except ImportError:  # no Qt (a server's scripts): the English text
    def tr(text: str) -> str:
        return text


def connect_admin(ref):
    """A psycopg2 connection (not autocommit) for administering the database ``ref`` names."""
    try:
        import psycopg2
    except ImportError:
        raise StoreError(tr("PostgreSQL support needs psycopg2 (python3-psycopg2)")) from None
    r = store_ref.parse(ref)
    try:
        return psycopg2.connect(store_ref.libpq_dsn(r), connect_timeout=10, application_name="safe_municipal")
    except psycopg2.Error as e:
        first = (str(e).strip().splitlines() or ["?"])[0]
        raise StoreError(tr("Cannot connect to {where}: {error}").format(where=r.describe(), error=first)) from None


def create_pg_store(ref, epsg: int = S.DEFAULT_EPSG) -> str:
    """Create an empty store in the schema ``ref`` names; returns the canonical reference.
    StoreError (nothing left behind) when the schema exists, PostGIS is missing, the EPSG code is
    unknown or the login may not create schemas and roles."""
    from .pg_schema import create_schema

    r = store_ref.parse(ref)
    conn = connect_admin(r)
    try:
        try:
            create_schema(conn, int(epsg), schema=r.schema)
        except StoreError as e:
            raise StoreError(f"{r.describe()}: {e}") from None
    finally:
        conn.close()
    return r.text()


def store_exists(ref) -> bool:
    """Whether the schema ``ref`` names exists (a store or not)."""
    from .pg_schema import schema_exists

    r = store_ref.parse(ref)
    conn = connect_admin(r)
    try:
        return schema_exists(conn, r.schema)
    finally:
        conn.close()

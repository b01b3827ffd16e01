"""Migrations on PostGIS: a store made by schema version 1 (no outfall table) is upgraded when an
administrator opens it — the new table has the same columns, constraints, triggers and grants as a
freshly created store's — while others get a clear message and the store stays as it was."""
import uuid

import pytest
from pg_support import pg_ref

from safe_municipal.core import schema as S
from safe_municipal.layers import pg_schema as P
from safe_municipal.layers import store_ref
from safe_municipal.layers.errors import StoreError

OUTFALL = {"uid": str(uuid.uuid4()), "code": "PK-001", "name": "柏临河排放口", "usage": "storm", "outfall_type": "free",
           "geom": ("Point", (527800.0, 3397760.0))}


def _downgrade_to_v1(conn, schema: str) -> None:
    """What a version-1 store looks like: no outfall table, version 1, one migration row."""
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP TABLE "{schema}".outfall')
        cur.execute(f"UPDATE \"{schema}\".sm_meta SET value = '1' WHERE key = 'schema_version'")
        cur.execute(f'DELETE FROM "{schema}".sm_schema_migrations')
        cur.execute(f"INSERT INTO \"{schema}\".sm_schema_migrations (version, description) VALUES (1, 'initial')")


def _columns(conn, schema: str, table: str) -> list:
    with conn.cursor() as cur:
        cur.execute("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", (schema, table))
        return cur.fetchall()


def _objects(conn, schema: str, table: str) -> dict:
    with conn.cursor() as cur:
        cur.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY 1",
                    (f'"{schema}".{table}',))
        cons = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY 1",
                    (f'"{schema}".{table}',))
        trig = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s ORDER BY 1",
                    (schema, table))
        idx = [r[0] for r in cur.fetchall()]
        grants = {}
        for role in P.ROLES:
            cur.execute("SELECT has_table_privilege(%s, %s, 'SELECT'), has_table_privilege(%s, %s, 'INSERT')",
                        (role, f'"{schema}".{table}', role, f'"{schema}".{table}'))
            grants[role] = cur.fetchone()
    return {"constraints": cons, "triggers": trig, "indexes": idx, "grants": grants}


def test_admin_upgrades_a_version_1_store(store_db, connect, new_schema):
    fresh, old = new_schema("sm_m"), new_schema("sm_m")
    conn = connect()
    _downgrade_to_v1(conn, old)
    assert S.SCHEMA_VERSION == 2
    # a viewer or an editor may not upgrade: clear message, nothing changed
    for login in ("alice_viewer", "eve_editor"):
        with pytest.raises(StoreError, match="needs upgrading to 2; only a member of sm_admin may upgrade it"):
            store_ref.open_store(pg_ref(store_db, old, login))
    with pytest.raises(StoreError, match="open it writable to migrate"):
        store_ref.open_store(pg_ref(store_db, old, "adam_admin"), writable=False)
    assert _columns(conn, old, "outfall") == []

    assert store_ref.upgrade_store(pg_ref(store_db, old, "adam_admin")) == 1
    assert store_ref.upgrade_store(pg_ref(store_db, old, "adam_admin")) is None  # current now
    with store_ref.open_store(pg_ref(store_db, old, "eve_editor")) as store:
        assert store.schema_version == 2
        assert [r[0] for r in store.execute("SELECT version FROM sm_schema_migrations ORDER BY 1")] == [1, 2]
        store.insert("outfall", [OUTFALL])  # an editor may write facilities of the new table
        uid = next(store.rows("outfall", columns=["uid"]))["uid"]
        who = store.execute("SELECT user_name, action FROM audit_log WHERE row_uid = ?", (uid,)).fetchall()
        assert who == [("eve_editor", "insert")]  # audited like every other table
        with pytest.raises(Exception, match="outfall_type"):
            store.insert("outfall", [dict(OUTFALL, uid=str(uuid.uuid4()), code="PK-002", outfall_type="nonsense")],
                         validate=False)
    # the upgraded table is the table a new store has
    assert _columns(conn, old, "outfall") == _columns(conn, fresh, "outfall")
    a, b = _objects(conn, old, "outfall"), _objects(conn, fresh, "outfall")
    assert a == b, (a, b)
    assert a["grants"]["sm_viewer"] == (True, False) and a["grants"]["sm_inspector"] == (True, False)
    assert a["grants"]["sm_editor"] == (True, True)


def test_newer_store_refused(store_db, connect, new_schema):
    schema = new_schema("sm_m")
    conn = connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"UPDATE \"{schema}\".sm_meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 9, newer than this plugin understands"):
        store_ref.open_store(pg_ref(store_db, schema))

"""The shared store's schema on a real PostgreSQL/PostGIS server: constraints, audit, row versions, roles."""
import datetime as dt
import uuid

import pytest

psycopg2 = pytest.importorskip("psycopg2")
from psycopg2 import errors as pgerr  # noqa: E402
from psycopg2.extras import Json  # noqa: E402

from safe_municipal.core import geometry as geo  # noqa: E402
from safe_municipal.core import schema as S  # noqa: E402
from safe_municipal.layers import pg_schema as P  # noqa: E402
from safe_municipal.layers.errors import StoreError  # noqa: E402

GEOMS = {"Point": geo.point_wkb(500100.0, 3390100.0),
         "LineString": geo.linestring_wkb([(500000.0, 3390000.0), (500050.0, 3390020.0)]),
         "Polygon": geo.polygon_wkb([[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]])}


def valid_value(f, n=0):
    if f.type == "uuid":
        return str(uuid.uuid4())
    if f.values:
        return S.value_codes(f.values)[0]
    if f.type == "text":
        return f"{f.name}-{n}"[: f.max_length or 100]
    if f.type in ("integer", "real"):
        v = f.min if f.min is not None else 1
        return int(v) if f.type == "integer" else float(v)
    return {"boolean": True, "date": dt.date(2024, 5, 1),
            "datetime": dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone.utc),
            "json": Json({"pci": 87.5, "note": "好"}), "blob": b"\x00\x01binary"}[f.type]


def valid_row(t, n=0, **over):
    row = {f.name: valid_value(f, n) for f in t.fields}
    if t.is_spatial:
        row["geom"] = GEOMS[t.geometry]
    row.update(over)
    return row


def insert(cur, table, row):
    """A parameterised INSERT (what the PostGIS store will do); returns the uid."""
    cols = list(row)
    vals = ["ST_GeomFromWKB(%s, 4546)" if c == "geom" else "%s" for c in cols]
    params = [psycopg2.Binary(v) if isinstance(v, bytes) else v for v in row.values()]
    cur.execute(f"INSERT INTO safe_municipal.{P.quote_ident(table)} ({', '.join(map(P.quote_ident, cols))}) "
                f"VALUES ({', '.join(vals)}) RETURNING uid", params)
    return cur.fetchone()[0]


def one(cur, sql, params=()):
    cur.execute(sql, params)
    return cur.fetchone()


def audit_rows(cur, uid):
    cur.execute("SELECT action, user_name, table_name, facility_uid, old_values, new_values "
                "FROM safe_municipal.audit_log WHERE row_uid = %s ORDER BY changed_at, action", (uid,))
    return cur.fetchall()


# --------------------------------------------------------------------------- schema
def test_schema_created_with_every_table_and_meta(connect):
    cur = connect().cursor()
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'safe_municipal'")
    names = {r[0] for r in cur.fetchall()}
    assert names == {t.name for t in S.TABLES} | {S.META_TABLE, S.MIGRATIONS_TABLE}
    cur.execute("SELECT key, value FROM safe_municipal.sm_meta")
    meta = dict(cur.fetchall())
    assert meta["schema_version"] == str(S.SCHEMA_VERSION) and meta["crs"] == "EPSG:4546"
    assert meta["application"] == S.APPLICATION and meta["created_at"].endswith("Z")
    assert one(cur, "SELECT version FROM safe_municipal.sm_schema_migrations") == (S.SCHEMA_VERSION,)
    cur.execute("SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_schema = 'safe_municipal'")
    assert {r[0]: (r[1], r[2]) for r in cur.fetchall()} == {
        t.name: (t.geometry.upper(), 4546) for t in S.TABLES if t.is_spatial}
    assert one(cur, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'safe_municipal'") == (
        "sm_admin",)
    assert one(cur, "SELECT tableowner FROM pg_tables WHERE schemaname = 'safe_municipal' AND tablename = 'road'") == (
        "sm_admin",)


def test_create_schema_is_one_transaction(connect, monkeypatch):
    conn = connect()
    with pytest.raises(StoreError, match="already exists"):
        P.create_schema(conn, 4546)
    with pytest.raises(StoreError, match="EPSG:999999"):
        P.create_schema(conn, 999999, schema="sm_bad_crs")
    real = P.render_statements
    monkeypatch.setattr(P, "render_statements", lambda *a, **k: real(*a, **k) + ["SELECT 1/0"])
    with pytest.raises(StoreError, match="division by zero"):
        P.create_schema(conn, 4546, schema="sm_half")
    assert not P.schema_exists(conn, "sm_half")  # nothing of the 400 statements left behind


def test_a_valid_row_of_every_table(connect):
    conn = connect()
    cur = conn.cursor()
    for t in S.TABLES:
        if t.kind == "system":
            continue
        uid = insert(cur, t.name, valid_row(t))
        got = one(cur, f"SELECT row_version{', ST_SRID(geom), ST_GeometryType(geom)' if t.is_spatial else ''} "
                       f"FROM safe_municipal.{t.name} WHERE uid = %s", (uid,))
        assert got[0] == 1
        if t.is_spatial:
            assert got[1:] == (4546, "ST_" + t.geometry)
    conn.rollback()


# --------------------------------------------------------------------------- constraints
@pytest.mark.parametrize("field, value, error, constraint", [
    ("road_class", "motorway", pgerr.CheckViolation, "ck_road_road_class"),
    ("lanes", 0, pgerr.CheckViolation, "ck_road_lanes"),
    ("lanes", 17, pgerr.CheckViolation, "ck_road_lanes"),
    ("built_year", 1799, pgerr.CheckViolation, "ck_road_built_year"),
    ("code", None, pgerr.NotNullViolation, None),
    ("code", "x" * 41, pgerr.StringDataRightTruncation, None),
])
def test_constraint_violations_refused(connect, field, value, error, constraint):
    conn = connect()
    cur = conn.cursor()
    with pytest.raises(error) as e:
        insert(cur, "road", valid_row(S.table("road"), **{field: value}))
    if constraint:
        assert e.value.diag.constraint_name == constraint
    if error is pgerr.NotNullViolation:
        assert e.value.diag.column_name == field
    conn.rollback()


def test_unique_code_and_multi_row_change_is_all_or_nothing(connect):
    conn = connect()
    cur = conn.cursor()
    t = S.table("road")
    insert(cur, "road", valid_row(t, code="DL-ATOMIC-1"))
    with pytest.raises(pgerr.UniqueViolation) as e:
        insert(cur, "road", valid_row(t, code="DL-ATOMIC-1"))
    assert e.value.diag.constraint_name == "uq_road_code"
    conn.rollback()
    assert one(cur, "SELECT count(*) FROM safe_municipal.road WHERE code = 'DL-ATOMIC-1'") == (0,)


# --------------------------------------------------------------------------- audit and row versions
def test_audit_insert_update_delete_with_session_user(connect):
    conn = connect("eve_editor")
    cur = conn.cursor()
    uid = insert(cur, "road", valid_row(S.table("road"), code="DL-AUDIT", name="解放路"))
    conn.commit()
    cur.execute("UPDATE safe_municipal.road SET name = %s WHERE uid = %s", ("解放路北段", uid))
    cur.execute("UPDATE safe_municipal.road SET name = name WHERE uid = %s", (uid,))  # no change: no audit
    cur.execute("UPDATE safe_municipal.road SET geom = ST_Translate(geom, 1, 0) WHERE uid = %s", (uid,))
    conn.commit()
    cur.execute("DELETE FROM safe_municipal.road WHERE uid = %s", (uid,))
    conn.commit()
    log = audit_rows(cur, uid)
    assert [r[0] for r in log] == ["insert", "update", "update", "delete"]
    assert {r[1] for r in log} == {"eve_editor"} and {r[2] for r in log} == {"road"}
    assert {r[3] for r in log} == {uid}  # a facility's own rows point at itself
    ins, upd, moved, dele = log
    assert ins[4] is None and ins[5]["code"] == "DL-AUDIT" and ins[5]["name"] == "解放路"
    assert "geom" not in ins[5] and "row_version" not in ins[5] and "fid" not in ins[5]
    assert upd[4]["name"] == "解放路" and upd[5]["name"] == "解放路北段" and upd[5]["geom_changed"] is False
    assert moved[4] == {k: v for k, v in moved[5].items() if k != "geom_changed"} and moved[5]["geom_changed"] is True
    assert dele[4]["code"] == "DL-AUDIT" and dele[5] is None
    assert isinstance(ins[5]["lanes"], int) and ins[5]["last_inspected"] == "2024-05-01"


def test_audit_of_records_names_their_facility(connect):
    conn = connect("ivan_inspector")
    cur = conn.cursor()
    facility = str(uuid.uuid4())
    insp = insert(cur, "inspection", valid_row(S.table("inspection"), facility_uid=facility,
                                                 facility_kind="drain_pipe"))
    defect = insert(cur, "pipe_defect", valid_row(S.table("pipe_defect"), inspection_uid=insp))
    attach = insert(cur, "attachment", valid_row(S.table("attachment"), facility_uid=facility))
    conn.commit()
    assert audit_rows(cur, insp)[0][3] == facility
    assert audit_rows(cur, defect)[0][3] == facility
    (a,) = audit_rows(cur, attach)
    assert "content" not in a[5] and a[5]["file_name"] == "file_name-0"  # binary left out of the JSON
    assert audit_rows(cur, insp)[0][5]["indices"] == {"pci": 87.5, "note": "好"}  # jsonb stays structured


def test_audit_cannot_be_forged_or_switched_off_by_non_admins(connect):
    conn = connect("eve_editor")
    cur = conn.cursor()
    with pytest.raises(pgerr.InsufficientPrivilege):
        cur.execute("INSERT INTO safe_municipal.audit_log (uid, changed_at, user_name, table_name, row_uid, action) "
                    "VALUES (gen_random_uuid(), now(), 'someone', 'road', gen_random_uuid(), 'insert')")
    conn.rollback()
    cur.execute("SET LOCAL safe_municipal.audit = 'off'")
    uid = insert(cur, "road", valid_row(S.table("road"), code="DL-NOAUDIT-1"))
    conn.commit()
    assert len(audit_rows(cur, uid)) == 1  # not an admin: still audited
    admin = connect("adam_admin")
    acur = admin.cursor()
    acur.execute("SET LOCAL safe_municipal.audit = 'off'")
    uid2 = insert(acur, "road", valid_row(S.table("road"), code="DL-NOAUDIT-2"))
    admin.commit()
    assert audit_rows(acur, uid2) == []  # bulk load by an admin
    uid3 = insert(acur, "road", valid_row(S.table("road"), code="DL-NOAUDIT-3"))
    admin.commit()
    assert len(audit_rows(acur, uid3)) == 1  # SET LOCAL ended with its transaction


def test_row_version_increments_and_second_save_conflicts(connect):
    a, b = connect("eve_editor"), connect("ivan_inspector")
    ca, cb = a.cursor(), b.cursor()
    uid = insert(ca, "inspection", valid_row(S.table("inspection"), summary="v1"))
    a.commit()
    read_a = one(ca, "SELECT row_version FROM safe_municipal.inspection WHERE uid = %s", (uid,))[0]
    read_b = one(cb, "SELECT row_version FROM safe_municipal.inspection WHERE uid = %s", (uid,))[0]
    assert read_a == read_b == 1
    b.commit()
    ca.execute("UPDATE safe_municipal.inspection SET summary = %s, row_version = %s WHERE uid = %s", ("A", read_a, uid))
    a.commit()
    assert one(ca, "SELECT row_version FROM safe_municipal.inspection WHERE uid = %s", (uid,)) == (2,)
    with pytest.raises(psycopg2.Error) as e:
        cb.execute("UPDATE safe_municipal.inspection SET summary = %s, row_version = %s WHERE uid = %s",
                   ("B", read_b, uid))
    b.rollback()
    assert e.value.pgcode == P.CONFLICT_SQLSTATE
    msg = e.value.diag.message_primary
    assert msg.startswith("conflict: inspection " + uid) and "eve_editor" in msg and "version 1 read, now 2" in msg
    assert one(cb, "SELECT summary, row_version FROM safe_municipal.inspection WHERE uid = %s", (uid,)) == ("A", 2)
    # an update that does not send the version (QGIS's own forms) still bumps it
    cb.execute("UPDATE safe_municipal.inspection SET summary = 'C' WHERE uid = %s", (uid,))
    b.commit()
    assert one(cb, "SELECT row_version FROM safe_municipal.inspection WHERE uid = %s", (uid,)) == (3,)


# --------------------------------------------------------------------------- roles
def test_viewer_reads_but_cannot_write(connect):
    conn = connect("alice_viewer")
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM safe_municipal.road")
    cur.execute("SELECT count(*) FROM safe_municipal.audit_log")
    conn.commit()
    for table in ("inspection", "road", "programme"):
        with pytest.raises(pgerr.InsufficientPrivilege, match=f"permission denied for table {table}"):
            insert(cur, table, valid_row(S.table(table)))
        conn.rollback()
    with pytest.raises(pgerr.InsufficientPrivilege):
        cur.execute("UPDATE safe_municipal.road SET name = 'x'")
    conn.rollback()


def test_inspector_writes_records_not_facilities(connect):
    conn = connect("ivan_inspector")
    cur = conn.cursor()
    uid = insert(cur, "inspection", valid_row(S.table("inspection")))
    insert(cur, "cover_case", valid_row(S.table("cover_case")))
    conn.commit()
    cur.execute("UPDATE safe_municipal.inspection SET grade = 'B' WHERE uid = %s", (uid,))
    cur.execute("DELETE FROM safe_municipal.inspection WHERE uid = %s", (uid,))
    conn.commit()
    for table in ("road", "manhole", "programme", "unit_cost", "sm_meta"):
        row = {"key": "k", "value": "v"} if table == "sm_meta" else valid_row(S.table(table))
        with pytest.raises(pgerr.InsufficientPrivilege, match=f"permission denied for table {table}"):
            cur.execute(f"INSERT INTO safe_municipal.{table} ({', '.join(row)}) VALUES "
                        f"({', '.join('ST_GeomFromWKB(%s, 4546)' if k == 'geom' else '%s' for k in row)})",
                        [psycopg2.Binary(v) if isinstance(v, bytes) else v for v in row.values()])
        conn.rollback()


def test_editor_writes_facilities_and_programmes_not_meta(connect):
    conn = connect("eve_editor")
    cur = conn.cursor()
    insert(cur, "manhole", valid_row(S.table("manhole")))
    insert(cur, "programme", valid_row(S.table("programme")))
    conn.commit()
    with pytest.raises(pgerr.InsufficientPrivilege):
        cur.execute("UPDATE safe_municipal.sm_meta SET value = '9' WHERE key = 'schema_version'")
    conn.rollback()


# --------------------------------------------------------------------------- values stored verbatim
NASTY = ["Robert'); DROP TABLE safe_municipal.road; --", 'a "quoted" name; /* comment */ -- x',
         "$$ $fn$ \\ backslash E'\\x00'", "路名'；--注释"]


@pytest.mark.parametrize("text", NASTY)
def test_hostile_text_stored_verbatim(connect, text):
    conn = connect("eve_editor")
    cur = conn.cursor()
    uid = insert(cur, "road", valid_row(S.table("road"), name=text[:200], notes=text,
                                        code=("DL-" + str(uuid.uuid4()))[:40]))
    conn.commit()
    assert one(cur, "SELECT name, notes FROM safe_municipal.road WHERE uid = %s", (uid,)) == (text[:200], text)
    assert one(cur, "SELECT to_regclass('safe_municipal.road') IS NOT NULL") == (True,)
    assert audit_rows(cur, uid)[0][5]["notes"] == text
    conn.commit()

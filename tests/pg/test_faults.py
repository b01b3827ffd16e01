"""Faults on the shared store (issue 8, "Load and faults"): a writer killed mid-transaction, a viewer
trying every write path, each role's limits, and names and values holding SQL stored verbatim."""
import json
import multiprocessing as mp
import os
import signal
import time
import uuid

import pytest

psycopg2 = pytest.importorskip("psycopg2")

from pg_support import pg_ref  # noqa: E402

from safe_municipal.core import schema as S  # noqa: E402
from safe_municipal.core.validation import ValidationError  # noqa: E402
from safe_municipal.layers.archive import Archive  # noqa: E402
from safe_municipal.layers.errors import StoreError  # noqa: E402
from safe_municipal.layers.store_copy import table_checksums  # noqa: E402
from safe_municipal.layers.store_ref import open_store  # noqa: E402

#: Texts that would break a statement built by string formatting.
SQLISH = ["'; DROP TABLE road; --", "Robert'); DELETE FROM inspection; --", '"quoted" "road"', "/* comment */ x",
          "-- comment", "%s", "%(name)s", "%%", "?", "? AND 1=1", "\\", "\\'", "a\\nb", "line one\nline two",
          "tab\there", "$1", "$$ dollar $$", "E'\\x41'", "武汉路；删除 '表'", "名称\"引号\"", "😀 emoji", " lead/trail "]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from safe_municipal.layers.demo_writer import write_demo_city

    path = tmp_path_factory.mktemp("faults") / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    return path


def snapshot(store) -> dict:
    """Everything a failed write could have changed: every table's checksum, the audit log, the meta tables."""
    return {"tables": table_checksums(store),
            "audit": store.execute("SELECT count(*), coalesce(max(fid), 0) FROM audit_log").fetchone(),
            "meta": sorted(store.execute("SELECT key, value FROM sm_meta").fetchall()),
            "migrations": store.execute("SELECT count(*) FROM sm_schema_migrations").fetchone()}


def new_copy(store, table, **over):
    """A copy of the table's first row with a new uid (and code), as a new row to insert."""
    row = next(iter(store.rows(table, order_by=("fid",), limit=1)))
    row = {**row, "uid": str(uuid.uuid4()), **over}
    if "code" in row and "code" not in over:
        row["code"] = f"T-{uuid.uuid4().hex[:8]}"
    return row


# --------------------------------------------------------------------------- a writer killed mid-transaction
def _writer(ref, conn, mode, inspection_uid):
    """A child: one transaction adding an inspection and 4 × 50 CCTV defects; tells the parent after the
    first 100, then waits (``idle``), runs a slow statement (``busy``) or keeps inserting (``inserting``)."""
    store = open_store(ref)
    pid = store.execute("SELECT pg_backend_pid()").fetchone()[0]
    pipe = next(iter(store.rows("drain_pipe", columns=("uid",), order_by=("fid",), limit=1)))["uid"]

    def defects(n):
        return [{"uid": str(uuid.uuid4()), "inspection_uid": inspection_uid, "code": "PL", "grade": 2,
                 "start_m": float(i), "end_m": float(i) + 0.5} for i in range(n)]

    with store.transaction():
        store.insert("inspection", [{"uid": inspection_uid, "facility_uid": pipe, "facility_kind": "drain_pipe",
                                     "inspected_on": "2025-05-01", "inspection_type": "cctv", "summary": "killed"}])
        for batch in range(4):
            store.insert("pipe_defect", defects(50))
            if batch == 1:
                conn.send(pid)
                if mode == "idle":
                    time.sleep(600)
                elif mode == "busy":
                    store.execute("SELECT pg_sleep(3)")
        while mode == "inserting":
            store.insert("pipe_defect", defects(50))
    conn.send("committed")  # never reached: killed before


def backend(store, pid):
    return store.execute("SELECT state, xact_start IS NOT NULL FROM pg_stat_activity WHERE pid = ?", (pid,)).fetchone()


@pytest.mark.parametrize("mode", ["idle", "busy", "inserting"])
def test_killed_writer_leaves_no_partial_rows(demo, pg_copy, store_db, mode):
    store = pg_copy(demo)  # superuser: sees every backend in pg_stat_activity
    ref = pg_ref(store_db, store.schema, "ivan_inspector")
    before = snapshot(store)
    inspection_uid = str(uuid.uuid4())
    ctx = mp.get_context("fork")
    parent_end, child_end = ctx.Pipe()
    child = ctx.Process(target=_writer, args=(ref, child_end, mode, inspection_uid), daemon=True)
    child.start()
    try:
        assert parent_end.poll(60), "the writer did not start its transaction"
        pid = parent_end.recv()
        if mode == "inserting":
            time.sleep(0.3)  # let it be somewhere in the next statements
        state = backend(store, pid)
        assert state is not None and state[1], state  # a transaction is open on the server
        # nothing of it is visible to others while it is open
        assert store.count("pipe_defect") == before["tables"]["pipe_defect"][0]
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
    finally:
        if child.is_alive():
            child.kill()
    # the server notices the dead client (its socket closed; a running statement first ends) and rolls back
    deadline = time.monotonic() + 30
    while backend(store, pid) is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert backend(store, pid) is None, f"backend {pid} of the killed writer is still there: {backend(store, pid)}"
    assert store.execute("SELECT count(*) FROM pg_locks WHERE pid = ?", (pid,)).fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                         "state LIKE 'idle in transaction%'").fetchone()[0] == 0
    assert store.get("inspection", inspection_uid) is None
    assert store.execute("SELECT count(*) FROM pipe_defect WHERE inspection_uid = ?", (inspection_uid,)).fetchone() \
        == (0,)
    assert store.execute("SELECT count(*) FROM audit_log WHERE row_uid = ? OR new_values ->> 'inspection_uid' = ?",
                         (inspection_uid, inspection_uid)).fetchone() == (0,)
    assert snapshot(store) == before
    # the server is fine: a new writer connects, writes, is audited
    with open_store(ref) as ivan:
        archive = Archive(ivan)
        pipe = next(iter(ivan.rows("drain_pipe", columns=("uid",), limit=1)))["uid"]
        uid = archive.add_record("inspection", "drain_pipe", pipe, {"inspected_on": "2025-06-01", "summary": "after"})
        assert store.get("inspection", uid)["summary"] == "after"
        assert store.execute("SELECT user_name FROM audit_log WHERE row_uid = ?", (uid,)).fetchall() == [
            ("ivan_inspector",)]


# --------------------------------------------------------------------------- roles
WRITE_TABLES = ("road", "inspection", "programme", "maintenance_unit", "audit_log")


def write_attempts(store, admin):
    """(table, action, callable) for insert, update and delete of a row of each of WRITE_TABLES."""
    out = []
    for t in WRITE_TABLES:
        existing = next(iter(admin.rows(t, order_by=("fid",), limit=1)), None)
        if t == "audit_log":  # the demo has none: a plausible one
            row = {"uid": str(uuid.uuid4()), "changed_at": "2025-01-01T00:00:00.000Z", "user_name": "forged",
                   "table_name": "road", "row_uid": str(uuid.uuid4()), "action": "insert"}
        else:
            row = new_copy(admin, t, **({"name": f"T-{uuid.uuid4().hex[:6]}"} if t == "maintenance_unit" else {}))
        field = {"road": "notes", "inspection": "summary", "programme": "notes", "maintenance_unit": "phone",
                 "audit_log": "user_name"}[t]
        out.append((t, "insert", lambda t=t, row=row: store.insert(t, [row])))
        if existing is not None:
            out.append((t, "update", lambda t=t, u=existing["uid"], f=field: store.update(t, u, {f: "changed"})))
            out.append((t, "delete", lambda t=t, u=existing["uid"]: store.delete(t, [u])))
    return out


def raw_attempts(schema):
    """SQL a viewer might try by hand: every one must be refused by the server (42501)."""
    s = f'"{schema}"'
    return [f"INSERT INTO {s}.road (uid, code) VALUES (gen_random_uuid(), 'X-1')",
            f"UPDATE {s}.road SET notes = 'x'", f"DELETE FROM {s}.road",
            f"UPDATE {s}.inspection SET summary = 'x'", f"DELETE FROM {s}.pipe_defect",
            f"UPDATE {s}.programme SET notes = 'x'", f"DELETE FROM {s}.setting",
            f"UPDATE {s}.audit_log SET user_name = 'x'", f"DELETE FROM {s}.audit_log",
            f"INSERT INTO {s}.audit_log (uid, changed_at, user_name, table_name, row_uid, action) VALUES "
            "(gen_random_uuid(), now(), 'x', 'road', gen_random_uuid(), 'insert')",
            f"UPDATE {s}.sm_meta SET value = '9' WHERE key = 'schema_version'",
            f"INSERT INTO {s}.sm_meta (key, value) VALUES ('x', 'y')", f"DELETE FROM {s}.sm_schema_migrations",
            f"TRUNCATE {s}.road", f"DROP TABLE {s}.road", f"ALTER TABLE {s}.road ADD COLUMN x int",
            f"CREATE TABLE {s}.intruder (x int)", f"SELECT uid FROM {s}.road FOR UPDATE",
            "SET ROLE sm_admin", "SET ROLE sm_editor"]


def test_viewer_cannot_write_anything(demo, pg_copy, store_db):
    admin = pg_copy(demo)
    before = snapshot(admin)
    ref = pg_ref(store_db, admin.schema, "alice_viewer")
    with open_store(ref) as alice:
        assert alice.role() == "sm_viewer" and not any(alice.can_write(t.name) for t in S.TABLES)
        for table, action, attempt in write_attempts(alice, admin):
            with pytest.raises(StoreError) as e:
                attempt()
            assert f"your role alice_viewer may not {action} rows of {table}" in str(e.value), str(e.value)
        with pytest.raises(StoreError, match="your role alice_viewer may not update rows of sm_meta"):
            alice.execute("UPDATE sm_meta SET value = ? WHERE key = 'crs'", ("EPSG:4326",))
        with pytest.raises(StoreError, match="your role alice_viewer may not delete rows of audit_log"):
            alice.execute("DELETE FROM audit_log")
        with pytest.raises(StoreError, match="your role alice_viewer may not insert rows of road"):
            alice.execute("INSERT INTO road (uid, code) VALUES (?, ?)", (str(uuid.uuid4()), "X-2"))
        with pytest.raises(StoreError, match="may not suspend the audit log"):
            with alice.audit_suspended():
                alice.execute("DELETE FROM audit_log")
        archive = Archive(alice)
        road = next(iter(alice.rows("road", columns=("uid",), limit=1)))["uid"]
        with pytest.raises(StoreError, match="your role alice_viewer may not insert rows of maintenance"):
            archive.add_record("maintenance", "road", road, {"category": "minor", "status": "planned"})
        with pytest.raises(StoreError, match="alice_viewer may not update rows of road"):
            archive.update_facility("road", road, {"name": "改名"})
        assert alice.count("road") == before["tables"]["road"][0]  # reading is fine
    conn = psycopg2.connect(store_db.dsn_for(user="alice_viewer"))
    conn.autocommit = True
    try:
        for sql in raw_attempts(admin.schema):
            with pytest.raises(psycopg2.Error) as e, conn.cursor() as cur:
                cur.execute(sql)
            assert e.value.pgcode == "42501", (sql, e.value.pgcode, str(e.value))
        with conn.cursor() as cur:  # switching the audit off is a no-op for her, the write still refused
            cur.execute("SET safe_municipal.audit = 'off'")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(f'DELETE FROM "{admin.schema}".inspection')
    finally:
        conn.close()
    assert snapshot(admin) == before


def test_inspector_writes_records_not_facilities_editor_both(demo, pg_copy, store_db):
    admin = pg_copy(demo)
    schema = admin.schema
    with open_store(pg_ref(store_db, schema, "ivan_inspector")) as ivan:
        assert ivan.role() == "sm_inspector" and ivan.can_write("inspection") and not ivan.can_write("road")
        before = snapshot(admin)
        for table, action, attempt in write_attempts(ivan, admin):
            if table == "inspection":
                attempt()  # records are his job
                continue
            with pytest.raises(StoreError) as e:
                attempt()
            assert f"your role ivan_inspector may not {action} rows of {table}" in str(e.value), str(e.value)
        after = snapshot(admin)
        assert {t: v for t, v in after["tables"].items() if t != "inspection"} == {
            t: v for t, v in before["tables"].items() if t != "inspection"}
        case = new_copy(admin, "cover_case")
        ivan.insert("cover_case", [case])  # a field record of a programme
        assert admin.get("cover_case", case["uid"])["code"] == case["code"]
    with open_store(pg_ref(store_db, schema, "eve_editor")) as eve:
        assert eve.role() == "sm_editor"
        for table, action, attempt in write_attempts(eve, admin):
            if table == "audit_log":
                with pytest.raises(StoreError, match=f"your role eve_editor may not {action} rows of audit_log"):
                    attempt()
            else:
                attempt()
        with pytest.raises(StoreError, match="your role eve_editor may not update rows of sm_meta"):
            eve.execute("UPDATE sm_meta SET value = 'x' WHERE key = 'crs'")
        who = {r[0] for r in admin.execute("SELECT DISTINCT user_name FROM audit_log")}
        assert who == {"ivan_inspector", "eve_editor"}


# --------------------------------------------------------------------------- SQL in names and values
def test_sql_in_names_and_values_is_stored_verbatim(demo, pg_copy):
    store = pg_copy(demo)
    tables_before = store.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?",
                                  (store.schema,)).fetchone()
    counts = {t.name: store.count(t.name) for t in S.TABLES}
    other = {t: v for t, v in table_checksums(store).items() if t not in ("road", "setting", "inspection",
                                                                           "maintenance", "maintenance_material")}
    archive = Archive(store)
    new_roads = []
    for i, text in enumerate(SQLISH):
        code = f"{text[:30]}#{i}"
        row = new_copy(store, "road", code=code, name=text, notes=text + " 备注", maintenance_unit=text)
        store.insert("road", [row])
        new_roads.append(row["uid"])
        got = store.get("road", row["uid"])
        assert (got["code"], got["name"], got["notes"], got["maintenance_unit"]) == (code, text, text + " 备注", text)
        for where, params in (("name = ?", (text,)), ("name = %s", (text,)), ("code = ? AND name = ?", (code, text)),
                              ("notes = ? AND name <> 'x?%s'", (text + " 备注",))):
            assert [r["uid"] for r in store.rows("road", where, params, columns=("uid",))] == [row["uid"]], where
        assert store.execute("SELECT uid FROM road WHERE maintenance_unit = ?", (text,)).fetchall() == [(row["uid"],)]
        assert store.execute("SELECT count(*) FROM road WHERE name = %s", (text,)).fetchone() == (1,)
        assert row["uid"] in {r.uid for r in archive.find(text)}
        # update, then the audit log holds the text verbatim too
        store.update("road", row["uid"], {"notes": "→" + text})
        assert store.get("road", row["uid"])["notes"] == "→" + text
        new = store.execute("SELECT new_values ->> 'notes' FROM audit_log WHERE row_uid = ? AND action = 'update'",
                            (row["uid"],)).fetchall()
        assert new == [("→" + text,)]
        # through the archive service: a record, its materials, a facility edit
        uid = archive.add_record("maintenance", "road", row["uid"], {
            "category": "minor", "status": "planned", "description": text, "contractor": text[:200]},
            [{"material": text, "quantity": 1.5, "unit": text[:20]}])
        rec = archive.record("maintenance", uid)
        assert (rec["description"], rec["contractor"]) == (text, text[:200])
        assert [(m["material"], m["unit"]) for m in archive.materials(uid)] == [(text, text[:20])]
        insp = archive.add_record("inspection", "road", row["uid"], {"inspected_on": "2025-01-02", "summary": text,
                                                                     "inspector": text})
        archive.update_record("inspection", insp, {"summary": text + text})
        assert archive.record("inspection", insp)["summary"] == text + text
        assert [r["uid"] for r in archive.records("inspection", row["uid"])] == [insp]
        archive.update_facility("road", row["uid"], {"name": text[::-1]})
        assert store.get("road", row["uid"])["name"] == text[::-1]
    # JSON values with SQL in keys and values
    value = {t: [t, {"k": t}] for t in SQLISH}
    store.insert("setting", [{"uid": str(uuid.uuid4()), "key": "'; DROP TABLE setting; --", "value": value}])
    got = next(iter(store.rows("setting", "key = ?", ("'; DROP TABLE setting; --",))))
    assert json.loads(got["value"]) == value
    for key in SQLISH:
        picked = store.execute(f"SELECT {store.sql_json_text('value', key)} FROM setting WHERE key = ?",
                               ("'; DROP TABLE setting; --",)).fetchone()[0]
        assert json.loads(picked) == [key, {"k": key}], key
    # names of tables and columns are never taken from values: unknown ones are refused before any SQL
    for bad in ("road; DROP TABLE road", 'road"; DROP TABLE road; --'):
        with pytest.raises(KeyError):
            store.count(bad)
        with pytest.raises(KeyError):
            list(store.rows(bad))
        with pytest.raises(KeyError):
            store.insert(bad, [{"uid": str(uuid.uuid4())}])
    with pytest.raises(KeyError):
        list(store.rows("road", columns=("uid", "name; DROP TABLE road")))
    with pytest.raises(KeyError):
        list(store.rows("road", order_by=("name; DROP TABLE road",)))
    with pytest.raises(ValidationError):
        store.update("road", new_roads[0], {"uid": "'; DROP TABLE road; --"})
    # everything is still there, nothing else changed
    assert store.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ?",
                         (store.schema,)).fetchone() == tables_before
    assert store.count("road") == counts["road"] + len(SQLISH)
    assert store.count("inspection") == counts["inspection"] + len(SQLISH)
    assert store.count("maintenance_material") == counts["maintenance_material"] + len(SQLISH)
    sums = table_checksums(store)
    assert {t: sums[t] for t in other} == other

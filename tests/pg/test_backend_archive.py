"""The archive tests (tests/unit/test_archive.py) again, on a PostGIS copy of the same demo store;
then what only PostGIS has: attachments as bytea, a failure inside the transaction, no lost updates
between two logins (row versions), and the roles."""
import hashlib

import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from unit.test_archive import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_archive import TODAY, counts, one

from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.archive import Archive
from safe_municipal.layers.errors import StoreError
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.pg_store import ConflictError
from safe_municipal.layers.store_copy import copy_store


@pytest.fixture
def store(demo_path, pg_copy):
    return pg_copy(demo_path)


# The GeoPackage's version copies the store FILE to show that attachments travel with it; on PostGIS
# the same is shown below by copying the store into a GeoPackage (test_attachments_are_bytea_...).
test_attachments_inside_the_store = None
# SQLite internals: a SQLite trigger raising, then the file read with sqlite3; the PostGIS way to make
# a write fail inside the transaction is a CHECK the server enforces (test_no_half_writes_on_a_check_...).
test_no_half_writes_when_the_disk_refuses = None


def test_attachments_are_bytea_and_travel_with_a_copy(archive, store, tmp_path):
    wp = one(store, "waterlogging_point", "name = ?", ("北汽贸城",))
    photo = tmp_path / "积水照片.jpg"
    data = bytes(range(256)) * 3
    photo.write_bytes(data)
    uid = archive.add_attachment("waterlogging_point", wp["uid"], str(photo), taken_on="2025-07-01")
    rec = archive.record("attachment", uid)
    assert (rec["file_name"], rec["mime_type"], rec["size_bytes"]) == ("积水照片.jpg", "image/jpeg", 768)
    assert rec["sha256"] == hashlib.sha256(data).hexdigest() and rec["content"] == data
    kind, size = store.execute("SELECT pg_typeof(content)::text, octet_length(content) FROM attachment WHERE uid = ?",
                               (uid,)).fetchone()
    assert (kind, size) == ("bytea", 768)
    assert archive.attachment_content(uid) == data
    assert archive.export_attachment(uid, str(tmp_path)).read_bytes() == data
    # the audit log keeps the attachment's fields, not its bytes
    [entry] = archive.change_history([uid])
    assert entry["new_values"]["file_name"] == "积水照片.jpg" and "content" not in entry["new_values"]
    # copied out of the database into a GeoPackage: the same bytes
    out = GpkgStore.create(str(tmp_path / "copy.gpkg"), epsg=store.epsg)
    try:
        copy_store(store, out)
        assert Archive(out).attachment_content(uid) == data
    finally:
        out.close()


def test_no_half_writes_on_a_check_the_server_enforces(archive, store, connect):
    """A write refused by the server inside the transaction (a CHECK on the materials, after the work
    was inserted) rolls everything back; the connection stays usable."""
    bridge = one(store, "bridge", "1 = 1")
    store.execute("ALTER TABLE maintenance_material ADD CONSTRAINT ck_maintenance_material_boom "
                  "CHECK (material <> '钢板')")
    before = counts(store)
    with pytest.raises(ValidationError) as e:
        archive.add_record("maintenance", "bridge", bridge["uid"], {"category": "minor", "status": "planned"},
                           materials=[{"material": "钢板", "quantity": 1.0, "unit": "t"}])
    assert e.value.table == "maintenance_material"
    assert counts(store) == before
    assert store.execute("SELECT 1").fetchone() == (1,)
    other = connect()  # another session sees nothing either
    with other.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM "{store.schema}".maintenance')
        assert cur.fetchone()[0] == before["maintenance"]


# --------------------------------------------------------------------------- no lost updates
def some_inspection(store):
    return one(store, "inspection", "facility_kind = ?", ("tunnel",))


def test_second_save_of_the_same_inspection_conflicts(store, login):
    ivan, eve = login(store, "ivan_inspector"), login(store, "eve_editor")
    a_ivan, a_eve = Archive(ivan, today=TODAY), Archive(eve, today=TODAY)
    uid = some_inspection(store)["uid"]
    row_i, v_i = a_ivan.versioned("inspection", uid)
    row_e, v_e = a_eve.versioned("inspection", uid)
    assert v_i == v_e and isinstance(v_i, int) and row_i == row_e and "row_version" not in row_i
    a_eve.update_record("inspection", uid, {"summary": "eve: 衬砌渗水"}, expected_version=v_e)
    audit = store.count("audit_log")
    with pytest.raises(ConflictError) as e:
        a_ivan.update_record("inspection", uid, {"summary": "ivan: 正常", "inspector": "ivan"}, expected_version=v_i)
    assert (e.value.table, e.value.uid, e.value.who) == ("inspection", uid, "eve_editor")
    assert "was changed by eve_editor at " in str(e.value) and "reload it and save again" in str(e.value)
    row = store.get("inspection", uid)
    assert (row["summary"], row["inspector"]) == ("eve: 衬砌渗水", row_e["inspector"])  # the first save stays
    assert store.count("audit_log") == audit  # nothing written, nothing audited
    # reloaded, the second editor saves on top of the first
    _, v = a_ivan.versioned("inspection", uid)
    assert v == v_i + 1
    a_ivan.update_record("inspection", uid, {"summary": "ivan: 正常"}, expected_version=v)
    assert store.get("inspection", uid)["summary"] == "ivan: 正常"
    who = [h["user_name"] for h in Archive(store).change_history([uid])[:2]]
    assert who == ["ivan_inspector", "eve_editor"]


def test_details_and_materials_claim_their_record(store, login):
    """Replacing an inspection's details or a work's materials checks (and moves on) the version of
    the inspection / work: two people editing the same record's lines cannot overwrite each other."""
    ivan, eve = login(store, "ivan_inspector"), login(store, "eve_editor")
    a_ivan, a_eve = Archive(ivan, today=TODAY), Archive(eve, today=TODAY)
    tunnel = one(store, "tunnel", "name = ?", ("云集隧道",))
    insp = a_eve.add_record("inspection", "tunnel", tunnel["uid"], {"inspected_on": "2025-09-01",
                                                                     "standard": "JTGH12-2015"})
    _, v_i = a_ivan.versioned("inspection", insp)
    _, v_e = a_eve.versioned("inspection", insp)
    a_eve.set_details(insp, [dict(item="衬砌", value=2)], expected_version=v_e)
    with pytest.raises(ConflictError):
        a_ivan.set_details(insp, [dict(item="路面", value=1)], expected_version=v_i)
    assert [(r["item"], r["value"]) for r in a_ivan.details(insp)] == [("衬砌", 2)]
    work = a_eve.add_record("maintenance", "tunnel", tunnel["uid"], {"category": "minor", "status": "planned"},
                            materials=[{"material": "防水涂料", "quantity": 2.0, "unit": "t"}])
    _, w_i = a_ivan.versioned("maintenance", work)
    _, w_e = a_eve.versioned("maintenance", work)
    a_eve.set_materials(work, [{"material": "防水涂料", "quantity": 3.0, "unit": "t"}], expected_version=w_e)
    with pytest.raises(ConflictError):
        a_ivan.set_materials(work, [], expected_version=w_i)
    assert [m["quantity"] for m in a_ivan.materials(work)] == [3.0]
    # a delete of a record changed since it was read is refused too, and deletes nothing
    with pytest.raises(ConflictError) as e:
        a_ivan.delete_record("maintenance", work, expected_version=w_i)
    assert e.value.who == "eve_editor"
    assert a_ivan.materials(work) and a_ivan.record("maintenance", work)
    a_ivan.delete_record("maintenance", work, expected_version=a_ivan.row_version("maintenance", work))
    with pytest.raises(KeyError):
        a_eve.record("maintenance", work)


def test_facility_edits_conflict_too(store, login):
    eve, adam = login(store, "eve_editor"), login(store, "adam_admin")
    a_eve, a_adam = Archive(eve, today=TODAY), Archive(adam, today=TODAY)
    road = one(store, "road", "name = ?", ("三峡大道",))
    _, v_e = a_eve.versioned("road", road["uid"])
    _, v_a = a_adam.versioned("road", road["uid"])
    a_adam.update_facility("road", road["uid"], {"maintenance_unit": "西陵区市政所"}, expected_version=v_a)
    with pytest.raises(ConflictError) as e:
        a_eve.update_facility("road", road["uid"], {"maintenance_unit": "伍家岗区市政所"}, expected_version=v_e)
    assert e.value.who == "adam_admin"
    assert store.get("road", road["uid"])["maintenance_unit"] == "西陵区市政所"
    # without a version (a caller that does not check) the write goes through, as on a GeoPackage
    a_eve.update_facility("road", road["uid"], {"maintenance_unit": "伍家岗区市政所"})
    assert store.get("road", road["uid"])["maintenance_unit"] == "伍家岗区市政所"


# --------------------------------------------------------------------------- roles
def test_roles_decide_what_the_archive_may_write(store, login):
    alice, ivan = login(store, "alice_viewer"), login(store, "ivan_inspector")
    assert (alice.role(), ivan.role()) == ("sm_viewer", "sm_inspector")
    assert not any(alice.can_write(t) for t in ("inspection", "maintenance", "attachment", "road"))
    assert all(ivan.can_write(t) for t in ("inspection", "maintenance", "maintenance_material", "attachment",
                                           "pipe_defect", "waterlogging_event"))
    assert not ivan.can_write("road") and not ivan.can_write("programme")
    road = one(store, "road", "name = ?", ("三峡大道",))
    before = counts(store)
    with pytest.raises(StoreError, match="alice_viewer may not insert rows of inspection"):
        Archive(alice, today=TODAY).add_record("inspection", "road", road["uid"], {"inspected_on": "2025-09-01"})
    with pytest.raises(StoreError, match="ivan_inspector may not update rows of road"):
        Archive(ivan, today=TODAY).update_facility("road", road["uid"], {"maintenance_unit": "x"})
    assert counts(store) == before
    uid = Archive(ivan, today=TODAY).add_record("inspection", "road", road["uid"], {"inspected_on": "2025-09-01"})
    assert Archive(alice).record("inspection", uid)["inspected_on"] == "2025-09-01"  # the viewer reads it

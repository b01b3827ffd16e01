"""The archive service on a real store: reads, validated writes in one transaction, connections, history."""
import datetime as dt
import hashlib
import sqlite3

import pytest

from safe_municipal.core import schema as S
from safe_municipal.core.records import GRADE_SCALES, check_record, grade_rank
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.archive import Archive
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "tiny.gpkg"
    write_demo_city(str(path), scale="tiny", seed=1)
    return path


@pytest.fixture
def store(demo_path, tmp_path):
    copy = tmp_path / "a.gpkg"
    copy.write_bytes(demo_path.read_bytes())
    s = GpkgStore.open(str(copy))
    s.user = "李工"
    yield s
    s.close()


@pytest.fixture
def archive(store):
    return Archive(store, today=TODAY, max_attachment_bytes=1000)


def one(store, table, where, params=()):
    return next(store.rows(table, where, params))


def counts(store):
    return {t.name: store.count(t.name) for t in S.TABLES}


def test_find_by_code_and_chinese_name(archive, store):
    tunnel = one(store, "tunnel", "name = ?", ("东山隧道",))
    [hit] = [r for r in archive.find("东山隧道") if r.kind == "tunnel"]
    assert hit.uid == tunnel["uid"] and hit.code == tunnel["code"]
    assert archive.find(tunnel["code"])[0].uid == tunnel["uid"]  # exact code first
    assert {r.name for r in archive.find("北汽贸城")} == {"北汽贸城"}
    assert archive.find("") == [] and archive.find("no such place") == []
    assert archive.find("%") == []  # LIKE wildcards are literal
    assert archive.locate(tunnel["uid"]).kind == "tunnel"


def test_records_paged_newest_first(archive, store):
    tunnel = one(store, "tunnel", "name = ?", ("东山隧道",))
    n = archive.record_count("inspection", tunnel["uid"])
    page = archive.records("inspection", tunnel["uid"], limit=3)
    dates = [r["inspected_on"] for r in archive.records("inspection", tunnel["uid"], limit=None)]
    assert n == len(dates) >= 3 and dates == sorted(dates, reverse=True)
    assert [r["inspected_on"] for r in page] == dates[:3]
    assert archive.records("inspection", tunnel["uid"], offset=n - 1, limit=5)[0]["inspected_on"] == dates[-1]
    works = archive.records("maintenance", tunnel["uid"], limit=None)
    assert any("病害维修" in (w["description"] or "") for w in works)


def test_add_maintenance_with_materials_audited(archive, store):
    bridge = one(store, "bridge", "1 = 1")
    before = counts(store)
    uid = archive.add_record("maintenance", "bridge", bridge["uid"], {
        "category": "minor", "status": "done", "started_on": "2025-11-02", "finished_on": "2025-11-03",
        "description": "伸缩缝维修", "contractor": "宜昌市政养护公司", "cost_yuan": 86000.0},
        materials=[{"material": "超高性能混凝土(UHPC)", "quantity": 2.5, "unit": "m³"}])
    after = counts(store)
    assert after["maintenance"] == before["maintenance"] + 1
    assert after["maintenance_material"] == before["maintenance_material"] + 1
    assert after["audit_log"] == before["audit_log"] + 2
    [m] = archive.materials(uid)
    assert (m["material"], m["quantity"], m["unit"]) == ("超高性能混凝土(UHPC)", 2.5, "m³")
    assert uid in {r["uid"] for r in archive.records("maintenance", bridge["uid"], limit=None)}
    assert archive.record("maintenance", uid)["contractor"] == "宜昌市政养护公司"
    who = store.execute("SELECT DISTINCT user_name FROM audit_log WHERE row_uid IN (?, ?)", (uid, m["uid"])).fetchall()
    assert who == [(store.user,)]  # GeoPackage: the user the store was given; PostGIS: the login


@pytest.mark.parametrize("table, values, field", [
    ("inspection", {"inspected_on": "2026-01-16", "standard": "CJJ99-2017", "grade": "B"}, "inspected_on"),
    ("inspection", {"inspected_on": "2025-06-01", "standard": "CJJ99-2017", "grade": "F"}, "grade"),
    ("inspection", {"inspected_on": "2025-06-01", "grade": "B"}, "standard"),
    ("inspection", {"standard": "CJJ99-2017"}, "inspected_on"),
    ("maintenance", {"category": "minor", "status": "planned", "started_on": "2025-06-02",
                     "finished_on": "2025-06-01"}, "finished_on"),
    ("maintenance", {"category": "minor", "status": "planned", "cost_yuan": -1.0}, "cost_yuan"),
    ("maintenance", {"category": "minor", "status": "done", "started_on": "2025-06-01"}, "finished_on"),
    ("maintenance", {"status": "planned"}, "category"),
])
def test_bad_records_name_the_field_and_write_nothing(archive, store, table, values, field):
    bridge = one(store, "bridge", "1 = 1")
    before = counts(store)
    with pytest.raises(ValidationError) as e:
        archive.add_record(table, "bridge", bridge["uid"], values)
    assert e.value.field == field
    assert counts(store) == before


def test_negative_material_quantity_writes_nothing(archive, store):
    pipes = [("drain_pipe", r["uid"]) for r in store.rows("drain_pipe", limit=40)]
    before = counts(store)
    with pytest.raises(ValidationError) as e:
        archive.add_record_to_many("maintenance", pipes, {"category": "preventive", "status": "planned"},
                                   materials=[{"material": "淤泥清运", "quantity": -3.0, "unit": "t"}])
    assert e.value.field == "quantity" and e.value.table == "maintenance_material"
    assert counts(store) == before


def test_many_facilities_one_transaction(archive, store):
    pipes = [("drain_pipe", r["uid"]) for r in store.rows("drain_pipe", order_by=("code",), limit=40)]
    before = counts(store)
    uids = archive.add_record_to_many("maintenance", pipes, {
        "category": "preventive", "status": "done", "started_on": "2025-05-10", "finished_on": "2025-05-10",
        "description": "汛期前管网清疏"}, materials=[{"material": "淤泥清运", "quantity": 1.2, "unit": "t"}])
    assert len(uids) == 40 == len(set(uids))
    after = counts(store)
    assert after["maintenance"] - before["maintenance"] == 40
    assert after["maintenance_material"] - before["maintenance_material"] == 40
    assert after["audit_log"] - before["audit_log"] == 80
    # one unknown facility among them: nothing at all
    with pytest.raises(ValidationError) as e:
        archive.add_record_to_many("maintenance", pipes + [("drain_pipe", "00000000-0000-4000-8000-000000000000")],
                                   {"category": "preventive", "status": "planned"})
    assert e.value.field == "facility_uid"
    assert counts(store) == after


def test_edit_and_delete_audited_exactly(archive, store):
    tunnel = one(store, "tunnel", "name = ?", ("云集隧道",))
    uid = archive.add_record("inspection", "tunnel", tunnel["uid"], {
        "inspected_on": "2025-09-01", "standard": "JTGH12-2015", "grade": "2", "inspector": "张工",
        "indices": {"JGCI": 78.5}})
    old, new = archive.update_record("inspection", uid, {"grade": "3", "summary": "衬砌裂缝发展"})
    assert (old["grade"], new["grade"], new["summary"]) == ("2", "3", "衬砌裂缝发展")
    with pytest.raises(ValidationError) as e:
        archive.update_record("inspection", uid, {"grade": "6"})
    assert e.value.field == "grade"
    history = archive.change_history([uid])
    assert [h["action"] for h in history] == ["update", "insert"]
    assert (history[0]["old_values"]["grade"], history[0]["new_values"]["grade"]) == ("2", "3")
    assert history[0]["old_values"]["summary"] is None and history[0]["user_name"] == store.user
    archive.delete_record("inspection", uid)
    assert archive.change_history([uid])[0]["action"] == "delete"
    with pytest.raises(KeyError):
        archive.record("inspection", uid)


def test_delete_work_takes_its_materials(archive, store):
    road = one(store, "road", "name = ?", ("三峡大道",))
    uid = archive.add_record("maintenance", "road", road["uid"], {"category": "corrective", "status": "planned"},
                             materials=[{"material": "沥青混凝土", "quantity": 120.0, "unit": "t"},
                                        {"material": "磷镁混合料", "quantity": 1.5, "unit": "t"}])
    before = store.count("maintenance_material")
    archive.delete_record("maintenance", uid)
    assert store.count("maintenance_material") == before - 2


def test_attachments_inside_the_store(archive, store, tmp_path):
    wp = one(store, "waterlogging_point", "name = ?", ("北汽贸城",))
    photo = tmp_path / "积水照片.jpg"
    photo.write_bytes(bytes(range(256)) * 3)
    uid = archive.add_attachment("waterlogging_point", wp["uid"], str(photo), taken_on="2025-07-01")
    rec = archive.record("attachment", uid)
    assert (rec["file_name"], rec["mime_type"], rec["size_bytes"]) == ("积水照片.jpg", "image/jpeg", 768)
    assert rec["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    out = archive.export_attachment(uid, str(tmp_path))
    assert out.read_bytes() == photo.read_bytes()
    # a copied store keeps its attachments
    copy = tmp_path / "copy.gpkg"
    store.close()
    copy.write_bytes(open(store.path, "rb").read())
    assert Archive(GpkgStore.open(str(copy))).attachment_content(uid) == photo.read_bytes()


def test_attachment_missing_or_too_big(archive, store, tmp_path):
    wp = one(store, "waterlogging_point", "1 = 1")
    before = counts(store)
    with pytest.raises(ValidationError) as e:
        archive.add_attachment("waterlogging_point", wp["uid"], str(tmp_path / "nope.png"))
    assert e.value.field == "file_name"
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(ValidationError) as e:
        archive.add_attachment("waterlogging_point", wp["uid"], str(big))
    assert e.value.field == "size_bytes"
    assert counts(store) == before


def test_connections(archive, store):
    pipe = one(store, "drain_pipe", "up_manhole_uid IS NOT NULL AND down_manhole_uid IS NOT NULL")
    rel = {(c.relation, c.facility.uid) for c in archive.connections("drain_pipe", pipe["uid"])}
    expected = {("upstream_manhole", pipe["up_manhole_uid"]), ("downstream_manhole", pipe["down_manhole_uid"])}
    if pipe["road_uid"]:
        expected.add(("road", pipe["road_uid"]))
    assert rel == expected
    down = archive.connections("manhole", pipe["down_manhole_uid"])
    assert ("pipe_in", pipe["uid"]) in {(c.relation, c.facility.uid) for c in down}
    tunnel = one(store, "tunnel", "name = ?", ("张家湾隧道",))
    [road] = [c.facility for c in archive.connections("tunnel", tunnel["uid"]) if c.relation == "road"]
    assert road.name.startswith("城东大道")
    back = {(c.relation, c.facility.uid) for c in archive.connections("road", road.uid)}
    assert ("tunnel", tunnel["uid"]) in back


def test_waterlogging_point_near_a_road(archive, store):
    """A point within 60 m of a road is listed even without road_uid; one farther away is not."""
    road = one(store, "road", "name = ?", ("三峡大道",))
    from safe_municipal.core.geometry import wkb_points
    (x0, y0), (x1, y1) = wkb_points(road["geom"])[:2]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    store.insert("waterlogging_point", [
        {"uid": "11111111-1111-4111-8111-111111111111", "code": "JS-T1", "name": "近点", "geom": ("Point", (mx + 30, my))},
        {"uid": "22222222-2222-4222-8222-222222222222", "code": "JS-T2", "name": "远点", "geom": ("Point", (mx + 500, my + 500))}])
    near = {c.facility.code for c in archive.connections("road", road["uid"]) if c.relation == "waterlogging_point_near"}
    assert "JS-T1" in near and "JS-T2" not in near


def test_current_state(archive, store):
    bridge = one(store, "bridge", "grade IS NOT NULL")
    st = archive.current_state("bridge", bridge)
    assert st["standard"] == "CJJ99-2017" and st["rank"] == GRADE_SCALES["CJJ99-2017"].index(bridge["grade"])
    assert st["overdue"] == (dt.date.fromisoformat(bridge["next_due"]) < TODAY)


def test_grade_history_oldest_first(archive, store):
    road = one(store, "road", "name = ?", ("三峡大道",))
    hist = archive.grade_history(road["uid"])
    assert hist and [h[0] for h in hist] == sorted(h[0] for h in hist)
    assert all(h[1] == "CJJ36-2016" and h[2] in "ABCD" for h in hist)
    assert all("PCI" in h[3] for h in hist)


def test_record_rules_direct():
    assert grade_rank("CJJ181-2012", "IV") == 3
    with pytest.raises(ValueError):
        grade_rank("CJJ181-2012", "V")
    check_record("maintenance", {"started_on": "2025-01-01", "finished_on": "2025-01-01"}, TODAY)
    with pytest.raises(ValidationError):
        check_record("maintenance", {"status": "done", "started_on": "2025-01-01", "finished_on": "2026-02-01"},
                     TODAY)


def test_no_half_writes_when_the_disk_refuses(archive, store):
    """A failure inside the transaction (here: a trigger raising) rolls everything back."""
    bridge = one(store, "bridge", "1 = 1")
    with store.transaction() as c:
        c.execute("CREATE TRIGGER boom BEFORE INSERT ON maintenance_material BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    before = counts(store)
    with pytest.raises(Exception):
        archive.add_record("maintenance", "bridge", bridge["uid"], {"category": "minor", "status": "planned"},
                           materials=[{"material": "钢板", "quantity": 1.0, "unit": "t"}])
    assert counts(store) == before
    assert isinstance(store.execute("SELECT 1").fetchone(), tuple)
    assert sqlite3.connect(store.path).execute("SELECT count(*) FROM maintenance").fetchone()[0] == before["maintenance"]


def test_facility_history_keeps_deleted_records_and_materials(archive, store):
    """One indexed lookup gives a facility's whole history: itself, its records, their materials, deleted too."""
    road = one(store, "road", "name = ?", ("城东大道",))
    work = archive.add_record("maintenance", "road", road["uid"], {"category": "minor", "status": "planned"},
                              materials=[{"material": "生态地铺石", "quantity": 300.0, "unit": "m²"}])
    [mat] = archive.materials(work)
    archive.update_facility("road", road["uid"], {"maintenance_unit": "伍家岗区市政所"})
    archive.delete_record("maintenance", work)
    hist = archive.facility_history(road["uid"])
    got = sorted((h["table_name"], h["row_uid"], h["action"]) for h in hist)
    assert got == sorted([("maintenance", work, "insert"), ("maintenance", work, "delete"),
                          ("maintenance_material", mat["uid"], "insert"),
                          ("maintenance_material", mat["uid"], "delete"),
                          ("road", road["uid"], "update")])
    assert all(h["facility_uid"] == road["uid"] for h in hist)
    assert [h for h in hist if h["table_name"] == "road"][0]["new_values"]["maintenance_unit"] == "伍家岗区市政所"
    other = one(store, "road", "name <> ?", ("城东大道",))
    assert archive.facility_history(other["uid"]) == []

"""Detail records of an inspection and the live grade (issue 4), on a real store, without QGIS.

The live grade is checked against the worked examples of STANDARDS.md exactly: §1.3 (CJJ 181 CCTV
defects → F, S_M, RI), §3.4 (CJJ 36 distresses + IRI → PCI, RQI, PQI), §2 (CJJ 99 element deductions
→ BCI, BSI), §4 (JTG H12 item values → JGCI) and §5 (GB 51222 event → 内涝点).
"""
import datetime as dt
import json
import uuid

import pytest

from safe_municipal.core import details as D
from safe_municipal.core import schema as S
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.archive import Archive
from safe_municipal.layers.assess import assess_network
from safe_municipal.layers.gpkg import GpkgStore

TODAY = dt.date(2026, 1, 15)
X0, Y0 = 527783.0, 3397750.0


def U(n: int) -> str:
    return str(uuid.UUID(int=n))


PIPE, PIPE_BARE, ROAD, BRIDGE, TUNNEL, POINT, POINT_LOW, MANHOLE = (U(n) for n in range(1, 9))

#: §1.3: L = 40 m, D = 800 mm, arterial road (K = 6), ordinary soil (T = 0)
STRUCTURAL = [dict(code="PL", grade=3, start_m=5), dict(code="CK", grade=2, start_m=15),
              dict(code="SL", grade=1, start_m=25)]
FUNCTIONAL = [dict(code="CJ", grade=2, start_m=5, end_m=11), dict(code="ZW", grade=1, start_m=20)]
#: §4: condition values (1,0,2,1,1,2,0,1,0); 衬砌 in two segments, 1 and 2 (the worst counts)
TUNNEL_ITEMS = [dict(item="洞口", value=1), dict(item="洞门", value=0), dict(item="衬砌", value=1),
                dict(item="衬砌", value=2), dict(item="路面", value=1), dict(item="检修道", value=1),
                dict(item="排水", value=2), dict(item="吊顶及预埋件", value=0), dict(item="内装饰", value=1),
                dict(item="标志标线", value=0)]
#: §2: deck 铺装 20, 伸缩装置 35; span 1 主梁 10; abutment 1 支座 25, abutment 2 intact
BRIDGE_ROWS = [dict(part="deck", element="铺装", mdp=20), dict(part="deck", element="伸缩装置", mdp=35),
               dict(part="superstructure", instance=1, element="主梁", mdp=10),
               dict(part="substructure", instance=1, instance_kind="abutment", element="支座", mdp=25)]
#: §3.4: 线裂 60 m, 坑槽 3 m² on 100 m × 15 m of an asphalt arterial road, IRI 3.0
DISTRESSES = [dict(type="线裂", length_m=60), dict(type="坑槽", area_m2=3)]


def _line(*pts):
    return ("LineString", [(X0 + dx, Y0 + dy) for dx, dy in pts])


def make_store(path) -> GpkgStore:
    """The facilities of these tests in a new GeoPackage store (tests/pg copies it to PostGIS)."""
    s = GpkgStore.create(str(path))
    s.user = "李工"
    with s.audit_suspended():
        s.insert("drain_pipe", [
            dict(uid=PIPE, code="GD0001", usage="storm", diameter_mm=800, length_m=40.0, area_class="arterial",
                 soil_class="ordinary", geom=_line((0, 0), (40, 0))),
            dict(uid=PIPE_BARE, code="GD0002", usage="storm", diameter_mm=300, geom=_line((40, 0), (80, 0)))])
        s.insert("road", [dict(uid=ROAD, code="DL0001", road_class="arterial", pavement_type="asphalt",
                               length_m=100.0, width_m=15.0, geom=_line((0, 10), (100, 10)))])
        s.insert("bridge", [dict(uid=BRIDGE, code="QL0001", bridge_type="beam", bridge_class="III", span_count=1,
                                 geom=_line((0, 20), (30, 20)))])
        s.insert("tunnel", [dict(uid=TUNNEL, code="SD0001", geom=_line((0, 30), (300, 30)))])
        s.insert("waterlogging_point", [
            dict(uid=POINT, code="JS0001", geom=("Point", (X0, Y0 + 40))),
            dict(uid=POINT_LOW, code="JS0002", design_return_period_yr=10, geom=("Point", (X0 + 5, Y0 + 40)))])
        s.insert("manhole", [dict(uid=MANHOLE, code="JC0001", geom=("Point", (X0, Y0)))])
    return s


@pytest.fixture
def store(tmp_path):
    s = make_store(tmp_path / "details.gpkg")
    yield s
    s.close()


@pytest.fixture
def archive(store):
    return Archive(store, today=TODAY)


def inspection(archive, kind, uid, **values):
    values = {"inspected_on": "2025-06-01", "standard": D.AI.STANDARD_BY_KIND.get(kind), **values}
    return archive.add_record("inspection", kind, uid, values)


def dump(store) -> dict:
    """Every row of every table (what 'the store stays row-identical' compares)."""
    out = {}
    for t in S.TABLES:
        cols = ", ".join(f'"{c}"' for c in t.field_names)
        out[t.name] = sorted(map(repr, store.execute(f'SELECT {cols} FROM "{t.name}"').fetchall()))
    return out


def audit_since(store, fid):
    return [(r[0], r[1]) for r in store.execute("SELECT table_name, action FROM audit_log WHERE fid > ? ORDER BY fid",
                                                (fid,))]


def last_fid(store):
    return store.execute("SELECT coalesce(max(fid), 0) FROM audit_log").fetchone()[0]


# --------------------------------------------------------------------------- the live grade, exactly
def test_cctv_defects_give_the_worked_example_live(archive):
    live = archive.live_grade("drain_pipe", PIPE, {"standard": "CJJ181-2012"}, STRUCTURAL)
    assert live.ok and live.reason == "" and live.standard == "CJJ181-2012"
    r = live.result
    assert (r.index["F"], r.index["S"], r.index["Smax"], r.index["S_M"], r.index["RI"]) == (5.0, 2.5, 5.0, 0.075, 4.25)
    assert (r.grades["structural"], r.grades["RI"], r.grade, r.category, r.action) == (
        "III", "III", "III", "corrective", "应尽快修复")
    both = archive.live_grade("drain_pipe", PIPE, {}, STRUCTURAL + FUNCTIONAL).result  # docs/standards.md example
    assert both.grades == {"structural": "III", "RI": "III", "functional": "II", "MI": "II"}
    assert (both.index["G"], both.index["Y"], round(both.index["Y_M"], 4), both.index["MI"]) == (2.0, 1.05, 0.2881, 1.6)


def test_defects_entered_one_by_one_change_the_grade(archive):
    seen = []
    rows = []
    for defect in [None, dict(code="SL", grade=1, start_m=25), dict(code="CK", grade=2, start_m=15),
                   dict(code="PL", grade=3, start_m=5)]:
        if defect:
            rows.append(defect)
        live = archive.live_grade("drain_pipe", PIPE, {"inspection_type": "cctv"}, rows)
        seen.append((live.grade, live.result.index["F"], live.result.index["RI"]))
    # no defects: grade I; SL-1: F 0.5, RI 0.35; + CK-2: F 2, RI 1.4 (F < 4: K and E are 0); + PL-3: §1.3
    assert seen == [("I", 0.0, 0.0), ("I", 0.5, 0.35), ("II", 2.0, 1.4), ("III", 5.0, 4.25)]


def test_pavement_distresses_and_iri_give_the_worked_example(archive):
    live = archive.live_grade("road", ROAD, {"indices": {"IRI": 3.0}}, DISTRESSES)
    r = live.result
    assert (round(r.index["PCI"], 4), round(r.index["RQI"], 2), round(r.index["PQI"], 4)) == (82.6547, 3.96, 80.5819)
    assert (r.grades, r.grade, r.action) == ({"PCI": "B", "RQI": "A", "PQI": "B"}, "B", "保养小修")
    assert archive.live_grade("road", ROAD, {"indices": json.dumps({"IRI": 3.0})}, DISTRESSES).grade == "B"
    assert archive.live_grade("road", ROAD, {}, DISTRESSES).result.grades == {"PCI": "B"}  # no IRI: PCI only
    assert archive.live_grade("road", ROAD, {"indices": {"IRI": 3.0}}, []).result.index == {
        "PCI": 100.0, "RQI": 3.96, "PQI": 87.52}


def test_element_deductions_give_the_worked_example(archive):
    r = archive.live_grade("bridge", BRIDGE, {}, BRIDGE_ROWS).result
    assert (r.index["BCI"], r.index["BSI"], r.index["BCI_m"], r.index["BCI_x"]) == (93.98125, 65.0, 85.25, 96.875)
    assert (r.grades, r.grade, r.category, r.action) == ({"BCI": "A", "BSI": "D"}, "D", "major",
                                                         "检测评估后局部中修、大修或加固")
    # the MDP sub-test: DPs of 20 and 10 give MDP 22.22
    dps = archive.live_grade("bridge", BRIDGE, {}, [dict(part="deck", element="铺装", dps=[20, 10])]).result
    assert round(dps.details["deck"]["elements"]["paving"]["mdp"], 2) == 22.22 and round(dps.index["BSI"], 2) == 77.78


def test_tunnel_items_give_the_worked_example(archive):
    live = archive.live_grade("tunnel", TUNNEL, {"standard": "JTGH12-2015"}, TUNNEL_ITEMS)
    assert (live.result.index, live.grade, live.result.action) == ({"JGCI": 68.5}, "3", "局部病害处治")
    worse = [dict(r, value=3) if r["item"] == "路面" else r for r in TUNNEL_ITEMS]  # override: 路面 at 3 → class 4
    assert archive.live_grade("tunnel", TUNNEL, {}, worse).result.grades == {"JGCI": "3", "override": "4"}


def test_waterlogging_event_judged_live(archive):
    event = dict(event_on="2025-07-01", return_period_yr=20, max_depth_cm=25, duration_min=50, building_ingress=False)
    live = archive.live_grade("waterlogging_point", POINT, events=[event])
    assert (live.grade, live.result.category, live.result.index["design_return_period_yr"]) == (
        "waterlogged", "corrective", 30.0)
    assert live.result.action == "列为内涝点（未达到内涝防治标准），排查排水能力不足并整治"
    assert archive.live_grade("waterlogging_point", POINT, events=[dict(event, max_depth_cm=10)]).grade == "compliant"
    assert archive.live_grade("waterlogging_point", POINT, events=[dict(event, max_depth_cm=10,
                                                                        building_ingress=True)]).grade == "waterlogged"
    # the point's own design return period (10 years): a 20-year rain is beyond it
    assert archive.live_grade("waterlogging_point", POINT_LOW, events=[event]).grade == "compliant"
    missing = archive.live_grade("waterlogging_point", POINT, events=[dict(event, duration_min=None)])
    assert (missing.ok, missing.table, missing.row, missing.field) == (False, "waterlogging_event", 0, "duration_min")
    assert missing.reason == "not gradable yet: waterlogging_event row 0: field 'duration_min' is needed to judge the event"
    # without events given: the point's latest stored event
    assert archive.live_grade("waterlogging_point", POINT).reason == "not gradable yet: no waterlogging event recorded"
    archive.add_record("waterlogging_event", "waterlogging_point", POINT, event)
    assert archive.live_grade("waterlogging_point", POINT).grade == "waterlogged"


# --------------------------------------------------------------------------- not gradable yet: why and where
@pytest.mark.parametrize("kind, uid, values, rows, where, reason", [
    ("drain_pipe", PIPE_BARE, {}, STRUCTURAL, ("drain_pipe", None, "length_m"),
     "drain_pipe field 'length_m' is not recorded for this facility (Identity and attributes tab)"),
    ("drain_pipe", PIPE, {}, STRUCTURAL + [dict(code="PL", grade=5, start_m=30)], ("pipe_defect", 3, "grade"),
     "pipe_defect row 3: field 'grade' is 5, above the maximum 4"),
    ("drain_pipe", PIPE, {}, [dict(code="FS", grade=4, start_m=5)], ("pipe_defect", 0, "grade"),
     "pipe_defect row 0: field 'grade' 4 is not a grade of FS (1-3)"),
    ("drain_pipe", PIPE, {}, [dict(code="PL", grade=2, start_m=50)], ("pipe_defect", 0, "start_m"),
     "pipe_defect row 0: field 'start_m' 50 is beyond the segment length 40"),
    ("drain_pipe", PIPE, {}, [dict(code="PL", grade=2, start_m=8, end_m=6)], ("pipe_defect", 0, "end_m"),
     "pipe_defect row 0: field 'end_m' is 6 m, before the start chainage 8 m"),
    ("drain_pipe", PIPE, {}, [dict(grade=2, start_m=8)], ("pipe_defect", 0, "code"),
     "pipe_defect row 0: field 'code' is required"),
    ("drain_pipe", PIPE, {"standard": "CJJ36-2016"}, [], ("inspection", None, "standard"),
     "inspection field 'standard' is CJJ36-2016: the details are graded by CJJ181-2012"),
    ("road", ROAD, {}, [dict(type="坑槽", length_m=3)], ("pavement_distress", 0, "length_m"),
     "pavement_distress row 0: field 'length_m' 坑槽 is measured by area (area_m2); only cracks (碎裂/龟裂, 线裂, 网裂) take a length"),
    ("road", ROAD, {}, [dict(type="坑槽")], ("pavement_distress", 0, "area_m2"),
     "pavement_distress row 0: field 'area_m2' is needed: give the damaged area, the crack length or the deduction"),
    ("road", ROAD, {}, [], (None, None, None), "enter the distresses, or the IRI under Indices"),
    ("road", ROAD, {"indices": {"IRI": "rough"}}, [], ("inspection", None, "indices"),
     "inspection field 'indices' 'rough' is not a number"),
    ("bridge", BRIDGE, {}, [dict(part="deck", element="桥墩", mdp=3)], ("bridge_element", 0, "element"), None),
    ("bridge", BRIDGE, {}, BRIDGE_ROWS + [dict(part="deck", element="栏杆", dps=[20, 120])],
     ("bridge_element", 4, "dps"), None),
    ("bridge", BRIDGE, {}, [], (None, None, None), "enter the deductions of the damaged elements"),
    ("tunnel", TUNNEL, {}, [dict(item="隧道门", value=1)], ("tunnel_item", 0, "item"), None),
    ("tunnel", TUNNEL, {}, [], (None, None, None), "enter the condition value of at least one item"),
    ("manhole", MANHOLE, {}, [], ("manhole", None, "load_class"), None),
    ("rain_inlet", MANHOLE, {}, [], (None, None, None), None),
])
def test_not_gradable_yet_says_why_and_where(archive, store, kind, uid, values, rows, where, reason):
    if kind == "rain_inlet":
        store.insert("rain_inlet", [dict(uid=U(99), code="YS0001", geom=("Point", (X0, Y0)))])
        uid = U(99)
    live = archive.live_grade(kind, uid, values, rows)
    assert not live.ok and live.grade is None and (live.table, live.row, live.field) == where
    assert live.reason.startswith("not gradable yet: ")
    if reason:
        assert live.reason == "not gradable yet: " + reason


# --------------------------------------------------------------------------- writing details
def test_set_details_writes_reads_and_replaces(archive, store):
    insp = inspection(archive, "drain_pipe", PIPE, inspection_type="cctv")
    fid = last_fid(store)
    assert archive.set_details(insp, FUNCTIONAL + STRUCTURAL) == {"inserted": 5, "updated": 0, "deleted": 0}
    rows = archive.details(insp)  # along the pipe: by chainage
    assert [(r["code"], r["grade"], r["start_m"], r["end_m"]) for r in rows] == [
        ("PL", 3, 5.0, None), ("CJ", 2, 5.0, 11.0), ("CK", 2, 15.0, None), ("ZW", 1, 20.0, None), ("SL", 1, 25.0, None)]
    assert all(r["inspection_uid"] == insp for r in rows) and archive.detail_count(insp) == 5
    assert audit_since(store, fid) == [("pipe_defect", "insert")] * 5
    assert {r[0] for r in store.execute("SELECT facility_uid FROM audit_log WHERE fid > ?", (fid,))} == {PIPE}
    # edit one, drop one, add one: only those are written (and audited)
    fid = last_fid(store)
    rows[2]["grade"] = 3
    new = [r for r in rows if r["code"] != "ZW"] + [dict(code="SG", grade=1, start_m=30)]
    assert archive.set_details(insp, new) == {"inserted": 1, "updated": 1, "deleted": 1}
    assert sorted(audit_since(store, fid)) == [("pipe_defect", "delete"), ("pipe_defect", "insert"),
                                              ("pipe_defect", "update")]
    assert [(r["code"], r["grade"]) for r in archive.details(insp)] == [("PL", 3), ("CJ", 2), ("CK", 3), ("SL", 1),
                                                                         ("SG", 1)]
    fid = last_fid(store)
    assert archive.set_details(insp, archive.details(insp)) == {"inserted": 0, "updated": 0, "deleted": 0}
    assert audit_since(store, fid) == []  # nothing changed: nothing written
    assert archive.set_details(insp, []) == {"inserted": 0, "updated": 0, "deleted": 5}
    assert archive.details(insp) == []


def test_details_of_each_kind_and_the_network_assessment_agree_with_the_live_grade(archive, store):
    cases = [("drain_pipe", PIPE, {"inspection_type": "cctv"}, STRUCTURAL + FUNCTIONAL, "III"),
             ("road", ROAD, {"indices": {"IRI": 3.0}}, DISTRESSES, "B"),
             ("bridge", BRIDGE, {}, BRIDGE_ROWS, "D"),
             ("tunnel", TUNNEL, {}, TUNNEL_ITEMS, "3")]
    for kind, uid, values, rows, grade in cases:
        insp = inspection(archive, kind, uid, **values)
        archive.set_details(insp, rows)
        stored = archive.details(insp)
        assert len(stored) == len(rows)
        live = archive.live_grade(kind, uid, archive.record("inspection", insp), stored)
        assert live.grade == grade, (kind, live.reason)
    assert archive.details(inspection(archive, "manhole", MANHOLE)) == []
    assess_network(store, kinds=["drain_pipe", "road", "bridge", "tunnel"], as_of="2025-12-31")
    assert {k: archive.facility(k, u)["grade"] for k, u, *_ in cases} == {
        "drain_pipe": "III", "road": "B", "bridge": "D", "tunnel": "3"}


@pytest.mark.parametrize("kind, uid, rows, where", [
    ("drain_pipe", PIPE, STRUCTURAL + [dict(code="PL", grade=5, start_m=30)], ("pipe_defect", 3, "grade")),
    ("drain_pipe", PIPE, STRUCTURAL + [dict(code="PL", grade="III", start_m=30)], ("pipe_defect", 3, "grade")),
    ("drain_pipe", PIPE, [dict(code="PL", grade=2, start_m=-1)], ("pipe_defect", 0, "start_m")),
    ("drain_pipe", PIPE, [dict(code="PL", grade=2, start_m=8, end_m=6)], ("pipe_defect", 0, "end_m")),
    ("drain_pipe", PIPE, [dict(code="XX", grade=2, start_m=8)], ("pipe_defect", 0, "code")),
    ("drain_pipe", PIPE, STRUCTURAL + [dict(code="FS", grade=4, start_m=30)], ("pipe_defect", 3, "grade")),
    ("drain_pipe", PIPE, [dict(code="PL", grade=2, start_m=50)], ("pipe_defect", 0, "start_m")),
    ("drain_pipe", PIPE, [dict(code="PL", grade=2, start_m=5, colour="red")], ("pipe_defect", 0, "colour")),
    ("drain_pipe", PIPE, [dict(code="PL", grade=2, start_m=5, uid=U(500))], ("pipe_defect", 0, "uid")),
    ("road", ROAD, [dict(type="坑槽")], ("pavement_distress", 0, "area_m2")),
    ("road", ROAD, [dict(type="无此病害", area_m2=2)], ("pavement_distress", 0, "type")),
    ("bridge", BRIDGE, [dict(part="deck", element="铺装", dps="lots")], ("bridge_element", 0, "dps")),
    ("bridge", BRIDGE, [dict(part="deck", element="铺装", dps=[20, 120])], ("bridge_element", 0, "dps")),
    ("bridge", BRIDGE, [dict(part="deck", element="主梁", mdp=10)], ("bridge_element", 0, "element")),
    ("tunnel", TUNNEL, TUNNEL_ITEMS + [dict(item="衬砌", value=5)], ("tunnel_item", 10, "value")),
    ("tunnel", TUNNEL, [dict(item="隧道门", value=1)], ("tunnel_item", 0, "item")),
])
def test_a_bad_detail_row_is_named_and_nothing_is_written(archive, store, kind, uid, rows, where):
    insp = inspection(archive, kind, uid)
    if kind == "drain_pipe":
        archive.set_details(insp, [dict(code="SL", grade=1, start_m=2)])
    before = dump(store)
    with pytest.raises(ValidationError) as e:
        archive.set_details(insp, rows)
    assert (e.value.table, e.value.row, e.value.field) == where
    assert str(e.value).startswith(f"{where[0]} row {where[1]}: field '{where[2]}' ")
    assert dump(store) == before


def test_set_details_refuses_what_has_no_details(archive):
    with pytest.raises(ValidationError) as e:
        archive.set_details(inspection(archive, "manhole", MANHOLE), [dict(code="PL", grade=1, start_m=1)])
    assert (e.value.table, e.value.field) == ("inspection", "facility_kind")
    with pytest.raises(KeyError):
        archive.set_details(U(404), [])
    # another inspection's row cannot be moved over by its uid
    a, b = inspection(archive, "tunnel", TUNNEL), inspection(archive, "tunnel", TUNNEL, inspected_on="2025-07-01")
    archive.set_details(a, [dict(item="衬砌", value=1)])
    with pytest.raises(ValidationError) as e:
        archive.set_details(b, archive.details(a))
    assert (e.value.table, e.value.row, e.value.field) == ("tunnel_item", 0, "uid")


def test_details_outside_the_kinds_standard_are_checked_by_the_schema_only(archive):
    insp = inspection(archive, "road", ROAD, standard="CJJ99-2017")  # not the road's standard
    assert archive.set_details(insp, [dict(type="无此病害", area_m2=2)])["inserted"] == 1


def test_the_engine_check_waits_for_the_facility(archive):
    insp = inspection(archive, "drain_pipe", PIPE_BARE)  # no length, area or soil class yet
    assert archive.set_details(insp, [dict(code="PL", grade=2, start_m=50)])["inserted"] == 1
    assert archive.live_grade("drain_pipe", PIPE_BARE, {}, archive.details(insp)).field == "length_m"


def test_deleting_an_inspection_deletes_its_details_and_unlinks_its_events(archive, store):
    insp = inspection(archive, "tunnel", TUNNEL)
    archive.set_details(insp, TUNNEL_ITEMS)
    point_insp = inspection(archive, "waterlogging_point", POINT)
    ev = archive.add_record("waterlogging_event", "waterlogging_point", POINT,
                            dict(event_on="2025-07-01", return_period_yr=5, max_depth_cm=20, duration_min=40,
                                 inspection_uid=point_insp))
    before = store.count("tunnel_item")
    archive.delete_record("inspection", insp)
    assert store.count("tunnel_item") == before - len(TUNNEL_ITEMS)
    archive.delete_record("inspection", point_insp)
    assert archive.record("waterlogging_event", ev)["inspection_uid"] is None


# --------------------------------------------------------------------------- waterlogging events as records
def test_waterlogging_events_are_records_of_their_point(archive, store):
    assert archive.records("waterlogging_event", POINT) == [] and archive.record_count("waterlogging_event", POINT) == 0
    fid = last_fid(store)
    uids = [archive.add_record("waterlogging_event", "waterlogging_point", POINT,
                               dict(event_on=on, rainfall_mm=rain, return_period_yr=rp, max_depth_cm=d, duration_min=m,
                                    building_ingress=False, traffic_impact="车道积水"))
            for on, rain, rp, d, m in (("2024-07-02", 80.5, 3, 12, 20), ("2025-06-21", 142.0, 20, 25, 50))]
    assert audit_since(store, fid) == [("waterlogging_event", "insert")] * 2
    rows = archive.records("waterlogging_event", POINT)
    assert [r["event_on"] for r in rows] == ["2025-06-21", "2024-07-02"] and rows[0]["uid"] == uids[1]
    assert archive.record_count("waterlogging_event", POINT) == 2
    assert [j.grade for j in archive.event_judgements(POINT, rows)] == ["waterlogged", "compliant"]
    archive.update_record("waterlogging_event", uids[1], {"max_depth_cm": 14.0})
    assert archive.event_judgements(POINT, [archive.record("waterlogging_event", uids[1])])[0].grade == "compliant"
    archive.delete_record("waterlogging_event", uids[0])
    assert archive.record_count("waterlogging_event", POINT) == 1


@pytest.mark.parametrize("kind, uid, values, field", [
    ("waterlogging_point", POINT, dict(event_on="2026-01-16", max_depth_cm=20), "event_on"),  # in the future
    ("waterlogging_point", POINT, dict(event_on="2025-07-01", max_depth_cm=-3), "max_depth_cm"),
    ("waterlogging_point", POINT, dict(event_on="2025-07-01", return_period_yr=0), "return_period_yr"),
    ("waterlogging_point", POINT, dict(max_depth_cm=20), "event_on"),
    ("road", ROAD, dict(event_on="2025-07-01"), "facility_uid"),  # events belong to waterlogging points
])
def test_bad_events_are_refused(archive, store, kind, uid, values, field):
    before = dump(store)
    with pytest.raises(ValidationError) as e:
        archive.add_record("waterlogging_event", kind, uid, values)
    assert (e.value.table, e.value.field) == ("waterlogging_event", field)
    assert dump(store) == before


# --------------------------------------------------------------------------- filling a record from the live grade
def test_fill_from_live(archive):
    live = archive.live_grade("drain_pipe", PIPE, {}, STRUCTURAL)
    filled = D.fill_from_live("drain_pipe", {"grade": None, "standard": None, "indices": {"note": "复检"}}, live,
                              STRUCTURAL)
    assert (filled["grade"], filled["standard"]) == ("III", "CJJ181-2012")
    assert filled["indices"]["RI"] == 4.25 and filled["indices"]["S_M"] == 0.075 and filled["indices"]["note"] == "复检"
    assert D.fill_from_live("drain_pipe", {"grade": "IV"}, live, STRUCTURAL) == {"grade": "IV"}  # typed: kept
    bare = archive.live_grade("drain_pipe", PIPE, {}, [])
    assert D.fill_from_live("drain_pipe", {"grade": None}, bare, []) == {"grade": None}  # nothing entered
    assert D.fill_from_live("drain_pipe", {"grade": None, "inspection_type": "cctv"}, bare, [])["grade"] == "I"
    road = archive.live_grade("road", ROAD, {"indices": {"IRI": 3.0}}, [])
    out = D.fill_from_live("road", {"grade": "", "indices": {"IRI": 3.0}}, road, [])
    assert out["indices"] == {"IRI": 3.0, "PCI": 100.0, "RQI": 3.96, "PQI": 87.52} and out["grade"] == "A"
    not_yet = archive.live_grade("drain_pipe", PIPE_BARE, {}, STRUCTURAL)
    assert D.fill_from_live("drain_pipe", {"grade": None}, not_yet, STRUCTURAL) == {"grade": None}
    road_live = archive.live_grade("road", ROAD, {}, DISTRESSES)
    assert round(D.fill_from_live("road", {}, road_live, DISTRESSES)["indices"]["PCI"], 4) == 82.6547


# --------------------------------------------------------------------------- choices from the standards' tables
def test_choices_offer_the_names_the_engine_grades():
    items = D.choices("tunnel_item", "item")
    assert [v for v, _ in items] == ["洞口", "洞门", "衬砌", "路面", "检修道", "排水", "吊顶及预埋件", "内装饰", "标志标线"]
    assert dict(items)["衬砌"] == "衬砌 (lining)"
    bridge = {"span_count": 2}
    assert [v for v, _ in D.choices("bridge_element", "element", bridge, {"part": "deck"})] == [
        "铺装", "桥头平顺", "伸缩装置", "排水", "人行道", "栏杆"]
    assert [v for v, _ in D.choices("bridge_element", "element", bridge, {"part": "substructure", "instance": 2})] == [
        "盖梁", "墩身", "基础", "支座"]  # the middle support of two spans: a pier
    assert [v for v, _ in D.choices("bridge_element", "element", bridge, {"part": "substructure", "instance": 3})] == [
        "台帽", "台身", "基础", "支座"]
    assert len(D.choices("bridge_element", "element", {}, {"part": "substructure"})) == 6  # either
    assert D.choices("bridge_element", "element", bridge, {}) == ()
    asphalt = [v for v, _ in D.choices("pavement_distress", "type", {"pavement_type": "asphalt"})]
    concrete = [v for v, _ in D.choices("pavement_distress", "type", {"pavement_type": "concrete"})]
    assert asphalt[:3] == ["线裂", "网裂", "碎裂/龟裂"] and "坑槽" in asphalt and "板角断裂" not in asphalt
    assert "板角断裂" in concrete and "坑槽" not in concrete
    assert D.choices("pavement_distress", "type", {"pavement_type": "block"}) == D.choices(
        "pavement_distress", "type", {"pavement_type": "asphalt"})
    assert D.choices("pipe_defect", "code") is None and D.choices("pipe_defect", "start_m") is None
    assert all(len(v) <= 20 for v, _ in D.choices("pavement_distress", "type"))  # the schema's max length


def test_element_deductions_as_typed():
    assert D.parse_dps("20, 10") == [20.0, 10.0] and D.parse_dps("20；10 5") == [20.0, 10.0, 5.0]
    assert D.parse_dps("") is None and D.parse_dps("[1, 2]") == [1, 2] and D.parse_dps("lots") == "lots"
    assert D.format_dps("[20.0, 10.5]") == "20, 10.5" and D.format_dps(None) == ""


def test_index_axis_range():
    from safe_municipal.core.records import index_axis_range

    assert index_axis_range(40.0, 95.0) == (0.0, 100.0)  # condition indices: the whole 0-100
    assert index_axis_range(1.36, 1.36) == pytest.approx((0.36, 2.36))  # one value: ±1
    assert index_axis_range(0.5, 0.5) == (0.0, 1.5)  # never below 0 for indices that are not negative
    lo, hi = index_axis_range(2.0, 7.0)
    assert (round(lo, 9), round(hi, 9)) == (1.5, 7.5)
    assert index_axis_range(-2.0, 2.0) == pytest.approx((-2.4, 2.4))  # negative values keep their margin

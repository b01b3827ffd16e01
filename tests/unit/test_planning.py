"""The maintenance plan (按轻重缓急): reasons, urgency, ranking, budget cut, costs, filters, accepting. No QGIS."""
import datetime as dt
import json
import uuid

import pytest

from safe_municipal.core import planning as P
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers import planning as LP
from safe_municipal.layers import store_settings
from safe_municipal.layers.assess import assess_network
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore

FROM, TO = "2026-01-01", "2026-12-31"


def U(n: int) -> str:
    return str(uuid.UUID(int=n))


# Hand-built facilities: every urgency below is worked out by hand in the comments.
ROAD = dict(uid=U(1), code="DL-0001", name="东山大道", district="西陵区", maintenance_unit="市政处",
            road_class="arterial", lanes=6, length_m=100.0, width_m=20.0, grade="C", grade_standard="CJJ36-2016",
            recommended_category="corrective", next_due="2025-07-01")
# severity 4 (corrective) × importance 1.6 (arterial) × 1.4 (1 + 0.1 × (6 − 2) lanes) × overdue (1 + 184/365)
ROAD_URGENCY = 13.477
BRIDGE = dict(uid=U(2), code="QL-0001", name="至喜长江大桥", district="西陵区", maintenance_unit="桥隧中心",
              bridge_class="II", length_m=50.0, width_m=20.0, grade="E", grade_standard="CJJ99-2017",
              recommended_category="major", next_due="2026-03-01")
# severity 10 (CJJ 99 grade E override) × 1.5 (bridge) × 1.8 (class II) × 1 (not overdue) = 27
PIPE = dict(uid=U(3), code="GD-0001", district="伍家岗区", maintenance_unit="伍家岗养护中心", diameter_mm=1200,
            length_m=40.0, grade="III", grade_standard="CJJ181-2012", recommended_category="corrective",
            next_due="2024-01-01")
# severity 4 × diameter 1.5 (≥ 1000 mm) × overdue min(3, 1 + 731/365) = 3 → 18
PIPE_OK = dict(uid=U(4), code="GD-0002", district="伍家岗区", maintenance_unit="伍家岗养护中心", diameter_mm=300,
               length_m=50.0, grade="I", grade_standard="CJJ181-2012", recommended_category="preventive",
               next_due="2025-12-01")
# preventive grade: only the overdue inspection: 1 × 1 × (1 + 31/365) = 1.085
PIPE_LATER = dict(uid=U(5), code="GD-0003", district="伍家岗区", diameter_mm=300, length_m=30.0, grade="I",
                  grade_standard="CJJ181-2012", recommended_category="preventive", next_due="2027-06-01")
# nothing due in 2026: not in the plan
MANHOLE = dict(uid=U(6), code="JC-0001", district="点军区", maintenance_unit="点军养护中心", road_class="expressway",
               grade="non_compliant", grade_standard="GBT23858-2009", recommended_category="corrective",
               next_due="2026-04-01")
# cover non-compliance: severity 4 × expressway 2.0 × 1 = 8
POINT = dict(uid=U(7), code="JS-0001", name="东山大道积水点", district="西陵区", maintenance_unit="市政处",
             road_class="secondary", grade="compliant", grade_standard="GB51222-2017",
             recommended_category="preventive", next_due="2026-05-01")
POINT_PLAN = {"deadline": "2025-11-01", "responsible_unit": "排水公司"}
# open plan (overdue since 2025-11-01): corrective 4 × secondary 1.3 × (1 + 61/365) = 6.069
LANE_B = dict(uid=U(8), code="DL-0003", district="点军区", road_class="lane", lanes=2, length_m=10.0, width_m=5.0,
              grade="B", grade_standard="CJJ36-2016", recommended_category="minor")
LANE_A = dict(LANE_B, uid=U(9), code="DL-0002")
# minor 2 × lane 0.8 × 1 = 1.6 each: a tie, broken by code (DL-0002 first)

FACILITIES = {"road": [ROAD, LANE_B, LANE_A], "bridge": [BRIDGE], "drain_pipe": [PIPE, PIPE_OK, PIPE_LATER],
              "manhole": [MANHOLE], "waterlogging_point": [POINT]}
EXPECTED = [  # (code, urgency, category, reason, estimated cost)
    ("QL-0001", 27.0, "major", "grade", 5000 * 50 * 20),
    ("GD-0001", 18.0, "corrective", "grade", 800 * 40),
    ("DL-0001", ROAD_URGENCY, "corrective", "grade", 180 * 100 * 20),
    ("JC-0001", 8.0, "corrective", "cover_noncompliance", 2500),
    ("JS-0001", 6.069, "corrective", "waterlogging_plan", 300000),
    ("DL-0002", 1.6, "minor", "grade", 60 * 10 * 5),
    ("DL-0003", 1.6, "minor", "grade", 60 * 10 * 5),
    ("GD-0002", 1.085, "preventive", "overdue_inspection", 30 * 50),
]


def core_items(**kw):
    out = []
    for kind, rows in FACILITIES.items():
        out += P.plan_items(kind, rows, FROM, TO, open_plans={POINT["uid"]: POINT_PLAN}, **kw)
    return out


# --------------------------------------------------------------------------- urgency and ranking
def test_rank_order_and_exact_urgency():
    plan = P.make_plan(core_items(), FROM, TO)
    got = [(it.code, it.urgency, it.category, it.reason, it.estimated_cost_yuan) for it in plan.items]
    assert got == EXPECTED
    assert plan.cut is None and plan.total_cost_yuan == sum(e[4] for e in EXPECTED)
    road = plan.items[2]
    assert (road.severity, road.importance, road.overdue_factor, road.days_overdue) == (4.0, 2.24, 1.5041, 184)
    assert road.reasons == ("grade", "overdue_inspection") and road.work_type == "repair"
    assert road.due_on == FROM  # overdue: due at once
    assert plan.items[0].due_on == "2026-03-01"  # the next inspection date, inside the period
    assert plan.items[5].due_on == TO  # no date of its own: by the end of the period
    point = plan.items[4]
    assert point.responsible_unit == "排水公司" and point.days_overdue == 61 and point.reasons == (
        "waterlogging_plan", "overdue_inspection")
    cover = plan.items[3]
    assert cover.work_type == "cover_replacement" and cover.reasons == ("cover_noncompliance", "overdue_inspection")
    assert plan.items[-1].work_type == "inspection_work"
    assert "GD-0003" not in {it.code for it in plan.items}


def test_ranking_is_deterministic_whatever_the_input_order():
    items = core_items()
    a = [it.facility_uid for it in P.make_plan(items, FROM, TO).items]
    b = [it.facility_uid for it in P.make_plan(list(reversed(items)), FROM, TO).items]
    assert a == b


def test_overdue_factor_is_capped_and_weights_are_configurable():
    w = P.merge_weights({"overdue": {"cap": 2.0}, "road_class": {"arterial": 2.0}, "severity": {"corrective": 5}})
    items = {it.code: it for it in core_items(weights=w)}
    assert items["GD-0001"].urgency == 5 * 1.5 * 2.0  # the cap
    # 5 × 2.0 × 1.4 × (1 + 184/365)
    assert items["DL-0001"].urgency == round(5 * 2.0 * 1.4 * (1 + 184 / 365), 3) == 21.058
    assert items["QL-0001"].urgency == 27.0  # the grade override, not the category
    diam = P.merge_weights({"diameter_mm": [[0, 1.0], [1000, 3.0]]})
    assert {it.code: it for it in core_items(weights=diam)}["GD-0001"].importance == 3.0


@pytest.mark.parametrize("weights, message", [
    ({"speed": {}}, "planning.weights.speed: unknown section"),
    ({"severity": {"urgent": 1}}, "planning.weights.severity.urgent: unknown key"),
    ({"severity": {"minor": -1}}, "planning.weights.severity.minor: -1 is below 0"),
    ({"road_class": {"lane": "high"}}, "planning.weights.road_class.lane: 'high' is not a number"),
    ({"overdue": {"cap": 0.5}}, "planning.weights.overdue.cap: 0.5 is below 1"),
    ({"diameter_mm": [[600, 1.2], [0, 1.0]]}, "planning.weights.diameter_mm: the diameters must ascend"),
    ([1, 2], "planning.weights: must be an object"),
])
def test_bad_weights_are_named(weights, message):
    with pytest.raises(P.PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        P.merge_weights(weights)


def test_grade_categories_decide_what_a_grade_asks_for():
    items = {it.code for it in core_items(grade_cats=("corrective", "major"))}
    assert "DL-0002" not in items and "GD-0001" in items
    with_preventive = {it.code: it for it in core_items(grade_cats=P.CATEGORIES)}
    assert with_preventive["GD-0003"].reason == "grade"  # a preventive grade now counts
    with pytest.raises(P.PlanError, match="planning.grade_categories"):
        P.grade_categories(["urgent"])


def test_grade_without_category_uses_the_standards_table():
    row = dict(LANE_A, recommended_category=None, grade="D")
    (item,) = P.plan_items("road", [row], FROM, TO)
    assert item.category == "major" and item.severity == 8.0


# --------------------------------------------------------------------------- budget cut
def test_budget_cut_is_exact_and_strict():
    items = core_items()
    first3 = 5_000_000 + 32_000 + 360_000
    plan = P.make_plan(items, FROM, TO, budget=first3)
    assert plan.cut == 3 and [it.code for it in plan.within] == ["QL-0001", "GD-0001", "DL-0001"]
    assert plan.within_cost_yuan == first3 and plan.cumulative[:4] == [5_000_000, 5_032_000, 5_392_000, 5_394_500]
    # the cheap items further down would fit the remaining money, but the line is strict
    assert [plan.within_budget(i) for i in range(len(plan.items))] == [True] * 3 + [False] * 5
    assert P.make_plan(items, FROM, TO, budget=first3 - 0.01).cut == 2
    assert P.make_plan(items, FROM, TO, budget=0).cut == 0
    assert P.make_plan(items, FROM, TO, budget=10**9).cut is None
    s = plan.summary()
    assert (s["within_budget"], s["beyond_budget"], s["within_budget_cost_yuan"]) == (3, 5, first3)
    recs = P.records(plan)
    assert [r["rank"] for r in recs] == list(range(1, 9)) and recs[3]["within_budget"] is False
    assert recs[2]["cumulative_cost_yuan"] == first3
    with pytest.raises(P.PlanError, match="budget: -1 is below 0"):
        P.make_plan(items, FROM, TO, budget=-1)


# --------------------------------------------------------------------------- filters
def test_filters_by_district_kind_category():
    items = core_items()
    assert [it.code for it in P.make_plan(items, FROM, TO, districts="点军区").items] == ["JC-0001", "DL-0002",
                                                                                          "DL-0003"]
    assert [it.code for it in P.make_plan(items, FROM, TO, kinds=["drain_pipe", "bridge"]).items] == [
        "QL-0001", "GD-0001", "GD-0002"]
    assert [it.code for it in P.make_plan(items, FROM, TO, categories="minor").items] == ["DL-0002", "DL-0003"]
    both = P.make_plan(items, FROM, TO, budget=2000, districts=["西陵区", "点军区"], categories=["corrective", "minor"])
    assert [it.code for it in both.items] == ["DL-0001", "JC-0001", "JS-0001", "DL-0002", "DL-0003"]
    assert both.cut == 0  # ranks and the cut are computed after filtering
    with pytest.raises(P.PlanError, match="kinds: 'pipe' is not one of"):
        P.make_plan(items, FROM, TO, kinds=["pipe"])
    with pytest.raises(P.PlanError, match="categories: 'emergency' is not one of"):
        P.make_plan(items, FROM, TO, categories="emergency")


@pytest.mark.parametrize("start, end, message", [
    ("2026-02-30", TO, "from: '2026-02-30' is not a date"),
    (FROM, "2025-12-31", "to: 2025-12-31 is before from 2026-01-01"),
    (None, TO, "from: a start date is required"),
])
def test_bad_periods_are_named(start, end, message):
    with pytest.raises(P.PlanError, match=message):
        P.plan_items("road", [ROAD], start, end)


def test_default_end_is_one_year():
    assert P.default_end(dt.date(2026, 1, 1)) == dt.date(2026, 12, 31)
    assert P.default_end(dt.date(2024, 2, 29)) == dt.date(2025, 2, 27)


# --------------------------------------------------------------------------- costs
def test_cost_bases_and_store_overrides():
    costs = P.default_costs()
    assert costs[("road", "minor")] == P.UnitCost("per_m2", 60.0, "default")
    assert P.quantity("per_m", {"length_m": 12.5}) == 12.5
    assert P.quantity("per_m2", {"length_m": 12.5, "width_m": 4}) == 50.0
    assert P.quantity("per_item", {}) == 1.0
    assert P.quantity("per_m2", {"length_m": 12.5}) is None and P.quantity("per_m", {}) is None
    rows = [{"uid": U(90), "facility_kind": "road", "category": "corrective", "basis": "per_m", "unit_cost_yuan": 1000},
            {"uid": U(91), "facility_kind": "road", "category": "corrective", "basis": "per_item",
             "unit_cost_yuan": 99000.5}]
    merged = P.merge_costs(costs, rows)
    assert merged[("road", "corrective")] == P.UnitCost("per_item", 99000.5, U(91))  # the later row wins
    items = {it.code: it for it in core_items(costs=merged)}
    assert (items["DL-0001"].estimated_cost_yuan, items["DL-0001"].quantity) == (99000.5, 1.0)
    no_width = dict(ROAD, width_m=None)
    (item,) = P.plan_items("road", [no_width], FROM, TO)
    assert item.estimated_cost_yuan is None and item.cost_basis == "per_m2"
    assert P.make_plan([item], FROM, TO, budget=0).cut is None  # an unknown cost counts 0
    for bad, message in ((dict(rows[0], facility_kind="street"), "facility_kind 'street' is not a facility kind"),
                         (dict(rows[0], basis="per_km"), "basis 'per_km' is not one of"),
                         (dict(rows[0], unit_cost_yuan=-5), "unit_cost_yuan: -5 is below 0"),
                         (dict(rows[0], category="urgent"), "category 'urgent' is not a maintenance category")):
        with pytest.raises(P.PlanError, match=f"unit_cost row {U(90)}: {message}"):
            P.merge_costs(costs, [bad])


def test_unit_cost_file_prices_every_kind_and_category():
    data = json.loads(P.UNIT_COSTS_FILE.read_text(encoding="utf-8"))
    assert data["version"] and data["currency"] == "CNY"
    assert set(P.default_costs()) == {(k, c) for k in P.S.FACILITY_KINDS for c in P.CATEGORIES}


# --------------------------------------------------------------------------- the store
def fill(s):
    """The hand-built facilities and waterlogging plans, written without audit."""
    with s.audit_suspended():
        for kind, rows in FACILITIES.items():
            s.insert(kind, [dict(r, usage="storm") if kind == "drain_pipe" else dict(r) for r in rows])
        s.insert("waterlogging_plan", [
            dict(uid=U(70), facility_uid=POINT["uid"], facility_kind="waterlogging_point", status="approved",
                 **POINT_PLAN),
            dict(uid=U(71), facility_uid=POINT["uid"], facility_kind="waterlogging_point", status="done",
                 deadline="2024-01-01")])


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "plan.gpkg"))
    fill(s)
    yield s
    s.close()


def digest(store):
    return [(t, store.count(t)) for t in ("maintenance", "audit_log")] + [
        list(store.execute("SELECT * FROM maintenance ORDER BY fid"))]


def test_store_plan_matches_the_hand_built_one(store):
    plan = LP.build_plan(store, FROM, TO)
    assert [(it.code, it.urgency, it.category, it.reason, it.estimated_cost_yuan) for it in plan.items] == EXPECTED
    assert LP.districts(store) == sorted({"西陵区", "伍家岗区", "点军区"})


def test_store_settings_and_unit_costs_are_used(store):
    store_settings.set(store, P.SETTING_WEIGHTS, {"kind": {"bridge": 1.0}})
    store_settings.set(store, P.SETTING_GRADE_CATEGORIES, ["corrective", "major"])
    store.insert("unit_cost", [{"uid": U(80), "facility_kind": "manhole", "category": "corrective",
                                "basis": "per_item", "unit_cost_yuan": 3100}])
    items = {it.code: it for it in LP.build_plan(store, FROM, TO).items}
    assert items["QL-0001"].urgency == 18.0  # 10 × 1.0 × 1.8
    assert "DL-0002" not in items  # a minor grade is no longer a reason
    assert items["JC-0001"].estimated_cost_yuan == 3100
    store_settings.set(store, P.SETTING_WEIGHTS, {"kind": {"bridge": -1}})
    with pytest.raises(P.PlanError, match="planning.weights.kind.bridge"):
        LP.build_plan(store, FROM, TO)


def test_seed_unit_costs_fills_only_what_is_missing(store):
    store.insert("unit_cost", [{"uid": U(80), "facility_kind": "manhole", "category": "corrective",
                                "basis": "per_item", "unit_cost_yuan": 3100}])
    assert LP.seed_unit_costs(store) == len(P.default_costs()) - 1
    assert LP.seed_unit_costs(store) == 0
    assert LP.read_settings(store)["costs"][("manhole", "corrective")].unit_cost_yuan == 3100


def test_accept_writes_planned_records_once(store):
    plan = LP.build_plan(store, FROM, TO, budget=5_392_000)
    result = LP.accept(store, plan.within, "2026年度养护计划")
    assert (result["written"], result["already_planned"]) == (3, 0)
    rows = list(store.rows("maintenance", order_by=["-urgency"]))
    assert [(r["facility_uid"], r["category"], r["reason"], r["status"], r["urgency"], r["due_on"],
             r["estimated_cost_yuan"], r["responsible_unit"], r["plan_ref"], r["work_type"]) for r in rows] == [
        (BRIDGE["uid"], "major", "grade", "planned", 27.0, "2026-03-01", 5_000_000.0, "桥隧中心", "2026年度养护计划",
         "repair"),
        (PIPE["uid"], "corrective", "grade", "planned", 18.0, FROM, 32_000.0, "伍家岗养护中心", "2026年度养护计划",
         "repair"),
        (ROAD["uid"], "corrective", "grade", "planned", ROAD_URGENCY, FROM, 360_000.0, "市政处", "2026年度养护计划",
         "repair")]
    assert store.count("audit_log") == 3  # the planned records are audited like any other
    # re-running the plan shows them as planned; accepting everything adds only the rest
    again = LP.build_plan(store, FROM, TO)
    assert [it.planned_ref for it in again.items[:3]] == ["2026年度养护计划"] * 3
    assert all(it.planned_ref is None for it in again.items[3:])
    second = LP.accept(store, again.items, "2026 补充")
    assert (second["written"], second["already_planned"]) == (5, 3)
    before = digest(store)
    third = LP.accept(store, LP.build_plan(store, FROM, TO).items, "2026 again")
    assert (third["written"], third["already_planned"]) == (0, 8) and digest(store) == before
    # the same item twice in one call is written once
    store.execute("DELETE FROM maintenance")  # noqa: S608 - test reset
    dup = LP.accept(store, [plan.items[0], plan.items[0]], "dup")
    assert (dup["written"], dup["duplicates"]) == (1, 1)


def test_done_work_no_longer_covers(store):
    plan = LP.build_plan(store, FROM, TO)
    LP.accept(store, plan.items[:1], "p1")
    (uid,) = [r["uid"] for r in store.rows("maintenance", columns=["uid"])]
    store.update("maintenance", uid, {"status": "in_progress", "started_on": "2026-01-05"})
    assert LP.accept(store, plan.items[:1], "p2")["written"] == 0  # in progress still covers
    store.update("maintenance", uid, {"status": "done", "finished_on": "2026-01-06"}, validate=False)
    assert LP.accept(store, plan.items[:1], "p3")["written"] == 1
    # a record of another category or reason for the same facility does not cover
    other = dict(P.records(plan)[0], category="minor")
    assert LP.accept(store, [other], "p4")["written"] == 1


@pytest.mark.parametrize("change, row, field, problem", [
    ({"facility_uid": U(999)}, 1, "facility_uid", "names no facility of kind drain_pipe"),
    ({"facility_uid": "not-a-uid"}, 1, "facility_uid", "is not a valid UUID"),
    ({"facility_kind": "street"}, 1, "facility_kind", "is 'street', not a facility kind"),
    ({"category": "emergency"}, 1, "category", "not a category of the plan"),
    ({"reason": "whim"}, 1, "reason", "which is not one of"),
    ({"reason": None}, 1, "reason", "is required"),
    ({"due_on": "2026-13-01"}, 1, "due_on", "is not a real date"),
    ({"estimated_cost_yuan": -1.0}, 1, "estimated_cost_yuan", "below the minimum 0"),
    ({"urgency": -2}, 1, "urgency", "below the minimum 0"),
    ({"responsible_unit": "x" * 201}, 1, "responsible_unit", "longer than 200 characters"),
])
def test_bad_items_write_nothing(store, change, row, field, problem):
    items = P.records(LP.build_plan(store, FROM, TO))
    items[1] = dict(items[1], **change)
    before = digest(store)
    with pytest.raises(ValidationError) as e:
        LP.accept(store, items, "2026")
    assert (e.value.table, e.value.row, e.value.field) == ("maintenance", row, field)
    assert problem in str(e.value)
    assert digest(store) == before


def test_plan_ref_is_required(store):
    items = LP.build_plan(store, FROM, TO).items
    for ref in ("", "   ", None):
        with pytest.raises(ValidationError) as e:
            LP.accept(store, items, ref)
        assert e.value.field == "plan_ref"
    with pytest.raises(ValidationError, match="longer than 80"):
        LP.accept(store, items, "x" * 81)
    assert store.count("maintenance") == 0


# --------------------------------------------------------------------------- the demo city
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    with GpkgStore.open(str(path)) as s:
        assess_network(s, as_of="2025-12-31")
    return path


@pytest.fixture
def demo_store(demo, tmp_path):
    """A writable copy of the assessed demo city."""
    path = tmp_path / "copy.gpkg"
    path.write_bytes(demo.read_bytes())
    with GpkgStore.open(str(path)) as s:
        yield s


def test_sql_prefilter_loses_nothing(demo_store):
    """The store's pre-filtered reads give exactly what core finds in every row."""
    s = demo_store
    built = LP.build_items(s, FROM, TO)
    settings = LP.read_settings(s)
    plans, covered = LP.open_waterlogging_plans(s), LP.covered_records(s)
    full = []
    for kind in P.S.FACILITY_KINDS:
        rows = list(s.rows(kind, columns=[c for c in P.FACILITY_COLUMNS if c in P.S.table(kind).field_names]))
        full += P.plan_items(kind, rows, FROM, TO, weights=settings["weights"], costs=settings["costs"],
                             open_plans=plans, covered=covered)
    assert len(built) > 50 and plans
    assert sorted(built, key=P.PlanItem.sort_key) == sorted(full, key=P.PlanItem.sort_key)
    kinds = {it.facility_kind for it in built}
    assert {"drain_pipe", "road", "manhole"} <= kinds


def test_demo_plan_accept_is_idempotent(demo_store):
    s = demo_store
    plan = LP.build_plan(s, FROM, TO, budget=2_000_000)
    assert plan.cut is not None and 0 < len(plan.within) < len(plan.items)
    urg = [it.urgency for it in plan.items]
    assert urg == sorted(urg, reverse=True)
    before = s.count("maintenance")
    first = LP.accept(s, plan.within, "2026")
    assert first["written"] == len(plan.within) and s.count("maintenance") == before + first["written"]
    again = LP.build_plan(s, FROM, TO, budget=2_000_000)
    assert [it.facility_uid for it in again.items] == [it.facility_uid for it in plan.items]
    assert LP.accept(s, again.within, "2026")["written"] == 0
    assert s.count("maintenance") == before + first["written"]
    pts = LP.representative_points(s, plan.items)
    assert set(pts) == {it.facility_uid for it in plan.items}


def test_representative_points():
    from safe_municipal.core import geometry as geo
    from safe_municipal.layers.gpkg_format import gpkg_blob

    def blob(g):
        return gpkg_blob(geo.to_wkb(g), 4546)

    assert LP.representative_point(blob(("Point", (527783.25, 3397750.5)))) == (527783.25, 3397750.5)
    # an L-shaped line: halfway along it (15 of 30 m), not the centre of its box
    assert LP.representative_point(blob(("LineString", [(0, 0), (20, 0), (20, 10)]))) == (15.0, 0.0)
    assert LP.representative_point(blob(("Polygon", [[(0, 0), (4, 0), (4, 2), (0, 0)]]))) == (2.0, 1.0)

"""Cover case rotation dispatch (综合井盖案件轮派): rules (core.cases) and the store side (layers.cases)."""
import datetime as dt
import random
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_municipal.core import cases as C
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers import store_settings
from safe_municipal.layers.cases import CoverCases
from safe_municipal.layers.gpkg import GpkgStore

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=C.UTC)
BEIJING = dt.timezone(dt.timedelta(hours=8))
X0, Y0 = 527783.0, 3397750.0


def H(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def U(n: int) -> str:
    return str(uuid.UUID(int=n))


def unit(n, order=None, limit=100, active=True):
    return C.Unit(U(1000 + n), f"U{n}", n if order is None else order, limit, active)


def case(n, status="reported", unit_uid=None, reported=None, dispatched=None, responded=None, fixed=None):
    return C.Case(U(n), C.case_code(2026, n), reported or T0 + dt.timedelta(minutes=n), status, unit_uid,
                  dispatched, responded, fixed)


def names(plan, units):
    by_uid = {u.uid: u.name for u in units}
    return [by_uid[a.unit_uid] for a in plan.assignments]


# ---------------------------------------------------------------------------- rotation
def test_first_dispatch_follows_rotation_order():
    units = [unit(3, order=2), unit(1, order=0), unit(2, order=1)]
    plan = C.plan_dispatch(units, [case(i) for i in range(1, 8)], T0 + H(1))
    assert names(plan, units) == ["U1", "U2", "U3", "U1", "U2", "U3", "U1"]
    assert [a.code for a in plan.assignments] == [C.case_code(2026, i) for i in range(1, 8)]
    assert plan.queued == ()


def test_ties_in_rotation_order_go_by_name():
    units = [C.Unit(U(2), "乙队", 0, 5, True), C.Unit(U(1), "B", 0, 5, True), C.Unit(U(3), "A", 1, 5, True)]
    assert [u.name for u in C.rotation(units)] == ["B", "乙队", "A"]


def test_next_unit_after_the_one_that_got_the_last_case():
    units = [unit(1), unit(2), unit(3)]
    earlier = [case(1, "fixed", units[0].uid, dispatched=T0, fixed=T0 + H(1)),
               case(2, "fixed", units[1].uid, dispatched=T0 + H(2), fixed=T0 + H(3)),
               case(3, "closed", units[0].uid, dispatched=T0 + H(1), fixed=T0 + H(2))]
    plan = C.plan_dispatch(units, earlier + [case(10, reported=T0 + H(4))], T0 + H(5))
    assert names(plan, units) == ["U3"]  # U2 had the latest dispatch
    # a batch dispatched together: the last is the last in reported order
    batch = [case(4, "dispatched", units[2].uid, reported=T0, dispatched=T0 + H(6)),
             case(5, "dispatched", units[0].uid, reported=T0 + H(1), dispatched=T0 + H(6))]
    plan = C.plan_dispatch(units, earlier + batch + [case(11, reported=T0 + H(6))], T0 + H(7))
    assert names(plan, units) == ["U2"]


def test_inactive_and_full_units_are_skipped():
    units = [unit(1), unit(2, limit=1), unit(3, active=False), unit(4)]
    busy = [case(1, "responded", units[1].uid, dispatched=T0, responded=T0 + H(1))]  # U2 is at its limit
    plan = C.plan_dispatch(units, busy + [case(i) for i in range(10, 15)], T0 + H(2))
    assert names(plan, units) == ["U4", "U1", "U4", "U1", "U4"]  # after U2 (last): U3 inactive, U4, U1, U2 full
    # fixed and closed cases do not count as open
    done = [case(1, "fixed", units[1].uid, dispatched=T0, fixed=T0 + H(1))]
    plan = C.plan_dispatch(units, done + [case(10), case(11)], T0 + H(2))
    assert names(plan, units) == ["U4", "U1"]  # after U2 (last): U3 inactive, U4; then U1


def test_all_at_limit_queues_with_reason():
    units = [unit(1, limit=1), unit(2, limit=2), unit(3, active=False)]
    plan = C.plan_dispatch(units, [case(i) for i in range(1, 6)], T0 + H(1))
    assert names(plan, units) == ["U1", "U2", "U2"]
    assert [q.code for q in plan.queued] == [C.case_code(2026, 4), C.case_code(2026, 5)]
    reason = plan.queued[0].reason
    assert reason.template == C.REASON_ALL_FULL and "U1 1/1, U2 2/2" in reason
    assert "U3" not in reason  # inactive units are not in the reason


def test_no_active_unit_queues_everything():
    plan = C.plan_dispatch([unit(1, active=False)], [case(1)], T0 + H(1))
    assert plan.assignments == () and plan.queued[0].reason.template == C.REASON_NO_UNIT
    plan = C.plan_dispatch([], [case(1)], T0 + H(1))
    assert plan.queued[0].reason == C.REASON_NO_UNIT


def test_cases_reported_after_now_wait_and_oldest_go_first():
    units = [unit(1), unit(2)]
    cs = [case(1, reported=T0 + H(3)), case(2, reported=T0 + H(1)), case(3, reported=T0 + H(5))]
    plan = C.plan_dispatch(units, cs, T0 + H(4))
    assert [a.code for a in plan.assignments] == [cs[1].code, cs[0].code] and plan.queued == ()


# ---------------------------------------------------------------------------- properties
@settings(max_examples=200, deadline=None)
@given(k=st.integers(1, 8), n=st.integers(0, 60), last=st.integers(-1, 7), inactive=st.sets(st.integers(0, 7)),
       orders=st.lists(st.integers(0, 3), min_size=8, max_size=8))
def test_fairness_counts_differ_by_at_most_one(k, n, last, inactive, orders):
    """N cases over K units, none at its limit: the counts of the active units differ by at most one."""
    units = [unit(i, order=orders[i]) for i in range(k)]
    for i in inactive:
        if i < k:
            units[i] = C.Unit(units[i].uid, units[i].name, units[i].rotation_order, 100, False)
    history = []
    if 0 <= last < k:  # someone had the last case already
        history = [case(9999, "fixed", units[last].uid, dispatched=T0 - H(10), fixed=T0 - H(9))]
    plan = C.plan_dispatch(units, history + [case(i) for i in range(1, n + 1)], T0 + H(10))
    active = [u for u in units if u.active]
    counts = plan.counts()
    if not active:
        assert len(plan.queued) == n
        return
    assert len(plan.assignments) == n and not plan.queued
    per_unit = [counts.get(u.uid, 0) for u in active]
    assert max(per_unit) - min(per_unit) <= 1
    assert all(u.active for u in units if u.uid in counts)


@settings(max_examples=100, deadline=None)
@given(k=st.integers(1, 6), batches=st.lists(st.integers(0, 12), min_size=1, max_size=6))
def test_fairness_holds_for_the_running_total_across_dispatches(k, batches):
    units = [unit(i) for i in range(k)]
    cases, n, now = [], 0, T0
    for size in batches:
        for _ in range(size):
            n += 1
            cases.append(case(n, reported=now))
        now += H(1)
        plan = C.plan_dispatch(units, cases, now)
        by_uid = {a.case_uid: a for a in plan.assignments}
        cases = [C.Case(c.uid, c.code, c.reported_at, "dispatched", by_uid[c.uid].unit_uid, now)
                 if c.uid in by_uid else c for c in cases]
    totals = C.open_counts(cases)
    per_unit = [totals.get(u.uid, 0) for u in units]
    assert sum(per_unit) == n and max(per_unit) - min(per_unit) <= 1


@st.composite
def scenario(draw):
    k = draw(st.integers(1, 5))
    units = [C.Unit(U(1000 + i), f"U{i}", draw(st.integers(0, 3)), draw(st.integers(1, 4)), draw(st.booleans()))
             for i in range(k)]
    cases = []
    for i in range(draw(st.integers(0, 25))):
        status = draw(st.sampled_from(C.STATUSES))
        reported = T0 + dt.timedelta(minutes=draw(st.integers(0, 600)))
        if status == "reported":
            cases.append(case(i + 1, reported=reported))
        else:
            dispatched = reported + dt.timedelta(minutes=draw(st.integers(0, 60)))
            cases.append(case(i + 1, status, draw(st.sampled_from(units)).uid, reported, dispatched))
    return units, cases


@settings(max_examples=200, deadline=None)
@given(data=scenario(), seed=st.integers(0, 2 ** 32 - 1))
def test_dispatch_does_not_depend_on_input_order(data, seed):
    units, cases = data
    now = T0 + H(20)
    plan = C.plan_dispatch(units, cases, now)
    rng = random.Random(seed)
    units2, cases2 = units[:], cases[:]
    rng.shuffle(units2)
    rng.shuffle(cases2)
    assert C.plan_dispatch(units2, cases2, now) == plan
    limits = C.Limits(1.5, 6)
    assert C.unit_statistics(units2, cases2, now, limits) == C.unit_statistics(units, cases, now, limits)
    assert C.overall_statistics(cases2, now, limits) == C.overall_statistics(cases, now, limits)


@settings(max_examples=150, deadline=None)
@given(k=st.integers(1, 5), limits=st.lists(st.integers(1, 4), min_size=5, max_size=5),
       gaps=st.lists(st.integers(0, 90), min_size=0, max_size=25))
def test_one_dispatch_or_one_per_case_gives_the_same_units(k, limits, gaps):
    """Dispatching as each case comes in, or all at once later, assigns the same units (and queues the
    same cases)."""
    units = [unit(i, limit=limits[i]) for i in range(k)]
    reported, t = [], T0
    for g in gaps:
        t += dt.timedelta(minutes=g)
        reported.append(t)
    everything = [case(i + 1, reported=r) for i, r in enumerate(reported)]
    at_once = C.plan_dispatch(units, everything, t + H(1))

    cases, assigned = [], {}
    for c in everything:
        cases.append(c)
        plan = C.plan_dispatch(units, cases, c.reported_at)
        done = {a.case_uid: a for a in plan.assignments}
        assigned.update({u: a.unit_uid for u, a in done.items()})
        cases = [C.Case(x.uid, x.code, x.reported_at, "dispatched", done[x.uid].unit_uid, c.reported_at)
                 if x.uid in done else x for x in cases]
    assert assigned == {a.case_uid: a.unit_uid for a in at_once.assignments}
    assert {q.case_uid for q in at_once.queued} == {c.uid for c in everything if c.uid not in assigned}


# ---------------------------------------------------------------------------- times and limits
def test_defaults_are_two_and_twenty_four_hours():
    assert C.Limits() == C.Limits(2.0, 24.0) == C.Limits.from_value(None) == C.Limits.from_value({})
    assert C.Limits.from_value({"fix_hours": 48}) == C.Limits(2.0, 48.0)
    assert C.Snapping() == C.Snapping(30.0, True)


@pytest.mark.parametrize("value, field", [({"respond_hours": 0}, "respond_hours"), ({"fix_hours": -1}, "fix_hours"),
                                          ({"respond_hours": "2"}, "respond_hours"),
                                          ({"respond_hours": 5, "fix_hours": 4}, "fix_hours"), ([2, 24], "value")])
def test_bad_limits_are_refused(value, field):
    with pytest.raises(ValidationError) as e:
        C.Limits.from_value(value)
    assert (e.value.table, e.value.row, e.value.field) == ("setting", C.LIMITS_KEY, field)


def test_response_and_fix_hours_exact():
    c = case(1, "fixed", U(5), dispatched=T0, responded=T0 + H(1.25), fixed=T0 + H(20.5))
    assert c.response_hours == 1.25 and c.fix_hours == 20.5
    t = C.timing(c, T0 + H(100))
    assert (t.response_hours, t.fix_hours, t.overdue, t.late, t.on_time) == (1.25, 20.5, False, False, True)


def test_overdue_exactly_at_the_limit():
    limits = C.Limits(2, 24)
    c = case(1, "dispatched", U(5), dispatched=T0)
    assert not C.is_overdue(c, T0 + H(2), limits)  # exactly the limit: on time
    ms = dt.timedelta(milliseconds=1)
    t = C.timing(c, T0 + H(2) + ms, limits)
    assert t.overdue and t.respond_overdue and not t.fix_overdue and t.late_response
    # responded in time: no response overdue; the fix limit counts from dispatch
    r = case(1, "responded", U(5), dispatched=T0, responded=T0 + H(1))
    assert not C.is_overdue(r, T0 + H(24), limits)
    t = C.timing(r, T0 + H(24) + ms, limits)
    assert t.fix_overdue and not t.respond_overdue and t.late_fix and not t.late_response
    # a dispatched case past both limits is overdue for both
    t = C.timing(c, T0 + H(25), limits)
    assert t.respond_overdue and t.fix_overdue
    # done cases are never overdue; late when they broke a limit
    late = case(1, "fixed", U(5), dispatched=T0, responded=T0 + H(3), fixed=T0 + H(5))
    t = C.timing(late, T0 + H(100), limits)
    assert not t.overdue and t.late_response and not t.late_fix and not t.on_time
    # queued cases have no timing
    assert C.timing(case(1), T0 + H(100), limits) == C.Timing()


def test_statistics_exact():
    units = [unit(1), unit(2), unit(3, active=False)]
    u1, u2 = units[0].uid, units[1].uid
    now = T0 + H(30)
    cases = [
        case(1, "fixed", u1, dispatched=T0, responded=T0 + H(1), fixed=T0 + H(10)),            # on time
        case(2, "closed", u1, dispatched=T0, responded=T0 + H(3), fixed=T0 + H(20)),           # late response
        case(3, "responded", u1, dispatched=T0 + H(10), responded=T0 + H(11)),                 # open, 20 h: fine
        case(4, "dispatched", u2, dispatched=T0 + H(29)),                                      # open, 1 h: fine
        case(5, "dispatched", u2, dispatched=T0 + H(27)),                                      # 3 h: overdue
        case(6, "responded", u2, dispatched=T0, responded=T0 + H(0.5)),                        # 30 h: overdue
        case(7),                                                                                # queued
        case(8, "fixed", U(77), dispatched=T0, responded=T0 + H(2), fixed=T0 + H(30)),        # unknown unit
    ]
    rows = C.unit_statistics(units, cases, now, C.Limits(2, 24))
    assert [r.unit_name for r in rows] == ["U1", "U2", "U3", U(77)]
    one, two, three, gone = rows
    assert (one.cases, one.open, one.responded, one.fixed) == (3, 1, 3, 2)
    assert one.mean_response_h == pytest.approx(5 / 3) and one.max_response_h == 3.0
    assert (one.mean_fix_h, one.max_fix_h) == (15.0, 20.0)
    assert (one.overdue, one.late, one.on_time, one.on_time_rate) == (0, 1, 1, 0.5)
    assert (two.cases, two.open, two.responded, two.fixed, two.overdue, two.late, two.on_time) == (3, 3, 1, 0, 2, 2, 0)
    assert (two.mean_response_h, two.mean_fix_h, two.on_time_rate) == (0.5, None, 0.0)
    assert (three.cases, three.active, three.on_time_rate, three.mean_response_h) == (0, False, None, None)
    assert (gone.cases, gone.late, gone.max_fix_h, gone.active) == (1, 1, 30.0, False)
    total = C.overall_statistics(cases, now, C.Limits(2, 24))
    assert (total.cases, total.open, total.overdue, total.late, total.on_time) == (7, 4, 2, 4, 1)
    assert total.on_time_rate == 0.2 and total.max_fix_h == 30.0


def test_transitions_check_their_times():
    d = case(1, "dispatched", U(5), dispatched=T0)
    now = T0 + H(5)
    assert C.respond_changes(d, T0 + H(1), now) == {"status": "responded", "responded_at": T0 + H(1)}
    with pytest.raises(ValidationError) as e:
        C.respond_changes(d, T0 - H(1), now)
    assert (e.value.row, e.value.field) == (d.code, "responded_at") and "before the case was dispatched" in str(e.value)
    with pytest.raises(ValidationError, match="in the future"):
        C.respond_changes(d, now + H(1), now)
    assert C.fix_changes(d, T0 + H(3), now) == {"status": "fixed", "fixed_at": T0 + H(3), "responded_at": T0 + H(3)}
    r = case(1, "responded", U(5), dispatched=T0, responded=T0 + H(2))
    with pytest.raises(ValidationError, match="before the case was responded to") as e:
        C.fix_changes(r, T0 + H(1), now)
    assert e.value.field == "fixed_at"
    for status in ("reported", "fixed", "closed"):
        with pytest.raises(ValidationError) as e:
            C.respond_changes(case(1, status), T0, now)
        assert e.value.field == "status"
    with pytest.raises(ValidationError, match="only a dispatched or responded case"):
        C.fix_changes(case(1), T0, now)
    assert C.close_changes(case(1, "fixed")) == C.close_changes(case(1)) == {"status": "closed"}
    with pytest.raises(ValidationError, match="closed once fixed"):
        C.close_changes(d)


def test_case_codes():
    assert C.case_code(2026, 123) == "JG-2026-000123"
    assert C.next_code(["JG-2026-000009", "JG-2025-000500", "X", "JG-2026-00001a"], 2026) == "JG-2026-000010"
    assert C.next_code([], 2027) == "JG-2027-000001"


def test_nearest_is_exact_and_independent_of_order():
    cands = [("JC3", 10.0, 0.0), ("JC1", 0.0, 10.0), ("JC2", 6.0, 8.0), ("JC4", 3.0, 3.0)]
    assert C.nearest(0, 0, cands, 30)[1][0] == "JC4"
    ties = [("JC3", 10.0, 0.0), ("JC1", 0.0, 10.0), ("JC2", 6.0, 8.0)]  # all 10 m: smallest code
    assert C.nearest(0, 0, ties, 30) == (10.0, ("JC1", 0.0, 10.0)) == C.nearest(0, 0, ties[::-1], 30)
    assert C.nearest(0, 0, ties, 9.99) is None and C.nearest(0, 0, ties, 10.0) is not None


# ---------------------------------------------------------------------------- the store
def make_store(path) -> GpkgStore:
    """Three covers in a new GeoPackage store (tests/pg copies it to PostGIS)."""
    s = GpkgStore.create(str(path))
    with s.audit_suspended():
        s.insert("manhole", [
            dict(uid=U(1), code="JC-A", district="西陵区", geom=("Point", (X0, Y0))),
            dict(uid=U(2), code="JC-B", district="伍家岗区", geom=("Point", (X0 + 40, Y0))),
            dict(uid=U(3), code="JC-C", district="点军区", geom=("Point", (X0 + 1000, Y0 + 1000))),
        ])
    return s


@pytest.fixture
def store(tmp_path):
    s = make_store(tmp_path / "cases.gpkg")
    yield s
    s.close()


class Clock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock(T0)


@pytest.fixture
def cc(store, clock):
    return CoverCases(store, clock=clock, tz=BEIJING)


def table_state(store):
    return {t: store.count(t) for t in ("cover_case", "maintenance_unit", "audit_log", "setting")}


def test_register_snaps_to_the_nearest_cover(cc, store):
    reg = cc.register((X0 + 25, Y0 + 5), "missing", source="hotline", description="井盖丢失",
                      reported_at=T0 - H(1))
    assert reg.cover.code == "JC-B" and reg.cover.distance_m == pytest.approx((15 ** 2 + 5 ** 2) ** 0.5)
    row = reg.row
    assert (row["manhole_uid"], row["district"], row["status"], row["code"]) == (U(2), "伍家岗区", "reported",
                                                                                   "JG-2026-000001")
    assert row["reported_at"] == "2026-03-02T07:00:00.000Z"
    from safe_municipal.core.geometry import wkb_points

    assert wkb_points(row["geom"]) == [(X0 + 40, Y0)]  # the case sits on the cover
    assert cc.register((X0 + 19, Y0), "broken").row["manhole_uid"] == U(1)
    assert cc.register((X0 + 20, Y0), "broken").cover.code == "JC-A"  # equally near: the smaller code
    assert [r["code"] for r in store.rows("cover_case", order_by=("fid",))] == [
        "JG-2026-000001", "JG-2026-000002", "JG-2026-000003"]


def test_snapping_uses_the_rtree_envelope(cc, store):
    """Covers outside the envelope are never read: a cover with a broken R-tree entry is not found."""
    store.execute("BEGIN")
    store.execute('UPDATE "rtree_manhole_geom" SET minx = minx + 5000, maxx = maxx + 5000 WHERE id = '
                  '(SELECT fid FROM manhole WHERE code = ?)', ("JC-A",))
    store.execute("COMMIT")
    assert cc.nearest_cover(X0 + 15, Y0).code == "JC-B"  # JC-A (15 m; JC-B 25 m) is invisible to the query
    assert cc.nearest_cover(X0 + 1000, Y0 + 990).code == "JC-C"
    assert cc.nearest_cover(X0 + 500, Y0 + 500) is None


def test_case_numbers_follow_the_local_year(cc, store, clock):
    clock.t = dt.datetime(2026, 1, 1, 1, 0, tzinfo=C.UTC)
    late = cc.register((X0, Y0), "missing", reported_at=dt.datetime(2025, 12, 31, 17, 0, tzinfo=C.UTC))
    assert late.row["code"] == "JG-2026-000001"  # 01:00 on 1 January in Beijing
    prev = cc.register((X0, Y0), "missing", reported_at=dt.datetime(2025, 12, 31, 15, 0, tzinfo=C.UTC))
    assert prev.row["code"] == "JG-2025-000001"
    many = cc.register_many([dict(location=(X0, Y0), problem="missing") for _ in range(3)])
    assert [r.row["code"] for r in many] == ["JG-2026-000002", "JG-2026-000003", "JG-2026-000004"]


@pytest.mark.parametrize("location, field, message", [
    (None, "geom", "needs a location"),
    ((X0 + 300, Y0 + 300), "geom", "not within 30 m of any cover"),
    (("a", "b"), "geom", "is not a point"),
    ((float("nan"), Y0), "geom", "is not a point"),
])
def test_bad_location_writes_nothing(cc, store, location, field, message):
    cc.register((X0, Y0), "missing")
    before = table_state(store)
    with pytest.raises(ValidationError, match=message) as e:
        cc.register_many([dict(location=(X0, Y0), problem="broken"), dict(location=location, problem="missing")])
    assert (e.value.table, e.value.row, e.value.field) == ("cover_case", 1, field)
    assert table_state(store) == before


@pytest.mark.parametrize("item, field", [
    (dict(problem="stolen"), "problem"), (dict(problem=None), "problem"), (dict(problem="missing", source="tv"), "source"),
    (dict(problem="missing", reported_at=T0 + H(1)), "reported_at"),
    (dict(problem="missing", reported_at="yesterday"), "reported_at"), (dict(problem="missing", colour="red"), "colour"),
])
def test_bad_fields_write_nothing(cc, store, item, field):
    before = table_state(store)
    with pytest.raises(ValidationError) as e:
        cc.register_many([dict(location=(X0, Y0), **item)])
    assert (e.value.table, e.value.row, e.value.field) == ("cover_case", 0, field)
    assert table_state(store) == before


def test_snapping_not_required_keeps_the_point(cc, store):
    cc.set_snapping(C.Snapping(tolerance_m=5, required=False))
    reg = cc.register((X0 + 300, Y0 + 300), "other", district="夷陵区")
    assert reg.cover is None and reg.row["manhole_uid"] is None and reg.row["district"] == "夷陵区"
    from safe_municipal.core.geometry import wkb_points

    assert wkb_points(reg.row["geom"]) == [(X0 + 300, Y0 + 300)]
    assert cc.register((X0 + 4, Y0), "other").row["manhole_uid"] == U(1)
    assert store_settings.get(store, C.SNAPPING_KEY) == {"tolerance_m": 5, "required": False}


def test_geographic_store_snaps_in_metres(tmp_path):
    s = GpkgStore.create(str(tmp_path / "wgs.gpkg"), epsg=4326)
    lon, lat = 111.3, 30.7
    s.insert("manhole", [dict(uid=U(1), code="JC-1", geom=("Point", (lon, lat))),
                         dict(uid=U(2), code="JC-2", geom=("Point", (lon + 0.001, lat)))])  # ~96 m east
    cc = CoverCases(s, clock=Clock(T0))
    assert cc.geographic
    assert cc.nearest_cover(lon + 0.0002, lat).code == "JC-1"  # ~19 m
    assert cc.nearest_cover(lon + 0.0005, lat, tolerance_m=30) is None  # ~48 m from both
    assert cc.nearest_cover(lon + 0.0005, lat, tolerance_m=60).code == "JC-1"
    s.close()


def test_dispatch_in_rotation_and_queue(cc, store, clock):
    a = cc.add_unit("一队", open_case_limit=1)
    b = cc.add_unit("二队", open_case_limit=2)
    cc.add_unit("三队", open_case_limit=5, active=False)
    regs = cc.register_many([dict(location=(X0, Y0), problem="missing", reported_at=T0 - H(4 - i))
                             for i in range(4)])
    clock.t = T0 + H(1)
    plan = cc.dispatch()
    assert [(x.code, x.unit_name) for x in plan.assignments] == [
        ("JG-2026-000001", "一队"), ("JG-2026-000002", "二队"), ("JG-2026-000003", "二队")]
    assert [q.code for q in plan.queued] == ["JG-2026-000004"] and "一队 1/1" in plan.queued[0].reason
    rows = {r["code"]: r for r in store.rows("cover_case")}
    assert rows["JG-2026-000001"]["unit_uid"] == a and rows["JG-2026-000002"]["unit_uid"] == b
    assert rows["JG-2026-000001"]["dispatched_at"] == "2026-03-02T09:00:00.000Z"
    assert rows["JG-2026-000004"]["status"] == "reported" and rows["JG-2026-000004"]["unit_uid"] is None
    # one fixed: the queued case goes to the next in turn with room (after 二队 comes 一队)
    cc.mark_fixed([regs[0].row["uid"]])
    clock.t = T0 + H(2)
    plan = cc.dispatch()
    assert [(x.code, x.unit_name) for x in plan.assignments] == [("JG-2026-000004", "一队")]
    assert cc.dispatch().assignments == ()


def test_dispatch_is_one_transaction(cc, store, monkeypatch):
    cc.add_unit("一队", 5)
    cc.add_unit("二队", 5)
    cc.register_many([dict(location=(X0, Y0), problem="missing") for _ in range(3)])
    before = table_state(store)
    real = store.update
    calls = []

    def failing(table, uid, changes, validate=True):
        calls.append(uid)
        if len(calls) == 3:
            raise ValidationError(table, uid, "status", "simulated failure")
        return real(table, uid, changes, validate)

    monkeypatch.setattr(store, "update", failing)
    with pytest.raises(ValidationError, match="simulated"):
        cc.dispatch()
    monkeypatch.undo()
    assert table_state(store) == before
    assert {r["status"] for r in store.rows("cover_case")} == {"reported"}


def test_mark_responded_fixed_closed(cc, store, clock):
    cc.add_unit("一队", 5)
    uid = cc.register((X0, Y0), "broken").row["uid"]
    with pytest.raises(ValidationError, match="only a dispatched case"):
        cc.mark_responded([uid])
    clock.t = T0 + H(1)
    cc.dispatch()
    before = table_state(store)
    with pytest.raises(ValidationError) as e:
        cc.mark_responded([uid], at=T0 + H(0.5))
    assert (e.value.row, e.value.field) == ("JG-2026-000001", "responded_at")
    with pytest.raises(ValidationError) as e:
        cc.mark_responded([uid, U(999)], at=T0 + H(1))
    assert (e.value.row, e.value.field) == (U(999), "uid")
    assert table_state(store) == before  # the good one of the batch was not written either
    clock.t = T0 + H(4)
    assert cc.mark_responded([uid], at=T0 + H(2.5)) == 1
    with pytest.raises(ValidationError, match="before the case was responded to"):
        cc.mark_fixed([uid], at=T0 + H(2))
    cc.mark_fixed([uid])
    row = store.get("cover_case", uid)
    assert (row["status"], row["responded_at"], row["fixed_at"]) == ("fixed", "2026-03-02T10:30:00.000Z",
                                                                      "2026-03-02T12:00:00.000Z")
    c = cc.get_case(uid)
    assert (c.response_hours, c.fix_hours) == (1.5, 3.0)
    cc.close([uid])
    assert store.get("cover_case", uid)["status"] == "closed"
    audit = [r[0] for r in store.execute("SELECT action FROM audit_log WHERE table_name = 'cover_case'")]
    assert audit == ["insert", "update", "update", "update", "update"]


def test_case_list_filters_and_overdue(cc, clock):
    cc.add_unit("一队", 5)
    ids = [r.row["uid"] for r in cc.register_many([dict(location=(X0, Y0), problem="missing") for _ in range(3)])]
    clock.t = T0 + H(0.5)
    cc.dispatch()
    cc.mark_responded([ids[1]])
    cc.mark_fixed([ids[2]])
    cc.register((X0, Y0), "broken")  # queued
    clock.t = T0 + H(2.5)  # 2 h since dispatch
    assert [i.row["code"] for i in cc.case_list("open")] == ["JG-2026-000001", "JG-2026-000002", "JG-2026-000004"]
    assert cc.case_list("overdue") == []
    clock.t = T0 + H(2.6)
    overdue = cc.case_list("overdue")
    assert [(i.row["code"], i.unit_name, i.cover_code) for i in overdue] == [("JG-2026-000001", "一队", "JC-A")]
    assert overdue[0].timing.respond_overdue
    assert [i.row["code"] for i in cc.case_list("all")] == ["JG-2026-000004", "JG-2026-000003", "JG-2026-000002",
                                                             "JG-2026-000001"]
    cc.set_limits(C.Limits(respond_hours=4, fix_hours=8))
    assert cc.case_list("overdue") == []
    assert cc.limits() == C.Limits(4, 8)


def test_statistics_from_the_store(cc, clock):
    a = cc.add_unit("一队", 5)
    cc.add_unit("二队", 5)
    regs = cc.register_many([dict(location=(X0, Y0), problem="missing", reported_at=T0 - H(1)) for _ in range(4)])
    ids = [r.row["uid"] for r in regs]
    clock.t = T0
    cc.dispatch()  # 1, 3 → 一队; 2, 4 → 二队
    clock.t = T0 + H(30)
    cc.mark_fixed([ids[0]], at=T0 + H(1))
    cc.mark_responded([ids[2]], at=T0 + H(3))
    cc.mark_fixed([ids[1]], at=T0 + H(26))
    rows, total = cc.statistics()
    one, two = rows
    assert (one.unit_uid, one.cases, one.open, one.fixed, one.mean_response_h, one.max_response_h) == (a, 2, 1, 1, 2.0, 3.0)
    assert (one.overdue, one.late, one.on_time, one.on_time_rate) == (1, 1, 1, 0.5)
    assert (two.cases, two.open, two.overdue, two.late, two.on_time, two.max_fix_h) == (2, 1, 1, 2, 0, 26.0)
    assert (total.cases, total.overdue, total.late, total.on_time) == (4, 2, 3, 1)
    # the period holds the cases reported on those local days (Beijing): 2 March 15:00 local
    assert cc.statistics(date_from=dt.date(2026, 3, 2), date_to=dt.date(2026, 3, 2))[1].cases == 4
    assert cc.statistics(date_from=dt.date(2026, 3, 3))[1].cases == 0
    assert cc.statistics(date_to=dt.date(2026, 3, 1))[1].cases == 0
    with pytest.raises(ValidationError) as e:
        cc.statistics(date_from=dt.date(2026, 3, 3), date_to=dt.date(2026, 3, 1))
    assert e.value.field == "to"


def test_units_editor(cc, store):
    a = cc.add_unit("一队", 3, district="西陵区", phone="0717-1234567")
    b = cc.add_unit("二队", 3)
    c = cc.add_unit("三队", 3)
    assert [u.name for u in cc.units()] == ["一队", "二队", "三队"]
    assert [u.rotation_order for u in cc.units()] == [0, 1, 2]
    before = table_state(store)
    with pytest.raises(ValidationError) as e:
        cc.add_unit("二队", 3)
    assert (e.value.table, e.value.row, e.value.field) == ("maintenance_unit", "new", "name")
    for bad, field in ((dict(open_case_limit=0), "open_case_limit"), (dict(rotation_order=-1), "rotation_order"),
                       (dict(name="  "), "name")):
        with pytest.raises(ValidationError) as e:
            cc.add_unit(**{"name": "四队", "open_case_limit": 3, **bad})
        assert e.value.field == field
    with pytest.raises(ValidationError) as e:
        cc.update_unit(U(555), open_case_limit=4)
    assert (e.value.row, e.value.field) == (U(555), "uid")
    with pytest.raises(ValidationError) as e:
        cc.update_unit(b, name="一队")
    assert e.value.field == "name"
    assert table_state(store) == before
    assert cc.move_unit(c, -2) and [u.name for u in cc.units()] == ["三队", "一队", "二队"]
    assert not cc.move_unit(c, -1)
    cc.set_active(a, False)
    assert [u.active for u in cc.units()] == [True, False, True]
    cc.update_unit(b, open_case_limit=9, phone="")
    assert store.get("maintenance_unit", b)["open_case_limit"] == 9
    cc.register((X0, Y0), "missing")
    cc.dispatch()  # to 三队, first in turn
    with pytest.raises(ValidationError, match="deactivate the unit"):
        cc.delete_unit(c)
    cc.delete_unit(b)
    assert [u.name for u in cc.units()] == ["三队", "一队"]

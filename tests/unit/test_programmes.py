"""Programmes (issue 5): progress figures from data with exactly known numbers, the rules, bad input, exports.

The store is built here row by row (the demo city gets programme data of its own, with other numbers):

- pipes: 西陵区 P1 1000 m, P2 500 m, P3 250 m; 伍家岗区 P4 2000 m, P5 1500 m; no district P6 (no
  length_m: its geometry is 100 m long) — 5.35 km of network.
- cleaning programme 2025: 2025-01-01 … 2025-04-30, 4 km (西陵区 1.5, 伍家岗区 2.5); a 2024 one.
- anti-settlement programme 2024: 2024-01-01 … 2024-12-31, 3 covers (西陵区 2, 伍家岗区 1).
"""
import datetime as dt
import hashlib
import uuid

import pytest

from safe_municipal.core import programmes as PG
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.export_table import ExportError, read_back, sheet_name, write_table
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.programmes import REPEAT_SETTING, Programmes

X0, Y0 = 527783.0, 3397750.0
TODAY = dt.date(2025, 5, 10)


def U(n: int) -> str:
    return str(uuid.UUID(int=n))


PIPES = {"P1": (U(101), "西陵区", 1000.0), "P2": (U(102), "西陵区", 500.0), "P3": (U(103), "西陵区", 250.0),
         "P4": (U(104), "伍家岗区", 2000.0), "P5": (U(105), "伍家岗区", 1500.0), "P6": (U(106), None, None)}
MANHOLES = {"M1": (U(201), "西陵区"), "M2": (U(202), "西陵区"), "M3": (U(203), "伍家岗区"), "M4": (U(204), "西陵区"),
            "M5": (U(205), "伍家岗区"), "M6": (U(206), "点军区")}
POINTS = {"W1": (U(301), "西陵区"), "W2": (U(302), "伍家岗区"), "W3": (U(303), "点军区")}


def line(i, length):
    y = Y0 + 20.0 * i
    return ("LineString", [(X0, y), (X0 + length, y)])


def make_store(path) -> GpkgStore:
    """The facilities of these tests in a new GeoPackage store (tests/pg copies it to PostGIS)."""
    s = GpkgStore.create(str(path))
    with s.audit_suspended():
        s.insert("drain_pipe", [dict(uid=uid, code=code, name=f"管段{code}", district=d, usage="storm", diameter_mm=600,
                                     length_m=length, geom=line(i, length or 100.0))
                                for i, (code, (uid, d, length)) in enumerate(PIPES.items())])
        s.insert("manhole", [dict(uid=uid, code=code, district=d, cover_type="cast_iron", load_class="C250",
                                  cover_zone="carriageway", geom=("Point", (X0 + 10 * i, Y0 - 50)))
                             for i, (code, (uid, d)) in enumerate(MANHOLES.items())])
        s.insert("rain_inlet", [dict(uid=U(400 + i), code=f"YS{i}", district=d, built_year=y, load_class="C250",
                                     geom=("Point", (X0 + 10 * i, Y0 - 80)))
                                for i, (d, y) in enumerate([("西陵区", 2024), ("西陵区", 2024), ("伍家岗区", 2024),
                                                            ("伍家岗区", 2023), (None, 2025)])])
        s.insert("waterlogging_point", [dict(uid=uid, code=code, name=f"积水点{code}", district=d, status="active",
                                             geom=("Point", (X0 + 100 * i, Y0 + 500)))
                                        for i, (code, (uid, d)) in enumerate(POINTS.items())])
        s.insert("storage_facility", [
            dict(uid=U(501), code="TX1", district="西陵区", capacity_m3=150000.0, pre_lowering_level_m=40.5,
                 geom=("Polygon", [[(X0, Y0), (X0 + 50, Y0), (X0 + 50, Y0 + 50), (X0, Y0)]])),
            dict(uid=U(502), code="TX2", district="西陵区", capacity_m3=100000.0,
                 geom=("Polygon", [[(X0 + 60, Y0), (X0 + 90, Y0), (X0 + 90, Y0 + 50), (X0 + 60, Y0)]])),
            dict(uid=U(503), code="TX3", district="伍家岗区", capacity_m3=150000.0, pre_lowering_level_m=38.0,
                 geom=("Polygon", [[(X0 + 100, Y0), (X0 + 150, Y0), (X0 + 150, Y0 + 50), (X0 + 100, Y0)]])),
        ])
    return s


@pytest.fixture
def store(tmp_path):
    s = make_store(tmp_path / "city.gpkg")
    yield s
    s.close()


@pytest.fixture
def progs(store):  # not "pg": tests/pg_support.py's PostgreSQL cluster fixture has that name
    return Programmes(store, today=TODAY)


def pipe(code):
    return PIPES[code][0]


def cleaning(progs, programme_uid=None, code="P1", on="2025-02-01", **kw):
    """A cleaning written directly (as the archive or a field crew would), not through record_cleaning."""
    row = dict(uid=str(uuid.uuid4()), facility_uid=pipe(code), facility_kind="drain_pipe", category="preventive",
               status="done", started_on=on, finished_on=on, work_type="cleaning", programme_uid=programme_uid)
    row.update(kw)
    progs.store.insert("maintenance", [row])


@pytest.fixture
def cleaning_2025(progs):
    old = progs.create_programme("pipe_cleaning", 2024, "2024-01-01", "2024-04-30", 5.0)
    uid = progs.create_programme("pipe_cleaning", 2025, "2025-01-01", "2025-04-30", 4.0,
                              {"西陵区": 1.5, "伍家岗区": 2.5}, name="2025年汛期前管网清疏")
    assert progs.record_cleaning(uid, [pipe("P1")], "2025-02-10")["skipped"] == []
    assert len(progs.record_cleaning(uid, [pipe("P4")], "2025-03-01")["written"]) == 1
    cleaning(progs, None, "P2", "2025-03-15")  # unlinked, in the window: counts
    cleaning(progs, None, "P3", "2024-12-20")  # unlinked, before the window: does not
    cleaning(progs, old, "P5", "2025-02-01")  # linked to the 2024 programme: does not
    cleaning(progs, uid, "P3", "2025-02-01", status="in_progress", finished_on=None)  # not done
    cleaning(progs, uid, "P6", "2025-02-01", work_type="repair")  # not a cleaning
    return uid


# ---------------------------------------------------------------------------- cleaning
def test_cleaning_progress_exact(progs, cleaning_2025):
    p = progs.cleaning_progress(cleaning_2025)
    assert p.target_km == 4.0
    assert p.cleaned_km == pytest.approx(3.5)  # P1 1.0 + P4 2.0 + P2 0.5
    assert p.percent == pytest.approx(87.5)
    assert p.network_km == pytest.approx(5.35)  # P6 from its geometry (100 m)
    assert (p.cleaned_pipes, p.total_pipes) == (3, 6)
    assert p.cleaned_on == {pipe("P1"): dt.date(2025, 2, 10), pipe("P4"): dt.date(2025, 3, 1),
                            pipe("P2"): dt.date(2025, 3, 15)}
    # overdue: only where the district (or, without one, the programme) is still short of its target
    assert p.short_districts == ("伍家岗区", None)
    assert p.overdue and p.overdue_pipes == 2 and p.days_left == -10 and p.met_on is None
    assert [(r["code"], r["overdue"]) for r in p.remaining] == [("P3", False), ("P5", True), ("P6", True)]
    assert p.state(pipe("P1")) == "cleaned" and p.state(pipe("P5")) == "overdue"
    assert p.state(pipe("P3")) == "not_yet"  # 西陵区 met its 1.5 km
    rows = {r.district: r for r in p.by_district}
    assert list(rows) == ["西陵区", "伍家岗区", None]
    xl, wj, none = rows["西陵区"], rows["伍家岗区"], rows[None]
    assert (xl.target, xl.done, xl.count, xl.overdue, xl.met_on) == (1.5, pytest.approx(1.5), 2, 0,
                                                                     dt.date(2025, 3, 15))
    assert (wj.target, wj.done, wj.remaining, wj.percent) == (2.5, pytest.approx(2.0), pytest.approx(0.5),
                                                              pytest.approx(80.0))
    assert wj.met_on is None and wj.network == pytest.approx(3.5)
    assert none.target is None and none.percent is None and none.network == pytest.approx(0.1)


def test_cleaning_before_the_deadline_is_not_overdue(store, cleaning_2025):
    p = Programmes(store, today=dt.date(2025, 4, 30)).cleaning_progress(cleaning_2025)
    assert not p.overdue and p.overdue_pipes == 0 and p.days_left == 0
    assert {r["overdue"] for r in p.remaining} == {False} and p.state(pipe("P5")) == "not_yet"


def test_late_cleaning_counts_and_meets_the_target(progs, cleaning_2025):
    result = progs.record_cleaning(cleaning_2025, [pipe("P5"), pipe("P1"), pipe("P5")], "2025-05-05")
    assert len(result["written"]) == 1 and result["skipped"] == [pipe("P1")]  # P1 cleaned already; P5 once
    p = progs.cleaning_progress(cleaning_2025)
    assert p.cleaned_km == pytest.approx(5.0) and p.late_pipes == 1
    assert p.met_on == dt.date(2025, 5, 5)  # cumulative 3.5 km, then +1.5 reaches 4 km
    assert {r.district: r.met_on for r in p.by_district}["伍家岗区"] == dt.date(2025, 5, 5)


def test_record_cleaning_writes_linked_done_rows(progs, cleaning_2025):
    rows = list(progs.store.rows("maintenance", "programme_uid = ? AND work_type = 'cleaning' AND status = 'done'",
                              (cleaning_2025,)))
    assert {r["facility_uid"] for r in rows} == {pipe("P1"), pipe("P4")}
    p1 = next(r for r in rows if r["facility_uid"] == pipe("P1"))
    assert (p1["finished_on"], p1["started_on"], p1["facility_kind"]) == ("2025-02-10", "2025-02-10", "drain_pipe")


def count(store, table):
    return store.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def digest(store):
    """What "the store is untouched" compares: a GeoPackage's file bytes; on PostGIS every table's
    rows (layers.store_copy.table_checksums) and the audit log's size."""
    if store.backend == "postgis":
        from safe_municipal.layers.store_copy import table_checksums

        return table_checksums(store), store.count("audit_log")
    return hashlib.sha256(open(store.path, "rb").read()).hexdigest()


@pytest.mark.parametrize("uids, day, field, row", [
    (["P1", "nope"], "2025-03-01", "facility_uid", 1),  # unknown pipe, named by its position
    (["P1", U(999)], "2025-03-01", "facility_uid", 1),
    (["P1"], "2024-12-31", "finished_on", "new"),  # before the programme starts
    (["P1"], "2025-06-01", "finished_on", "new"),  # in the future
    (["P1"], "1 March", "finished_on", "new"),  # not a date
])
def test_record_cleaning_bad_input_writes_nothing(progs, cleaning_2025, uids, day, field, row):
    before = count(progs.store, "maintenance"), count(progs.store, "audit_log")
    with pytest.raises(ValidationError) as e:
        progs.record_cleaning(cleaning_2025, [pipe(u) if u in PIPES else u for u in uids], day)
    assert (e.value.table, e.value.field, e.value.row) == ("maintenance", field, row)
    assert (count(progs.store, "maintenance"), count(progs.store, "audit_log")) == before


def test_record_cleaning_needs_a_cleaning_programme(progs, cleaning_2025):
    covers = progs.create_programme("cover_replacement", 2025, "2025-01-01", "2025-12-31", 10)
    for ref in (covers, U(999), None):
        with pytest.raises(ValidationError) as e:
            progs.record_cleaning(ref, [pipe("P1")], "2025-03-01")
        assert e.value.field == "programme_uid"
    with pytest.raises(ValidationError, match="started_on|finished_on"):
        progs.record_cleaning(cleaning_2025, [pipe("P3")], "2025-03-01", started_on="2025-03-05")


# ---------------------------------------------------------------------------- programmes
def test_create_programme_and_targets(progs, cleaning_2025):
    prog = progs.programme(cleaning_2025)
    assert (prog["kind"], prog["year"], prog["target"], prog["name"]) == ("pipe_cleaning", 2025, 4.0,
                                                                          "2025年汛期前管网清疏")
    assert progs.targets(cleaning_2025) == {"西陵区": 1.5, "伍家岗区": 2.5}
    assert [p["year"] for p in progs.programmes(kind="pipe_cleaning")] == [2025, 2024]
    assert progs.years() == [2025, 2024]
    assert progs.resolve("2025", "pipe_cleaning")["uid"] == cleaning_2025
    assert progs.resolve(cleaning_2025, "pipe_cleaning")["year"] == 2025
    with pytest.raises(ValueError, match="no pipe_cleaning for 2023"):
        progs.resolve("2023", "pipe_cleaning")
    with pytest.raises(ValueError, match="neither a year nor"):
        progs.resolve("abc")


@pytest.mark.parametrize("args, table, field, row", [
    (("pipe_cleaning", 2026, "2026-05-01", "2026-04-30", 4.0), "programme", "deadline", "new"),  # dates out of order
    (("pipe_cleaning", 2026, "2026-01-01", "2026-04-30", -1.0), "programme", "target", "new"),  # negative
    (("pipe_cleaning", 2026, "2027-01-01", "2027-04-30", 4.0), "programme", "starts_on", "new"),  # not in the year
    (("pipe_cleaning", 2025, "2025-01-01", "2025-04-30", 4.0), "programme", "year", "new"),  # exists already
    (("leaf_sweeping", 2026, "2026-01-01", "2026-04-30", 4.0), "programme", "kind", "new"),
    (("pipe_cleaning", 2026, "2026-01-01", "2026-04-30", 4.0, {"西陵区": 1.0, "伍家岗区": -2.0}),
     "programme_target", "target", 1),
    (("pipe_cleaning", 2026, "2026-01-01", "2026-04-30", 4.0, {"西陵区": 1.0, "西陵区 ": 2.0}),
     "programme_target", "district", 1),
    (("pipe_cleaning", 2026, "2026-01-01", "2026-04-30", 4.0, {"": 1.0}), "programme_target", "district", 0),
])
def test_create_programme_bad_input_writes_nothing(progs, cleaning_2025, args, table, field, row):
    before = digest(progs.store)
    counts = count(progs.store, "programme"), count(progs.store, "programme_target")
    with pytest.raises(ValidationError) as e:
        progs.create_programme(*args)
    assert (e.value.table, e.value.field, e.value.row) == (table, field, row)
    assert (count(progs.store, "programme"), count(progs.store, "programme_target")) == counts
    assert digest(progs.store) == before


# ---------------------------------------------------------------------------- covers
def manhole(code):
    return MANHOLES[code][0]


@pytest.fixture
def anti_2024(store):
    progs = Programmes(store, today=dt.date(2024, 12, 31))
    uid = progs.create_programme("anti_settlement_covers", 2024, "2024-01-01", "2024-12-31", 3,
                              {"西陵区": 2, "伍家岗区": 1})
    for code, on in (("M1", "2024-03-10"), ("M2", "2024-05-20"), ("M3", "2024-07-25")):
        progs.record_cover_replacement(manhole(code), on, "wide_rim_anti_settlement", "D400", programme_uid=uid)
    progs.record_cover_replacement(manhole("M4"), "2024-08-01", "ductile_iron", "D400")  # not anti-settlement
    Programmes(store, today=dt.date(2023, 12, 31)).record_cover_replacement(
        manhole("M5"), "2023-12-30", "wide_rim_anti_settlement", "D400")  # the year before
    progs.record_cover_replacement(manhole("M6"), "2024-09-01", "wide_rim_anti_settlement", "D400")  # unlinked, counts
    return uid


def test_cover_progress_and_date_met(store, anti_2024):
    p = Programmes(store, today=dt.date(2024, 12, 31)).cover_progress(anti_2024)
    assert (p.target, p.replaced, p.anti_settlement) == (3.0, 4, 4)  # M1 M2 M3 linked, M6 in the window
    assert p.percent == pytest.approx(400 / 3)
    assert p.met_on == dt.date(2024, 7, 25) and p.months_early == 5 and p.days_early == 159
    rows = {r.district: r for r in p.by_district}
    assert (rows["西陵区"].count, rows["西陵区"].met_on) == (2, dt.date(2024, 5, 20))
    assert (rows["伍家岗区"].count, rows["伍家岗区"].met_on) == (1, dt.date(2024, 7, 25))
    assert (rows["点军区"].count, rows["点军区"].target, rows["点军区"].met_on) == (1, None, None)
    assert (p.inlets_added, p.inlets_by_district) == (3, {"西陵区": 2, "伍家岗区": 1})


def test_cover_replacement_programme_counts_every_new_cover(store, anti_2024):
    progs = Programmes(store, today=dt.date(2024, 12, 31))
    uid = progs.create_programme("cover_replacement", 2024, "2024-01-01", "2024-12-31", 10)
    p = progs.cover_progress(uid)
    # every replacement of 2024 (M1-M4 and M6): links to the anti-settlement programme do not exclude it
    assert (p.replaced, p.anti_settlement, p.met_on) == (5, 4, None)


def test_cover_replacement_updates_the_manhole(store, anti_2024):
    m1 = store.get("manhole", manhole("M1"))
    assert (m1["cover_type"], m1["load_class"], m1["anti_settlement"], m1["cover_replaced_on"]) == (
        "wide_rim_anti_settlement", "D400", 1, "2024-03-10")
    [r] = store.rows("cover_replacement", "facility_uid = ?", (manhole("M1"),))
    assert (r["old_cover_type"], r["old_load_class"], r["new_cover_type"], r["anti_settlement"]) == (
        "cast_iron", "C250", "wide_rim_anti_settlement", 1)
    work = store.get("maintenance", r["maintenance_uid"])
    assert (work["work_type"], work["status"], work["finished_on"], work["programme_uid"]) == (
        "cover_replacement", "done", "2024-03-10", anti_2024)
    # an older replacement recorded later is history only: the manhole keeps its newer cover
    Programmes(store, today=dt.date(2024, 12, 31)).record_cover_replacement(manhole("M1"), "2023-06-01", "composite")
    assert store.get("manhole", manhole("M1"))["cover_type"] == "wide_rim_anti_settlement"


@pytest.mark.parametrize("kwargs, field", [
    (dict(facility_uid=U(999)), "facility_uid"),  # unknown facility
    (dict(replaced_on="2025-01-01"), "replaced_on"),  # in the future
    (dict(replaced_on="2023-12-01", programme="anti"), "replaced_on"),  # before the programme starts
    (dict(new_cover_type="ductile_iron", programme="anti"), "anti_settlement"),  # not anti-settlement
    (dict(new_load_class="Z999"), "new_load_class"),
    (dict(programme="bogus"), "programme_uid"),
    (dict(cost_yuan=-5.0), "cost_yuan"),  # negative
])
def test_cover_replacement_bad_input_writes_nothing(store, anti_2024, kwargs, field):
    progs = Programmes(store, today=dt.date(2024, 12, 31))
    args = dict(facility_uid=manhole("M4"), replaced_on="2024-10-01", new_cover_type="wide_rim_anti_settlement",
                new_load_class="D400")
    programme = kwargs.pop("programme", None)
    args["programme_uid"] = {"anti": anti_2024, "bogus": U(999), None: None}[programme]
    args.update(kwargs)
    before = digest(store)
    with pytest.raises(ValidationError) as e:
        progs.record_cover_replacement(**args)
    assert e.value.field == field
    assert digest(store) == before


def test_months_between():
    assert PG.months_between(dt.date(2024, 7, 20), dt.date(2024, 12, 31)) == 5
    assert PG.months_between(dt.date(2024, 7, 31), dt.date(2024, 12, 30)) == 4
    assert PG.months_between(dt.date(2024, 12, 31), dt.date(2024, 7, 31)) == -5


def test_counts_for_rule():
    prog = {"uid": "p", "starts_on": "2025-01-01", "deadline": "2025-04-30"}
    assert PG.counts_for(prog, "p", "2026-01-01")  # linked: whatever the date
    assert PG.counts_for(prog, None, "2025-04-30") and not PG.counts_for(prog, None, "2025-05-01")
    assert not PG.counts_for(prog, "q", "2025-02-01", {"q"})  # linked to another programme of the kind
    assert PG.counts_for(prog, "x", "2025-02-01", {"q"})  # linked to something else (another kind)


# ---------------------------------------------------------------------------- waterlogging
@pytest.fixture
def waterlogging(progs):
    w1, w2, w3 = (POINTS[k][0] for k in ("W1", "W2", "W3"))

    def event(point, on, depth, minutes=60.0, rp=5.0):
        return dict(uid=str(uuid.uuid4()), facility_uid=point, event_on=on, rainfall_mm=80.0, return_period_yr=rp,
                    max_depth_cm=depth, duration_min=minutes)

    progs.store.insert("waterlogging_event", [
        event(w1, "2024-07-01", 30.0), event(w1, "2025-04-01", 10.0),  # waterlogged, compliant
        event(w2, "2024-06-01", 40.0),
        event(w3, "2023-06-01", 50.0), event(w3, "2024-06-15", 20.0, rp=50.0), event(w3, "2024-08-01", 25.0),
    ])
    a = progs.save_plan({"facility_uid": w1, "cause": "地势低洼", "measures": "新建雨水管", "deadline": "2025-03-01",
                      "status": "in_progress", "responsible_unit": "西陵区城管局"})
    progs.save_plan({"facility_uid": w2, "status": "done", "completed_on": "2025-01-10", "deadline": "2024-12-31"})
    progs.save_plan({"facility_uid": w3, "status": "cancelled", "deadline": "2024-12-31"})
    return a


def test_waterlogging_lists(progs, waterlogging):
    lists = progs.waterlogging_lists(min_events=2, window_days=365)
    assert [p["code"] for p in lists["without_plan"]] == ["W3"]  # its only plan is cancelled
    [late] = lists["overdue"]
    assert (late["point_code"], late["days_overdue"], late["uid"]) == ("W1", 70, waterlogging)
    repeat = {p["code"]: p for p in lists["repeat"]}
    assert set(repeat) == {"W1", "W3"}  # W3's 2023 event is outside the window
    assert (repeat["W1"]["events"], repeat["W1"]["waterlogged"], repeat["W1"]["last_event"]) == (
        2, 1, dt.date(2025, 4, 1))
    # W3 2024-06-15: rain of 50 years, above the design standard (30 for a large city): no shortfall shown
    j = repeat["W3"]["judgements"]
    assert [x.grade for x in j] == ["compliant", "waterlogged"] and j[0].within_design is False
    assert [p["code"] for p in progs.waterlogging_lists(min_events=3, window_days=None)["repeat"]] == ["W3"]
    assert progs.waterlogging_lists(min_events=2, window_days=30)["repeat"] == []


def test_repeat_settings_from_the_store(progs, waterlogging):
    assert progs.repeat_settings() == {"min_events": 2, "window_days": 365}
    progs.set_repeat_settings(3, None)
    assert progs.repeat_settings() == {"min_events": 3, "window_days": None}
    assert [p["code"] for p in progs.waterlogging_lists()["repeat"]] == ["W3"]
    from safe_municipal.layers import store_settings

    assert store_settings.get(progs.store, REPEAT_SETTING) == {"min_events": 3, "window_days": None}
    with pytest.raises(ValidationError):
        progs.set_repeat_settings(0, 10)


def test_gb51222_check_per_event_matches_the_engine(progs, waterlogging):
    from safe_municipal.core.standards import assess

    judged = progs.event_judgements(POINTS["W1"][0])
    assert [j.grade for _, j in judged] == ["waterlogged", "compliant"]
    for event, j in judged:
        expected = assess("GB51222-2017", {"return_period_yr": event["return_period_yr"],
                                           "max_depth_cm": event["max_depth_cm"],
                                           "duration_min": event["duration_min"]})
        assert j.grade == expected.grade
    missing = PG.judge_event({"uid": "x"}, {"uid": "e", "event_on": "2024-01-01", "max_depth_cm": 10})
    assert missing.grade is None and "return_period_yr" in missing.problem


def test_plan_edits_and_bad_input(progs, waterlogging):
    progs.save_plan({"status": "done", "completed_on": "2025-05-01", "sponge_city": True}, waterlogging)
    plan = progs.store.get("waterlogging_plan", waterlogging)
    assert (plan["status"], plan["completed_on"], plan["sponge_city"], plan["cause"]) == ("done", "2025-05-01", 1,
                                                                                        "地势低洼")
    assert progs.waterlogging_lists()["overdue"] == []  # done plans are never overdue
    before = digest(progs.store)
    bad = [
        ({"facility_uid": U(999), "status": "draft"}, None, "facility_uid"),  # unknown point
        ({"facility_uid": PIPES["P1"][0], "status": "draft"}, None, "facility_uid"),  # not a waterlogging point
        ({"facility_uid": POINTS["W2"][0], "status": "draft"}, None, "facility_uid"),  # W2 has an open plan
        ({"status": "done", "completed_on": None}, waterlogging, "completed_on"),
        ({"completed_on": "2025-06-01"}, waterlogging, "completed_on"),  # in the future
        ({"status": "finished"}, waterlogging, "status"),
        ({"colour": "red"}, waterlogging, "colour"),
        ({"status": "draft"}, U(999), "uid"),
    ]
    for values, uid, field in bad:
        with pytest.raises(ValidationError) as e:
            progs.save_plan(values, uid)
        assert e.value.field == field, values
    assert digest(progs.store) == before


# ---------------------------------------------------------------------------- storage and statistics
def test_storage_totals(progs):
    rows, total = PG.storage_totals(progs.storage())
    assert total == {"district": None, "facilities": 3, "capacity_m3": 400000.0, "with_pre_lowering": 2}
    assert [(r["district"], r["capacity_m3"]) for r in rows] == [("西陵区", 250000.0), ("伍家岗区", 150000.0)]
    table = progs.storage_table()
    assert table.matrix(lambda d: d or "-", "合计")[-1] == ["合计", 3, 400000.0, 2]


def test_programme_table(progs, cleaning_2025):
    table = progs.programme_table(cleaning_2025)
    assert [c.key for c in table.columns][:4] == ["district", "target_km", "cleaned_km", "percent"]
    m = table.matrix(lambda d: d or "(none)", "Total")
    assert m[0][:5] == ["西陵区", 1.5, 1.5, 100.0, 0.0]
    assert m[1][:5] == ["伍家岗区", 2.5, 2.0, 80.0, 0.5]
    assert m[2][:4] == ["(none)", None, 0.0, None]
    assert m[-1][:5] == ["Total", 4.0, 3.5, 87.5, 0.5] and m[-1][5] == 3 and m[-1][7] == 2  # overdue: P5, P6


def test_year_table(store, anti_2024, progs):
    # add a 2024 cleaning programme and waterlogging points' plans
    pg24 = Programmes(store, today=dt.date(2024, 12, 31))
    uid = pg24.create_programme("pipe_cleaning", 2024, "2024-01-01", "2024-04-30", 2.0, {"西陵区": 2.0})
    pg24.record_cleaning(uid, [pipe("P1"), pipe("P4")], "2024-03-01")
    pg24.save_plan({"facility_uid": POINTS["W1"][0], "status": "approved", "deadline": "2024-10-01"})
    table = pg24.year_table(2024)
    keys = [c.key for c in table.columns]
    assert keys == ["district", "cleaning_target_km", "cleaning_cleaned_km", "cleaning_percent", "anti_target",
                    "anti_replaced", "anti_percent", "inlets_added", "waterlogging_points", "points_with_plan",
                    "plans_overdue", "storage_m3"]
    rows = {r[0]: dict(zip(keys, r)) for r in table.matrix(lambda d: d or "-", "Total")}
    assert rows["西陵区"]["cleaning_cleaned_km"] == 1.0 and rows["伍家岗区"]["cleaning_cleaned_km"] == 2.0
    assert rows["西陵区"]["anti_replaced"] == 2 and rows["点军区"]["anti_replaced"] == 1
    assert rows["西陵区"]["inlets_added"] == 2 and rows["西陵区"]["plans_overdue"] == 1
    assert rows["点军区"]["waterlogging_points"] == 1 and rows["点军区"]["storage_m3"] == 0.0
    total = rows["Total"]
    assert (total["cleaning_target_km"], total["cleaning_cleaned_km"], total["cleaning_percent"]) == (2.0, 3.0, 150.0)
    assert (total["anti_target"], total["anti_replaced"], total["inlets_added"]) == (3.0, 4, 3)
    assert (total["waterlogging_points"], total["points_with_plan"], total["plans_overdue"]) == (3, 1, 1)
    assert total["storage_m3"] == 400000.0
    # a year without programmes still has its inlets, points and storage
    assert [c.key for c in progs.year_table(2023).columns][1] == "inlets_added"


# ---------------------------------------------------------------------------- export
def test_csv_and_xlsx_round_trip(progs, cleaning_2025, tmp_path):
    table = progs.programme_table(cleaning_2025)
    headers = ["区县", "目标(km)"] + [c.header for c in table.columns[2:]]
    rows = table.matrix(lambda d: d or "（无）", "合计")
    types = [c.type for c in table.columns]
    csv_path = write_table(str(tmp_path / "清疏.csv"), headers, rows, types)
    raw = open(csv_path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf") and "西陵区".encode() in raw  # UTF-8 with BOM for Excel
    h, back = read_back(csv_path)
    assert h == headers and back[0][:4] == ["西陵区", "1.5", "1.5", "100.0"] and back[-1][0] == "合计"
    assert back[2][1] == ""  # no target: an empty cell

    xlsx_path = write_table(str(tmp_path / "清疏.xlsx"), headers, rows, types, sheet="2025: 清疏 [km]")
    from osgeo import ogr

    ds = ogr.Open(xlsx_path)
    assert ds.GetLayer(0).GetName() == sheet_name("2025: 清疏 [km]") == "2025- 清疏 -km-"
    ds = None
    h, back = read_back(xlsx_path)
    assert h == headers
    assert back[0][:4] == ["西陵区", 1.5, 1.5, 100.0] and back[-1][0] == "合计" and back[-1][1] == 4.0
    assert back[-1][5] == 3 and isinstance(back[-1][5], int)
    assert back[2][1] is None
    assert not list(tmp_path.glob("*.writing*"))


def test_export_refuses_bad_names(tmp_path):
    with pytest.raises(ExportError, match="csv or .xlsx"):
        write_table(str(tmp_path / "t.ods"), ["a"], [[1]])
    with pytest.raises(ExportError, match="does not exist"):
        write_table(str(tmp_path / "nowhere" / "t.csv"), ["a"], [[1]])
    with pytest.raises(ExportError, match="2 cells"):
        write_table(str(tmp_path / "t.csv"), ["a", "b"], [[1]])


def test_store_untouched_by_reads(progs, cleaning_2025):
    before = digest(progs.store)
    progs.cleaning_progress(cleaning_2025)
    progs.year_table(2025)
    progs.waterlogging_lists()
    assert digest(progs.store) == before
    from safe_municipal.layers.store_ref import open_store

    with open_store(progs.store.path, writable=False) as other:  # another connection: the writes were committed
        assert other.execute("SELECT count(*) FROM maintenance WHERE work_type = 'cleaning'").fetchone()[0] == 6


# ---------------------------------------------------------------------------- the demo city's 2025 programmes
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from safe_municipal.core.demo import generate

    path = tmp_path_factory.mktemp("demo") / "small.gpkg"
    from safe_municipal.layers.demo_writer import write_demo_city

    write_demo_city(str(path), "small", 1)
    rows: dict = {}
    for table, batch in generate("small", 1):
        rows.setdefault(table, []).extend(batch)
    s = GpkgStore.open(str(path), writable=False)
    yield s, rows
    s.close()


def test_demo_progress_figures_from_the_generated_rows(demo):
    """The store's figures equal what the generator's own rows say, computed here independently."""
    store, rows = demo
    service = Programmes(store, today=dt.date(2025, 12, 31))
    progs = {p["kind"]: p for p in rows["programme"]}
    pipes = {p["uid"]: p for p in rows["drain_pipe"]}
    # cleaning: km of the pipes with a done cleaning linked to the programme or, unlinked, finished in
    # its window (the network's own cleanings after CCTV surveys), each pipe once, by district
    cleaning = progs["pipe_cleaning"]
    cleaned = {w["facility_uid"] for w in rows["maintenance"]
               if w.get("work_type") == "cleaning" and w["status"] == "done"
               and (w.get("programme_uid") == cleaning["uid"]
                    or (w.get("programme_uid") is None
                        and cleaning["starts_on"] <= w["finished_on"] <= cleaning["deadline"]))}
    assert any(w.get("programme_uid") is None and w["facility_uid"] in cleaned for w in rows["maintenance"])
    expected: dict = {}
    for uid in cleaned:
        p = pipes[uid]
        expected[p["district"]] = expected.get(p["district"], 0.0) + p["length_m"] / 1000
    p = service.cleaning_progress(cleaning["uid"])
    assert p.target_km == cleaning["target"]
    assert p.cleaned_km == pytest.approx(sum(expected.values()))
    assert {r.district: r.done for r in p.by_district if r.done} == pytest.approx(expected)
    targets = {t["district"]: t["target"] for t in rows["programme_target"] if t["programme_uid"] == cleaning["uid"]}
    short = tuple(d for d in targets if expected.get(d, 0.0) < targets[d])
    assert p.short_districts == short == ("点军区",)  # the demo's district behind its target
    # covers: the date the plan was met = the day the target-th replacement of the year was made
    covers = progs["cover_replacement"]
    days = sorted(r["replaced_on"] for r in rows["cover_replacement"] if r["programme_uid"] == covers["uid"])
    c = service.cover_progress(covers["uid"])
    assert c.met_on.isoformat() == days[int(covers["target"]) - 1] and c.met_on <= dt.date(2025, 7, 25)
    # 一点一策: the points without a plan are the ones the generator left out
    planned = {r["facility_uid"] for r in rows["waterlogging_plan"]}
    lists = service.waterlogging_lists()
    assert {r["uid"] for r in lists["without_plan"]} == {p["uid"] for p in rows["waterlogging_point"]} - planned
    # storage: the seed's 400,000 m³ at every scale
    assert sum(s["capacity_m3"] for s in rows["storage_facility"]) == pytest.approx(400_000.0)

"""The cover-case tests of the store side (tests/unit/test_cases.py) again, on a PostGIS copy of the
same covers; then what differs on PostGIS: the envelope query on the GiST index, a geographic store,
and two people registering cases at once."""
import uuid

import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from unit.test_cases import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_cases import BEIJING, T0, X0, Y0, Clock, U, make_store

from safe_municipal.layers.cases import CoverCases


@pytest.fixture
def store(tmp_path, pg_copy):
    make_store(tmp_path / "cases.gpkg").close()
    return pg_copy(tmp_path / "cases.gpkg")


# The rules of core.cases without a store: nothing differs on PostGIS (they run in tests/unit).
test_first_dispatch_follows_rotation_order = test_ties_in_rotation_order_go_by_name = None
test_next_unit_after_the_one_that_got_the_last_case = test_inactive_and_full_units_are_skipped = None
test_all_at_limit_queues_with_reason = test_no_active_unit_queues_everything = None
test_cases_reported_after_now_wait_and_oldest_go_first = test_fairness_counts_differ_by_at_most_one = None
test_fairness_holds_for_the_running_total_across_dispatches = test_dispatch_does_not_depend_on_input_order = None
test_one_dispatch_or_one_per_case_gives_the_same_units = test_defaults_are_two_and_twenty_four_hours = None
test_bad_limits_are_refused = test_response_and_fix_hours_exact = test_overdue_exactly_at_the_limit = None
test_statistics_exact = test_transitions_check_their_times = test_case_codes = None
test_nearest_is_exact_and_independent_of_order = None
# SQLite internals: breaks the GeoPackage's R-tree table to show the envelope query is used; on
# PostGIS see test_snapping_uses_the_gist_index below.
test_snapping_uses_the_rtree_envelope = None
# Makes a GeoPackage in EPSG:4326; the PostGIS one is test_geographic_pg_store_snaps_in_metres.
test_geographic_store_snaps_in_metres = None


def test_snapping_uses_the_gist_index(cc, store):
    """The snapping query is an envelope query the GiST index answers (a bitmap/index scan on
    sidx_manhole_geom once sequential scans are discouraged), then the exact distance."""
    store.execute("SET enable_seqscan = off")
    try:
        plan = "\n".join(r[0] for r in store.execute(
            "EXPLAIN SELECT uid::text, code, district, ST_AsBinary(geom) FROM manhole "
            f"WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, {store.epsg})", (X0 - 30, Y0 - 30, X0 + 30, Y0 + 30)))
        assert "sidx_manhole_geom" in plan
    finally:
        store.execute("RESET enable_seqscan")
    assert cc.nearest_cover(X0 + 15, Y0).code == "JC-A"
    assert cc.nearest_cover(X0 + 1000, Y0 + 990).code == "JC-C"
    assert cc.nearest_cover(X0 + 500, Y0 + 500) is None


@pytest.fixture
def wgs_store(store_db):
    """A PostGIS store in EPSG:4326 (its own schema, dropped after)."""
    import psycopg2
    from pg_support import pg_ref

    from safe_municipal.layers import pg_schema, store_ref

    name = f"sm_wgs_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(store_db.dsn)
    try:
        pg_schema.create_schema(conn, 4326, schema=name)
    finally:
        conn.close()
    s = store_ref.open_store(pg_ref(store_db, name))
    yield s
    s.close()
    conn = psycopg2.connect(store_db.dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        conn.close()


def test_geographic_pg_store_snaps_in_metres(wgs_store):
    s = wgs_store
    lon, lat = 111.3, 30.7
    s.insert("manhole", [dict(uid=U(1), code="JC-1", geom=("Point", (lon, lat))),
                         dict(uid=U(2), code="JC-2", geom=("Point", (lon + 0.001, lat)))])  # ~96 m east
    cc = CoverCases(s, clock=Clock(T0))
    assert cc.geographic  # from PostGIS's spatial_ref_sys, not the GeoPackage's table
    assert cc.nearest_cover(lon + 0.0002, lat).code == "JC-1"  # ~19 m
    assert cc.nearest_cover(lon + 0.0005, lat, tolerance_m=30) is None  # ~48 m from both
    assert cc.nearest_cover(lon + 0.0005, lat, tolerance_m=60).code == "JC-1"


def test_two_people_registering_at_once_get_distinct_numbers(store, login):
    """The second registration waits for the first transaction (the case table is held against other
    writers while a number is taken), then numbers after it."""
    import threading

    ivan, eve = login(store, "ivan_inspector"), login(store, "eve_editor")
    a, b = CoverCases(ivan, clock=Clock(T0), tz=BEIJING), CoverCases(eve, clock=Clock(T0), tz=BEIJING)
    got, errors = {}, []
    with ivan.transaction():
        got["ivan"] = a.register((X0, Y0), "missing").row["code"]

        def other():
            try:
                got["eve"] = b.register((X0 + 40, Y0), "broken").row["code"]
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        t = threading.Thread(target=other)
        t.start()
        t.join(1.0)
        assert t.is_alive()  # waiting for ivan's transaction
    t.join(20)
    assert not errors and got == {"ivan": "JG-2026-000001", "eve": "JG-2026-000002"}
    who = dict(store.execute("SELECT code, user_name FROM cover_case c JOIN audit_log a ON a.row_uid = c.uid"))
    assert who == {"JG-2026-000001": "ivan_inspector", "JG-2026-000002": "eve_editor"}

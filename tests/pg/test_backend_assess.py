"""The network assessment tests (tests/unit/test_assess_network.py) again, on a PostGIS copy of the same
demo store, logged in as an editor (sm_editor: the role that may write the facilities' derived fields);
then what only PostGIS has: the audit trigger's 'derived' mode, the role check, the PostGIS write path's
rollback, and the same results as on the GeoPackage."""
import json
import shutil

import pytest
from unit.test_assess_network import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_assess_network import AS_OF, facility_digest

from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.assess import assess_network
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.errors import StoreError
from safe_municipal.layers.gpkg import GpkgStore

EDITOR = "eve_editor"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("assess_pg") / "tiny.gpkg"
    write_demo_city(str(path), "tiny", 1)
    return path


@pytest.fixture
def store(demo_path, pg_copy):
    return pg_copy(demo_path, user=EDITOR)


@pytest.fixture
def twin(demo_path, pg_copy):
    return pg_copy(demo_path, user=EDITOR)


# SQLite internals, GeoPackage only:
test_bulk_attribute_insert_keeps_feature_count = None  # gpkg_ogr_contents and sqlite_master feature-count triggers
test_assessment_writes_are_not_audited_and_triggers_come_back = None  # dropped/restored SQLite triggers,
# sm_meta 'audit' and gpkg_ogr_contents; the PostGIS audit is tested below
test_a_failing_write_rolls_everything_back = None  # the SQLite writer thread and sqlite3.IntegrityError; below
test_triggers_suspended_guards = None  # GpkgStore.triggers_suspended (no such thing on PostGIS)


def audit_setting(store):
    return store.execute("SELECT current_setting('safe_municipal.audit', true)").fetchone()[0]


# --------------------------------------------------------------------------- audit on PostGIS
def test_derived_writes_are_not_audited_but_hand_edits_are(store):
    assert store.role() == "sm_editor"
    before = store.count("audit_log")
    result = assess_network(store, as_of=AS_OF)
    assert result["updated"] > 300 and result["changed"] == store.count("assessment") > 300
    assert store.count("audit_log") == before  # derived fields: the assessment table is their history
    assert {r[0] for r in store.execute("SELECT DISTINCT assessed_by FROM assessment")} == {store.user} == {EDITOR}
    assert audit_setting(store) in (None, "")
    # a hand edit of a grade is audited (with who and the new value)
    pipe = next(store.rows("drain_pipe", "grade IS NOT NULL", columns=["uid", "grade"]))
    new = "IV" if pipe["grade"] != "IV" else "I"
    store.update("drain_pipe", pipe["uid"], {"grade": new})
    assert store.count("audit_log") == before + 1
    who, values = store.execute("SELECT user_name, new_values FROM audit_log WHERE row_uid = ?",
                                (pipe["uid"],)).fetchone()
    assert who == EDITOR and (values if isinstance(values, dict) else json.loads(values))["grade"] == new


def test_inside_a_longer_transaction_only_the_assessment_is_unaudited(store):
    road = next(store.rows("road", columns=["uid", "grade", "name"]))
    before = store.count("audit_log")
    with store.transaction():
        assess_network(store, kinds=["tunnel"], as_of=AS_OF)
        assert audit_setting(store) in (None, "")  # put back for the rest of the caller's transaction
        store.update("road", road["uid"], {"grade": "D" if road["grade"] != "D" else "A"})  # a hand edit
        store.update("road", road["uid"], {"name": "测试路"})
    assert store.count("audit_log") == before + 2
    # in 'derived' mode an update that also changes another field, or the geometry, is audited whole
    pipe = next(store.rows("drain_pipe", columns=["uid", "geom"]))
    with store.transaction():
        store.execute("SELECT set_config('safe_municipal.audit', 'derived', true)")
        store.update("road", road["uid"], {"grade": "B", "notes": "复核"})
        store.update("road", road["uid"], {"grade": "C"})  # derived only: skipped
        store.update("road", road["uid"], {"next_due": "2027-01-01", "recommended_action": "复测"})  # skipped
        store.update("drain_pipe", pipe["uid"], {"grade": "II", "geom": ("LineString", [(0.0, 0.0), (5.0, 5.0)])})
    assert store.count("audit_log") == before + 4
    values = store.execute("SELECT new_values FROM audit_log WHERE row_uid = ?", (pipe["uid"],)).fetchone()[0]
    values = values if isinstance(values, dict) else json.loads(values)
    assert values["geom_changed"] is True and values["grade"] == "II"


def test_derived_mode_is_for_editors_only(demo_path, pg_copy):
    """An inspector may write assessment rows (a record table) but not switch their audit off."""
    store = pg_copy(demo_path, user="ivan_inspector")
    fac = next(store.rows("drain_pipe", columns=["uid"]))["uid"]
    before = store.count("audit_log")
    with store.transaction():
        store.execute("SELECT set_config('safe_municipal.audit', 'derived', true)")
        store.insert("assessment", [{"uid": "0e4b6f1c-6f67-4d8e-9a51-2b5d0c9f0a11", "facility_uid": fac,
                                     "facility_kind": "drain_pipe", "assessed_on": "2025-12-31", "grade": "II"}])
    assert store.count("audit_log") == before + 1


@pytest.mark.parametrize("user, role", [("ivan_inspector", "sm_inspector"), ("alice_viewer", "sm_viewer")])
def test_roles_without_editor_rights_are_refused_clearly(demo_path, pg_copy, user, role):
    store = pg_copy(demo_path, user=user)
    before = (store.count("assessment"), store.count("audit_log"), facility_digest(store))
    with pytest.raises(StoreError) as e:
        assess_network(store, as_of=AS_OF)
    text = str(e.value)
    assert user in text and role in text and "sm_editor" in text
    assert (store.count("assessment"), store.count("audit_log"), facility_digest(store)) == before


def test_a_failing_write_rolls_everything_back_on_postgis(store, monkeypatch):
    from safe_municipal.layers import assess as A

    monkeypatch.setattr(A, "CHUNK", 50)
    real_job = A._PgDerivedWrites.job
    calls = []

    def job(self, new_rows, updates):
        run = real_job(self, new_rows, updates)
        calls.append(1)
        if len(calls) == 3:  # the third chunk is written, then a row breaks a CHECK constraint
            def broken(conn):
                run(conn)
                store.execute("INSERT INTO assessment (uid, facility_uid, facility_kind, assessed_on, category) "
                              "VALUES (gen_random_uuid(), gen_random_uuid(), 'drain_pipe', '2025-01-01', 'bad')")
            return broken
        return run

    monkeypatch.setattr(A._PgDerivedWrites, "job", job)
    before = (store.count("assessment"), store.count("audit_log"), facility_digest(store))
    with pytest.raises(ValidationError, match="category"):
        assess_network(store, as_of=AS_OF)
    assert len(calls) >= 3
    assert (store.count("assessment"), store.count("audit_log"), facility_digest(store)) == before
    assert audit_setting(store) in (None, "")
    assert assess_network(store, as_of=AS_OF)["changed"] > 300  # the store is usable afterwards


# --------------------------------------------------------------------------- same results as the GeoPackage
def _assessments(store):
    out = {}
    for r in store.rows("assessment"):
        key = r["facility_uid"]
        assert key not in out
        out[key] = (r["facility_kind"], r["as_of"], r["standard"], r["inspection_uid"],
                    *(json.loads(r[k]) if r[k] is not None else None for k in ("indices", "grades", "options")),
                    r["grade"], r["category"], r["action"], r["next_due"])
    return out


def _derived(store):
    from safe_municipal.core import schema as S
    from safe_municipal.layers.assess import FACILITY_FIELDS

    return {(k, r["uid"]): tuple(r[f] for f in FACILITY_FIELDS)
            for k in S.FACILITY_KINDS for r in store.rows(k, columns=["uid", *FACILITY_FIELDS])}


def test_same_results_as_on_the_geopackage(demo_path, store, tmp_path):
    gpkg = tmp_path / "same.gpkg"
    shutil.copyfile(demo_path, gpkg)
    with GpkgStore.open(str(gpkg)) as g:
        on_gpkg = assess_network(g, as_of=AS_OF)
        rows_gpkg, derived_gpkg = _assessments(g), _derived(g)
    on_pg = assess_network(store, as_of=AS_OF)
    for key in ("assessed", "changed", "updated", "skipped", "by_kind", "by_grade", "skipped_facilities"):
        assert on_pg[key] == on_gpkg[key], key
    assert _assessments(store) == rows_gpkg
    assert _derived(store) == derived_gpkg
